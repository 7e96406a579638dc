package dev.localai.standins.mattermost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.localai.standins.server.OneStubPerClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stub's REST API and slash commands, read with a plain JDK client, against Mattermost's API v4 reference. */
class MattermostStubRestTest {

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
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stub.baseUrl() + path))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    @Test
    void usersMeNeedsATokenAndErrorsHaveMattermostsBody() throws Exception {
        HttpResponse<String> anonymous = call("GET", "/api/v4/users/me", null, null);
        assertEquals(401, anonymous.statusCode());
        JsonNode error = json(anonymous);
        assertEquals("api.context.session_expired.app_error", error.path("id").asText());
        assertEquals(401, error.path("status_code").asInt());
        assertFalse(error.path("message").asText().isEmpty());
        assertEquals(anonymous.headers().firstValue("X-Request-Id").orElseThrow(), error.path("request_id").asText());
        assertTrue(error.has("detailed_error"));

        JsonNode me = json(call("GET", "/api/v4/users/me", bot.token(), null));
        assertEquals(bot.id(), me.path("id").asText());
        assertEquals("tayne", me.path("username").asText());
        assertTrue(me.path("is_bot").asBoolean());
        assertFalse(me.toString().contains(bot.token()), "no token in the user");
    }

    @Test
    void createPostAnswers201WithThePostAndRepliesGoInTheThread() throws Exception {
        ChatPost root = stub.post(alice, stub.townSquare(), "@tayne hello");
        HttpResponse<String> created = call("POST", "/api/v4/posts", bot.token(), "{\"channel_id\":\""
                + root.channelId() + "\",\"message\":\"hi\",\"root_id\":\"" + root.id() + "\"}");
        assertEquals(201, created.statusCode());
        JsonNode reply = json(created);
        assertEquals(bot.id(), reply.path("user_id").asText());
        assertEquals(root.id(), reply.path("root_id").asText());
        assertTrue(reply.path("create_at").asLong() > root.createAt());

        JsonNode thread = json(call("GET", "/api/v4/posts/" + reply.path("id").asText() + "/thread", bot.token(), null));
        assertEquals(List.of(reply.path("id").asText(), root.id()),
                JSON.convertValue(thread.path("order"), List.class), "newest first");
        assertEquals("@tayne hello", thread.path("posts").path(root.id()).path("message").asText());
        assertEquals(1, thread.path("posts").path(root.id()).path("reply_count").asInt());
    }

    @Test
    void aChannelIsFoundByTeamAndChannelName() throws Exception {
        JsonNode found = json(call("GET", "/api/v4/teams/name/home/channels/name/town-square", alice.token(), null));
        assertEquals(stub.townSquare().id(), found.path("id").asText());
        assertEquals("O", found.path("type").asText());
        assertEquals(404, call("GET", "/api/v4/teams/name/home/channels/name/nowhere", alice.token(), null).statusCode());
    }

    @Test
    void createPostRefusesWhatMattermostRefuses() throws Exception {
        assertEquals("api.context.invalid_body_param.app_error",
                json(call("POST", "/api/v4/posts", bot.token(), "not json")).path("id").asText());
        HttpResponse<String> unknownChannel = call("POST", "/api/v4/posts", bot.token(),
                "{\"channel_id\":\"" + "b".repeat(26) + "\",\"message\":\"x\"}");
        assertEquals(403, unknownChannel.statusCode());
        HttpResponse<String> badRoot = call("POST", "/api/v4/posts", bot.token(), "{\"channel_id\":\""
                + stub.townSquare().id() + "\",\"message\":\"x\",\"root_id\":\"" + "c".repeat(26) + "\"}");
        assertEquals(400, badRoot.statusCode());
        assertEquals("api.post.create_post.root_id.app_error", json(badRoot).path("id").asText());
    }

    @Test
    void patchEditsOnlyYourOwnPostAndKeepsEveryVersion() throws Exception {
        JsonNode mine = json(call("POST", "/api/v4/posts", bot.token(),
                "{\"channel_id\":\"" + stub.townSquare().id() + "\",\"message\":\"…\"}"));
        String id = mine.path("id").asText();
        HttpResponse<String> patched = call("PUT", "/api/v4/posts/" + id + "/patch", bot.token(), "{\"message\":\"Hello\"}");
        assertEquals(200, patched.statusCode());
        assertEquals("Hello", json(patched).path("message").asText());
        assertTrue(json(patched).path("edit_at").asLong() > 0);
        assertEquals(List.of("…", "Hello"), stub.current(stub.postsBy(bot).get(0)).versions());
        assertEquals(403, call("PUT", "/api/v4/posts/" + id + "/patch", alice.token(), "{\"message\":\"x\"}").statusCode());
        assertEquals(404, call("PUT", "/api/v4/posts/" + "d".repeat(26) + "/patch", bot.token(), "{}").statusCode());
    }

    @Test
    void aSlashCommandIsCalledAsMattermostCallsItAndItsAnswersBecomePosts() throws Exception {
        AtomicReference<Map<String, String>> form = new AtomicReference<>();
        AtomicReference<String> authorization = new AtomicReference<>();
        HttpServer endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        endpoint.createContext("/slash", exchange -> {
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            form.set(decode(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            byte[] answer = "{\"response_type\":\"in_channel\",\"text\":\"Gaming mode is on\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        endpoint.start();
        try {
            stub.command("gaming", "http://127.0.0.1:" + endpoint.getAddress().getPort() + "/slash", "cmd-token");
            SlashOutcome outcome = stub.runCommand(alice, stub.townSquare(), "gaming", "on");
            assertEquals(200, outcome.status());
            assertEquals("Token cmd-token", authorization.get());
            assertEquals("cmd-token", form.get().get("token"));
            assertEquals("/gaming", form.get().get("command"));
            assertEquals("on", form.get().get("text"));
            assertEquals("alice", form.get().get("user_name"));
            assertEquals("town-square", form.get().get("channel_name"));
            assertEquals(stub.baseUrl() + "/hooks/commands/" + outcome.hookId(), form.get().get("response_url"));
            ChatPost shown = stub.awaitPost(p -> p.message().equals("Gaming mode is on"), Duration.ofSeconds(5)).orElseThrow();
            assertEquals(alice.id(), shown.userId(), "an in_channel answer is posted as the user who ran the command");
            assertEquals("true", shown.props().get("from_webhook"));

            String later = "{\"response_type\":\"ephemeral\",\"text\":\"done\"}";
            for (int use = 1; use <= SlashCommands.MAX_HOOK_USES; use++) {
                HttpResponse<String> hooked = call("POST", "/hooks/commands/" + outcome.hookId(), null, later);
                assertEquals(200, hooked.statusCode());
                assertEquals("ok", hooked.body());
            }
            assertEquals(400, call("POST", "/hooks/commands/" + outcome.hookId(), null, later).statusCode());
            assertEquals(SlashCommands.MAX_HOOK_USES, stub.ephemeralPosts().size());
        } finally {
            endpoint.stop(0);
        }
    }

    private static Map<String, String> decode(String body) {
        Map<String, String> values = new HashMap<>();
        for (String pair : body.split("&")) {
            String[] kv = pair.split("=", 2);
            values.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return values;
    }
}
