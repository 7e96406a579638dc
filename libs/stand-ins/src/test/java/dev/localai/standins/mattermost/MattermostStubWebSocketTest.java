package dev.localai.standins.mattermost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.localai.standins.server.OneStubPerClass;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stub's WebSocket, read with the JDK's WebSocket client, against Mattermost's docs and server code. */
class MattermostStubWebSocketTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static ChatUser bot;
    private static ChatUser alice;

    @RegisterExtension
    static final OneStubPerClass<MattermostStub> MATTERMOST = new OneStubPerClass<>(() -> {
        MattermostStub stub = MattermostStub.start();
        bot = stub.bot("tayne");
        alice = stub.user("alice");
        return stub;
    }, MattermostStub::reset);

    private final MattermostStub stub = MATTERMOST.get();
    private final List<WsClient> clients = new ArrayList<>();

    @AfterEach
    void closeClients() {
        clients.forEach(WsClient::close);
        stub.forgetConnections();
    }

    private WsClient open(String query, String token) throws Exception {
        WsClient client = WsClient.open(stub.baseUrl(), query, token);
        clients.add(client);
        return client;
    }

    private static JsonNode post(JsonNode posted) throws Exception {
        assertTrue(posted.path("data").path("post").isTextual(), "data.post is a JSON string: " + posted);
        return JSON.readTree(posted.path("data").path("post").asText());
    }

    @Test
    void aBearerHeaderAuthenticatesAtOnceAndHelloComesFirstWithSeqZero() throws Exception {
        WsClient socket = open(null, bot.token());
        JsonNode hello = socket.next();
        assertEquals("hello", hello.path("event").asText());
        assertEquals(0, hello.path("seq").asInt());
        assertEquals(26, hello.path("data").path("connection_id").asText().length());
        assertFalse(hello.path("data").path("server_version").asText().isEmpty());
        assertEquals(bot.id(), hello.path("broadcast").path("user_id").asText());
    }

    @Test
    void postedCarriesThePostAsAStringAndMentionsOnlyOnTheMentionedUsersConnection() throws Exception {
        WsClient botSocket = open(null, bot.token());
        WsClient aliceSocket = open(null, alice.token());
        botSocket.next();
        aliceSocket.next();
        ChatPost sent = stub.post(alice, stub.townSquare(), "@tayne gaming status");

        JsonNode toBot = botSocket.next();
        assertEquals("posted", toBot.path("event").asText());
        assertEquals(1, toBot.path("seq").asInt());
        assertEquals(sent.id(), post(toBot).path("id").asText());
        assertEquals("@tayne gaming status", post(toBot).path("message").asText());
        assertEquals("O", toBot.path("data").path("channel_type").asText());
        assertEquals("town-square", toBot.path("data").path("channel_name").asText());
        assertEquals("@alice", toBot.path("data").path("sender_name").asText());
        assertEquals("[\"" + bot.id() + "\"]", toBot.path("data").path("mentions").asText());
        assertEquals(stub.townSquare().id(), toBot.path("broadcast").path("channel_id").asText());

        JsonNode echo = aliceSocket.next();
        assertEquals(sent.id(), post(echo).path("id").asText(), "the author gets its own post back");
        assertTrue(echo.path("data").path("mentions").isMissingNode());
    }

    @Test
    void aDirectMessageMentionsTheOtherPartyWithoutAnAtName() throws Exception {
        WsClient socket = open(null, bot.token());
        socket.next();
        stub.post(alice, stub.direct(alice, bot), "gaming mode on");
        JsonNode posted = socket.next();
        assertEquals("D", posted.path("data").path("channel_type").asText());
        assertEquals("[\"" + bot.id() + "\"]", posted.path("data").path("mentions").asText());
    }

    @Test
    void aResumeReplaysFromTheDeadQueueThenWhatWasBroadcastMeanwhileWithoutHello() throws Exception {
        WsClient first = open(null, bot.token());
        String connection = first.next().path("data").path("connection_id").asText();
        stub.post(alice, stub.townSquare(), "one");
        assertEquals(1, first.next().path("seq").asInt());
        assertEquals(1, stub.dropSockets());
        assertEquals(1006, first.awaitClosed(Duration.ofSeconds(5)), "TCP closed without a close frame (abnormal closure)");
        stub.post(alice, stub.townSquare(), "two");

        WsClient again = open("connection_id=" + connection + "&sequence_number=1", bot.token());
        JsonNode replayed = again.next();
        assertEquals(1, replayed.path("seq").asInt());
        assertEquals("one", post(replayed).path("message").asText(), "seq 1 was still in the dead queue");
        JsonNode missed = again.next();
        assertEquals(2, missed.path("seq").asInt());
        assertEquals("two", post(missed).path("message").asText());
        assertNull(again.poll(Duration.ofMillis(200)), "no hello on a resume");
        assertEquals(SocketOpen.Outcome.REPLAYED, stub.socketOpens().get(1).outcome());
    }

    @Test
    void aResumeThatMissedNothingContinuesTheSequence() throws Exception {
        WsClient first = open(null, bot.token());
        String connection = first.next().path("data").path("connection_id").asText();
        stub.dropSockets();
        WsClient again = open("connection_id=" + connection + "&sequence_number=1", bot.token());
        stub.post(alice, stub.townSquare(), "after");
        assertEquals(1, again.next().path("seq").asInt());
        assertEquals(SocketOpen.Outcome.RESUMED, stub.socketOpens().get(1).outcome());
    }

    @Test
    void lostEventsOrAForgottenConnectionGiveANewConnectionIdAndHello() throws Exception {
        WsClient first = open(null, bot.token());
        String connection = first.next().path("data").path("connection_id").asText();
        stub.post(alice, stub.townSquare(), "one");
        first.next();
        stub.dropSockets();
        WsClient lost = open("connection_id=" + connection + "&sequence_number=7", bot.token());
        JsonNode hello = lost.next();
        assertEquals("hello", hello.path("event").asText());
        assertEquals(0, hello.path("seq").asInt());
        String renewed = hello.path("data").path("connection_id").asText();
        assertNotEquals(connection, renewed);
        assertEquals(SocketOpen.Outcome.LOST, stub.socketOpens().get(1).outcome());

        stub.forgetConnections();
        WsClient restarted = open("connection_id=" + renewed + "&sequence_number=1", bot.token());
        JsonNode fresh = restarted.next();
        assertEquals("hello", fresh.path("event").asText());
        assertNotEquals(renewed, fresh.path("data").path("connection_id").asText());
    }

    @Test
    void aConnectionIdWithoutSequenceNumberClosesTheSocket() throws Exception {
        WsClient socket = open("connection_id=" + "a".repeat(26), bot.token());
        socket.awaitClosed(Duration.ofSeconds(5));
        assertEquals(SocketOpen.Outcome.CLOSED, stub.socketOpens().get(0).outcome());
    }

    @Test
    void pingIsAnsweredWithPongAndActionsNeedASeq() throws Exception {
        WsClient socket = open(null, bot.token());
        socket.next();
        socket.send("{\"action\":\"ping\",\"seq\":1}");
        JsonNode pong = socket.next();
        assertEquals("OK", pong.path("status").asText());
        assertEquals(1, pong.path("seq_reply").asInt());
        assertEquals("pong", pong.path("data").path("text").asText());
        socket.send("{\"action\":\"ping\",\"seq\":0}");
        JsonNode bad = socket.next();
        assertEquals("FAIL", bad.path("status").asText());
        assertEquals("api.web_socket_router.bad_seq.app_error", bad.path("error").path("id").asText());

        stub.answerPings(false);
        socket.send("{\"action\":\"ping\",\"seq\":2}");
        assertNull(socket.poll(Duration.ofMillis(300)), "a half-dead socket: no pong");
    }

    @Test
    void theAuthenticationChallengeAuthenticatesASocketOpenedWithoutAToken() throws Exception {
        WsClient socket = open(null, null);
        socket.send("{\"action\":\"ping\",\"seq\":1}");
        assertEquals("api.web_socket_router.not_authenticated.app_error", socket.next().path("error").path("id").asText());
        socket.send("{\"seq\":2,\"action\":\"authentication_challenge\",\"data\":{\"token\":\"" + bot.token() + "\"}}");
        List<String> got = List.of(socket.next().toString(), socket.next().toString());
        assertTrue(got.stream().anyMatch(m -> m.contains("\"event\":\"hello\"")), got.toString());
        assertTrue(got.stream().anyMatch(m -> m.contains("\"status\":\"OK\"") && m.contains("\"seq_reply\":2")), got.toString());
    }

    @Test
    void aBadChallengeTokenOrNoChallengeInTimeClosesTheSocket() throws Exception {
        WsClient bad = open(null, null);
        bad.send("{\"seq\":1,\"action\":\"authentication_challenge\",\"data\":{\"token\":\"wrong\"}}");
        bad.awaitClosed(Duration.ofSeconds(5));
        stub.authTimeout(Duration.ofMillis(200));
        WsClient silent = open(null, null);
        silent.awaitClosed(Duration.ofSeconds(5));
        assertTrue(silent.isClosed());
    }

    @Test
    void aResumeCanBeMadeToDeliverAPostTheClientHadAgainAsANewEvent() throws Exception {
        WsClient first = open(null, bot.token());
        String connection = first.next().path("data").path("connection_id").asText();
        stub.post(alice, stub.townSquare(), "seen");
        JsonNode original = first.next();
        stub.dropSockets();
        stub.repeatOnNextResume(1);
        WsClient again = open("connection_id=" + connection + "&sequence_number=2", bot.token());
        JsonNode repeated = again.next();
        assertEquals(2, repeated.path("seq").asInt(), "a new event");
        assertEquals(post(original).path("id").asText(), post(repeated).path("id").asText(), "of the same post");
    }
}
