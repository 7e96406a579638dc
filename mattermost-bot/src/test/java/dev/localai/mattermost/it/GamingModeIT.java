package dev.localai.mattermost.it;

import dev.localai.standins.mattermost.ChatPost;
import dev.localai.standins.mattermost.SlashOutcome;
import dev.localai.standins.mattermost.SocketOpen;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged bot against the Mattermost stand-in and the real, packaged gaming-pc-manager: what a household
 * sees in a channel.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = WithGamingPc.class, restrictToAnnotatedClass = true)
class GamingModeIT {

    @InjectStack
    Stack stack;

    @BeforeEach
    void connected() {
        assertTrue(stack.mattermost.awaitConnected(stack.bot, Stack.WAIT), "the bot has its WebSocket open");
    }

    @AfterEach
    void gamingModeOff() {
        given().baseUri(stack.gamingPcUrl()).header("Authorization", "Bearer " + Stack.PC_TOKEN)
                .contentType("application/json").body("{\"enabled\":false}").post("/gaming-mode").then().statusCode(200);
        stack.mattermost.reset();
    }

    private boolean gamingMode() {
        return given().baseUri(stack.gamingPcUrl()).get("/status").then().statusCode(200).extract().path("gaming_mode");
    }

    @Test
    void gamingModeOnUnloadsTheBigModelStatusSaysSinceWhenAndWhyAndOffGivesTheGpuBack() {
        given().baseUri(stack.gamingPcUrl()).contentType("application/json")
                .body("{\"model\":\"demo-tiny\",\"max_tokens\":2,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .post("/v1/chat/completions").then().statusCode(200);

        ChatPost on = stack.say(stack.alice, "@tayne gaming mode on");
        ChatPost switched = stack.awaitAnswer(on);
        assertEquals(on.id(), switched.rootId(), "the reply is in the post's thread");
        assertTrue(switched.message().contains("Gaming mode is **on**"), switched.message());
        assertTrue(switched.message().contains("Unloaded `demo-tiny`"), switched.message());
        assertTrue(gamingMode());

        ChatPost status = stack.awaitAnswer(stack.say(stack.alice, "@tayne gaming status"));
        assertTrue(status.message().contains("Gaming mode is on** since"), status.message());
        assertTrue(status.message().contains("(manual)"), status.message());
        assertTrue(status.message().contains("| RTX 3070 (home server) | available |"), status.message());
        assertTrue(status.message().contains("| RTX 3090 (gaming PC) | gated: force-big only"), status.message());
        assertTrue(status.message().contains("| OpenCode | available |"), status.message());
        assertTrue(status.message().contains("`demo-tiny` not loaded"), status.message());

        ChatPost off = stack.awaitAnswer(stack.say(stack.alice, "@tayne gaming mode off"));
        assertTrue(off.message().contains("Gaming mode is **off**"), off.message());
        assertTrue(!gamingMode());
        assertTrue(stack.metric("mattermost_bot_commands_total{command=\"gaming-mode-on\",outcome=\"ok\"}") >= 1);
    }

    private static String connectionId() {
        return given().get("/q/health/ready").then().statusCode(200).extract()
                .path("checks.find { it.name == 'mattermost' }.data.connection_id");
    }

    @Test
    void aDroppedSocketIsResumedAndAPostMadeMeanwhileIsAnsweredOnce() throws Exception {
        String before = connectionId();
        int opened = stack.mattermost.socketOpens().size();
        assertEquals(1, stack.mattermost.dropSockets());
        ChatPost meanwhile = stack.say(stack.alice, "@tayne gaming status");
        assertTrue(stack.mattermost.awaitSocketOpens(opened + 1, Stack.WAIT), "the bot reconnects");
        SocketOpen resumed = stack.mattermost.socketOpens().get(opened);
        assertEquals(before, resumed.askedConnectionId(), "it asks to resume its connection");
        assertTrue(resumed.outcome() == SocketOpen.Outcome.RESUMED || resumed.outcome() == SocketOpen.Outcome.REPLAYED,
                resumed.toString());
        assertTrue(stack.awaitAnswer(meanwhile).message().contains("Gaming mode is off"));

        ChatPost next = stack.awaitAnswer(stack.say(stack.alice, "@tayne gaming mode on"));
        assertTrue(next.message().contains("Gaming mode is **on**"), "the next command still works: " + next.message());
        assertEquals(1, stack.answers(meanwhile).size(), "answered once");
        assertEquals(1.0, stack.metric("mattermost_bot_websocket_connected"));
        assertTrue(stack.metric("mattermost_bot_websocket_reconnects_total") >= 1);
        assertTrue(stack.metric("mattermost_bot_reply_seconds_count{command=\"gaming-status\"}") >= 1);
    }

    @Test
    void aServerThatForgotTheConnectionGivesANewIdAndTheLogSaysEventsWereLost() throws Exception {
        double lost = stack.metric("mattermost_bot_websocket_events_lost_total");
        int opened = stack.mattermost.socketOpens().size();
        stack.mattermost.forgetConnections();
        assertTrue(stack.mattermost.awaitSocketOpens(opened + 1, Stack.WAIT));
        SocketOpen renewed = stack.mattermost.socketOpens().get(opened);
        assertTrue(renewed.askedConnectionId() != null, "it asked to resume");
        assertEquals(SocketOpen.Outcome.NEW, renewed.outcome(), "but the server knew it no more");
        stack.awaitMetric("mattermost_bot_websocket_events_lost_total", lost + 1);
        awaitLog("Mattermost gave a new WebSocket connection (" + renewed.connectionId() + ", was "
                + renewed.askedConnectionId() + "): events sent while the bot was disconnected were lost");
        assertTrue(stack.awaitAnswer(stack.say(stack.alice, "@tayne gaming status")).message().contains("Gaming mode is off"));
    }

    private static void awaitLog(String text) throws Exception {
        Path log = Path.of("target", "quarkus.log");
        long deadline = System.nanoTime() + Stack.WAIT.toNanos();
        while (!Files.readString(log).contains(text)) {
            assertTrue(System.nanoTime() < deadline, "the log says: " + text);
            Thread.sleep(50);
        }
    }

    @Test
    void aSocketThatStopsAnsweringPingsIsGivenUpAndTheBotConnectsAgain() {
        int opened = stack.mattermost.socketOpens().size();
        stack.mattermost.answerPings(false);
        assertTrue(stack.mattermost.awaitSocketOpens(opened + 1, Stack.WAIT), "a new socket after unanswered pings");
        stack.mattermost.answerPings(true);
        assertTrue(stack.awaitAnswer(stack.say(stack.alice, "@tayne gaming status")).message().contains("Gaming mode is off"));
    }

    @Test
    void aPostThatArrivesAgainAsANewEventIsNotAnsweredTwice() throws Exception {
        ChatPost question = stack.say(stack.alice, "@tayne help");
        stack.awaitAnswer(question);
        double seen = stack.metric("mattermost_bot_posts_ignored_total{reason=\"seen\"}");
        stack.mattermost.repeatOnNextResume(4);
        stack.mattermost.dropSockets();
        stack.awaitMetric("mattermost_bot_posts_ignored_total{reason=\"seen\"}", seen + 1);
        assertEquals(1, stack.answers(question).size());
    }

    @Test
    void theBotsOwnPostEchoedBackIsIgnoredThoughItMentionsTheBot() throws Exception {
        double own = stack.metric("mattermost_bot_posts_ignored_total{reason=\"own\"}");
        ChatPost help = stack.awaitAnswer(stack.say(stack.alice, "@tayne help"));
        assertTrue(help.message().contains("I'm @tayne"), "the help text mentions the bot: " + help.message());
        stack.awaitMetric("mattermost_bot_posts_ignored_total{reason=\"own\"}", own + 1);
        assertEquals(1, stack.mattermost.postsBy(stack.bot).size(), "no answer to its own post");
    }

    @Test
    void aPostThatDoesNotMentionTheBotIsIgnored() throws Exception {
        double notMentioned = stack.metric("mattermost_bot_posts_ignored_total{reason=\"not-mentioned\"}");
        ChatPost plain = stack.say(stack.alice, "gaming mode on");
        stack.awaitMetric("mattermost_bot_posts_ignored_total{reason=\"not-mentioned\"}", notMentioned + 1);
        assertEquals(0, stack.answers(plain).size());
        assertTrue(!gamingMode());
    }

    @Test
    void aDirectMessageNeedsNoMention() {
        ChatPost asked = stack.mattermost.post(stack.alice, stack.mattermost.direct(stack.alice, stack.bot), "gaming status");
        ChatPost answer = stack.awaitAnswer(asked);
        assertEquals(asked.channelId(), answer.channelId());
        assertTrue(answer.message().contains("Gaming mode is off"), answer.message());
    }

    @Test
    void aUserWhoMayNotSwitchGamingModeIsRefusedPolitelyAndTheLogSaysWhoTried() throws Exception {
        ChatPost refused = stack.awaitAnswer(stack.say(stack.bob, "@tayne gaming mode on"));
        assertTrue(refused.message().startsWith("Sorry @bob, I only take that from @alice"), refused.message());
        assertTrue(!gamingMode(), "nothing changed");
        awaitLog("refused gaming-mode-on from @bob (user id " + stack.bob.id() + ") in town-square");
        assertTrue(stack.metric("mattermost_bot_commands_total{command=\"gaming-mode-on\",outcome=\"refused\"}") >= 1);
    }

    @Test
    void theSlashCommandChecksItsTokenAndAnswersAsMattermostExpects() {
        String url = "http://127.0.0.1:" + RestAssured.port + "/slash";
        stack.mattermost.command("gaming", url, Stack.SLASH_TOKEN);
        SlashOutcome status = stack.mattermost.runCommand(stack.bob, stack.townSquare(), "gaming", "status");
        assertEquals(200, status.status());
        assertEquals("ephemeral", status.responseType());
        assertTrue(status.text().contains("Gaming mode is off"), status.text());

        SlashOutcome on = stack.mattermost.runCommand(stack.alice, stack.townSquare(), "gaming", "on");
        assertEquals("in_channel", on.responseType(), "the channel sees the switch");
        assertTrue(on.text().contains("Gaming mode is **on**"), on.text());
        assertTrue(gamingMode());
        assertEquals("ephemeral", stack.mattermost.runCommand(stack.bob, stack.townSquare(), "gaming", "off").responseType());

        stack.mattermost.command("gaming", url, "not-the-token");
        assertEquals(401, stack.mattermost.runCommand(stack.alice, stack.townSquare(), "gaming", "off").status());
        assertTrue(gamingMode(), "refused: unchanged");
        given().get("/q/health/ready").then().statusCode(200).body("checks.find { it.name == 'mattermost' }.data.bot",
                equalTo("@tayne"));
    }
}
