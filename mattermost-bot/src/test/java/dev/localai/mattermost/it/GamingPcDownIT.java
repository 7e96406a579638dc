package dev.localai.mattermost.it;

import dev.localai.standins.mattermost.ChatPost;
import dev.localai.standins.mattermost.SlashOutcome;
import io.restassured.RestAssured;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The packaged bot when the gaming PC does not answer, then is off: a clear reply within the call's timeout, never a hang. */
@QuarkusIntegrationTest
@QuarkusTestResource(value = WithSilentGamingPc.class, restrictToAnnotatedClass = true)
class GamingPcDownIT {

    @InjectStack
    Stack stack;

    @Test
    void aSilentPcGetsATimeoutReplyAnOffPcAClearOneAndRepeatedFailuresAreHeldBack() throws Exception {
        assertTrue(stack.mattermost.awaitConnected(stack.bot, Stack.WAIT));

        stack.mattermost.command("gaming", "http://127.0.0.1:" + RestAssured.port + "/slash", Stack.SLASH_TOKEN);
        SlashOutcome slow = stack.mattermost.runCommand(stack.alice, stack.townSquare(), "gaming", "status");
        assertEquals("⏳ Working on it…", slow.text(), "a slow answer is not kept waiting on");
        ChatPost later = stack.mattermost.awaitAnyPost(p -> p.message().contains("did not answer within 1.5 s"), Stack.WAIT)
                .orElseThrow(() -> new AssertionError("no late answer: " + stack.mattermost.ephemeralPosts()));
        assertEquals(stack.alice.id(), later.userId(), "the late answer, through the response_url, shown to alice");

        ChatPost silent = stack.awaitAnswer(stack.say(stack.alice, "@tayne gaming status"));
        assertTrue(silent.message().contains("The gaming PC did not answer within 1.5 s: it may be asleep or busy."),
                silent.message());
        assertTrue(silent.message().contains("| RTX 3090 (gaming PC) | unreachable (asleep?) |"), silent.message());

        stack.silentPc().close();
        ChatPost off = stack.awaitAnswer(stack.say(stack.alice, "@tayne gaming mode on"));
        assertTrue(off.message().startsWith("I can't reach the gaming PC at " + stack.silentPc().url()
                + ": it is probably asleep or switched off (connection refused). Nothing changed."), off.message());

        String held = null;
        for (int ask = 0; ask < 5 && held == null; ask++) {
            String reply = stack.awaitAnswer(stack.say(stack.alice, "@tayne gaming status")).message();
            assertTrue(reply.contains("can't reach") || reply.contains("failed several times"), reply);
            held = reply.contains("The gaming PC failed several times in a row, so I'm not calling it") ? reply : null;
        }
        assertTrue(held != null, "after repeated failures the bot stops waiting on the PC");
        assertTrue(stack.metric("mattermost_bot_commands_total{command=\"gaming-status\",outcome=\"timeout\"}") >= 1);
        assertTrue(stack.metric("mattermost_bot_commands_total{command=\"gaming-mode-on\",outcome=\"failed\"}") >= 1);
    }
}
