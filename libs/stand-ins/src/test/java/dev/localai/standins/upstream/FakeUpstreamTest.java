package dev.localai.standins.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.localai.standins.upstream.Wire.chat;
import static dev.localai.standins.upstream.Wire.data;
import static dev.localai.standins.upstream.Wire.joined;
import static dev.localai.standins.upstream.Wire.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fake answering normally: payload shapes, chunking, delays, endpoints, records, queueing. */
class FakeUpstreamTest extends WithFakeUpstream {

    @Test
    void answersAChatCompletionThatEchoesTheModelWithWordCountUsage() throws Exception {
        String request = "{\"model\":\"m1\",\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hello there you\"}]}]}";
        HttpResponse<String> response = wire.post(request);

        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("application/json"));
        JsonNode body = json(response.body());
        assertEquals("chat.completion", body.get("object").asText());
        assertTrue(body.get("id").asText().startsWith("chatcmpl-fake-"));
        assertTrue(body.get("created").asLong() > 1_600_000_000L, "epoch seconds");
        assertEquals("m1", body.get("model").asText());
        assertEquals("assistant", body.at("/choices/0/message/role").asText());
        assertEquals("one two three four", body.at("/choices/0/message/content").asText());
        assertEquals("stop", body.at("/choices/0/finish_reason").asText());
        assertEquals(5, body.at("/usage/prompt_tokens").asInt(), "2 + 3 words");
        assertEquals(4, body.at("/usage/completion_tokens").asInt());
        assertEquals(9, body.at("/usage/total_tokens").asInt());
    }

    @Test
    void streamsOneChunkPerWordByDefaultThenAFinishChunkThenDone() throws Exception {
        HttpResponse<String> response = wire.post(chat(true, false));

        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
        List<String> events = data(response.body());
        assertEquals(4 + 1 + 1, events.size(), events.toString());
        assertEquals("one two three four", joined(events));
        assertEquals("[DONE]", events.get(events.size() - 1));
        assertTrue(response.body().endsWith("data: [DONE]\n\n"));
        JsonNode first = json(events.get(0));
        assertEquals("chat.completion.chunk", first.get("object").asText());
        assertEquals("assistant", first.at("/choices/0/delta/role").asText());
        assertEquals("one ", first.at("/choices/0/delta/content").asText());
        assertTrue(json(events.get(1)).at("/choices/0/delta/role").isMissingNode(), "the role comes once");
        JsonNode finish = json(events.get(4));
        assertEquals(0, finish.at("/choices/0/delta").size());
        assertEquals("stop", finish.at("/choices/0/finish_reason").asText());
        for (String event : events.subList(0, 5)) {
            assertEquals(first.get("id"), json(event).get("id"));
            assertEquals(first.get("created"), json(event).get("created"));
            assertEquals("m1", json(event).get("model").asText());
            assertFalse(json(event).has("usage"), "no usage unless asked for");
        }
    }

    @Test
    void answersScriptedByQuestionComeBeforeTheStandingOneAndAfterAnAnswerOnce() throws Exception {
        fake.answer("standing").answerTo("capital of France", "Paris", Math.log(0.5)).answerTo("gold", "Au");
        String france = "{\"logprobs\":true,\"messages\":[{\"role\":\"user\",\"content\":\"old\"},"
                + "{\"role\":\"assistant\",\"content\":\"gold\"},{\"role\":\"user\",\"content\":\"The CAPITAL of france?\"}]}";
        JsonNode paris = json(wire.post(france).body());
        assertEquals("Paris", paris.at("/choices/0/message/content").asText(), "the last user message, ignoring case");
        assertEquals(Math.log(0.5), paris.at("/choices/0/logprobs/content/0/logprob").asDouble(), 1e-12);
        String gold = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"symbol for gold\"}]}]}";
        assertEquals("Au", json(wire.post(gold).body()).at("/choices/0/message/content").asText(), "text parts too");
        assertEquals("standing", json(wire.post(chat(false, false)).body()).at("/choices/0/message/content").asText());
        fake.answerOnce("once");
        assertEquals("once", json(wire.post(france).body()).at("/choices/0/message/content").asText());
        fake.reset();
        assertEquals(FakeUpstream.DEFAULT_ANSWER, json(wire.post(france).body()).at("/choices/0/message/content").asText());
    }

    @Test
    void streamsTheAnswerInTheConfiguredNumberOfChunks() throws Exception {
        fake.answer("héllo wörld 👋 and more").behave(Behaviour.normal().chunks(7));
        List<String> events = data(wire.post(chat(true, false)).body());

        assertEquals(7 + 2, events.size(), events.toString());
        assertEquals("héllo wörld 👋 and more", joined(events));
    }

    @Test
    void tricklesOneCharacterPerChunk() throws Exception {
        fake.answer("abc").behave(Behaviour.trickle(Duration.ofMillis(5)));
        List<String> events = data(wire.post(chat(true, false)).body());

        assertEquals(List.of("a", "b", "c"), events.subList(0, 3).stream()
                .map(e -> json(e).at("/choices/0/delta/content").asText()).toList());
    }

    @Test
    void sendsAUsageChunkWithEmptyChoicesBeforeDoneWhenIncludeUsageIsAsked() throws Exception {
        List<String> events = data(wire.post(chat(true, true)).body());

        assertEquals(4 + 1 + 1 + 1, events.size(), events.toString());
        JsonNode usage = json(events.get(events.size() - 2));
        assertEquals(0, usage.get("choices").size());
        assertEquals(2, usage.at("/usage/prompt_tokens").asInt());
        assertEquals(4, usage.at("/usage/completion_tokens").asInt());
        assertEquals(6, usage.at("/usage/total_tokens").asInt());
        for (String event : events.subList(0, 5)) {
            assertTrue(json(event).get("usage").isNull(), "the other chunks carry usage: null");
        }
    }

    @Test
    void streamsReasoningContentBeforeTheAnswerAndCountsItInTheCompletionTokens() throws Exception {
        fake.reasoning("let me think");
        List<String> events = data(wire.post(chat(true, true)).body());

        List<JsonNode> chunks = events.subList(0, events.size() - 1).stream().map(Wire::json).toList();
        assertEquals("assistant", chunks.get(0).at("/choices/0/delta/role").asText());
        assertEquals(List.of("let ", "me ", "think"), chunks.subList(0, 3).stream()
                .map(c -> c.at("/choices/0/delta/reasoning_content").asText()).toList());
        assertTrue(chunks.get(3).at("/choices/0/delta/role").isMissingNode(), "the role comes once");
        assertEquals("one two three four", joined(events));
        JsonNode usage = chunks.get(chunks.size() - 1).get("usage");
        assertEquals(4 + 3, usage.get("completion_tokens").asInt());
        assertEquals(3, usage.at("/completion_tokens_details/reasoning_tokens").asInt());

        JsonNode completion = json(wire.post(chat(false, false)).body());
        assertEquals("let me think", completion.at("/choices/0/message/reasoning_content").asText());
        assertEquals("one two three four", completion.at("/choices/0/message/content").asText());
    }

    @Test
    void honoursTheHeaderFirstChunkAndChunkDelays() throws Exception {
        fake.behave(Behaviour.normal().chunks(3).headerDelay(Duration.ofMillis(200))
                .firstChunkDelay(Duration.ofMillis(200)).chunkDelay(Duration.ofMillis(100)));
        long start = System.nanoTime();
        HttpResponse<InputStream> response = wire.postStreaming(chat(true, false));
        long headers = System.nanoTime() - start;
        List<Long> arrivals = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("data: ")) {
                    arrivals.add(System.nanoTime() - start);
                }
            }
        }

        assertEquals(3 + 2, arrivals.size());
        assertTrue(headers >= ms(200), "headers after " + headers / 1_000_000 + " ms");
        assertTrue(arrivals.get(0) >= ms(400), "first chunk after " + arrivals.get(0) / 1_000_000 + " ms");
        assertTrue(arrivals.get(4) >= ms(400 + 4 * 100), "[DONE] after " + arrivals.get(4) / 1_000_000 + " ms");
    }

    @Test
    void servesConcurrentStreamsIndependently() throws Exception {
        fake.behave(Behaviour.normal().chunkDelay(Duration.ofMillis(20)));
        List<CompletableFuture<HttpResponse<String>>> streams = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            streams.add(wire.postAsync(chat(true, true)));
        }

        for (CompletableFuture<HttpResponse<String>> stream : streams) {
            List<String> events = data(stream.get(10, TimeUnit.SECONDS).body());
            assertEquals("one two three four", joined(events));
            assertEquals("[DONE]", events.get(events.size() - 1));
        }
        assertEquals(8, fake.requestCount());
        assertEquals(0, fake.cancelledCount());
    }

    @Test
    void listsTheConfiguredModelsInOpenAisListShape() throws Exception {
        fake.models("a", "b");
        JsonNode list = json(wire.get("/v1/models").body());

        assertEquals("list", list.get("object").asText());
        assertEquals(2, list.get("data").size());
        assertEquals("a", list.at("/data/0/id").asText());
        assertEquals("b", list.at("/data/1/id").asText());
        assertEquals("model", list.at("/data/0/object").asText());
        assertEquals("fake", list.at("/data/0/owned_by").asText());
        assertTrue(list.at("/data/0/created").isNumber());
        assertEquals("b", json(wire.get("/v1/models/b").body()).get("id").asText());
        HttpResponse<String> missing = wire.get("/v1/models/zzz");
        assertEquals(404, missing.statusCode());
        assertEquals("model_not_found", json(missing.body()).at("/error/code").asText());
    }

    @Test
    void answersHealthLikeLlamaServer() throws Exception {
        HttpResponse<String> health = wire.get("/health");

        assertEquals(200, health.statusCode());
        assertEquals("ok", json(health.body()).get("status").asText());
    }

    @Test
    void answersAnUnknownPathWith404InOpenAisErrorShape() throws Exception {
        HttpResponse<String> unknown = wire.get("/v2/nothing");

        assertEquals(404, unknown.statusCode());
        JsonNode error = json(unknown.body()).get("error");
        assertEquals("Invalid URL (GET /v2/nothing)", error.get("message").asText());
        assertEquals("invalid_request_error", error.get("type").asText());
        assertTrue(error.get("param").isNull() && error.get("code").isNull());
        assertEquals(404, wire.get("/v1/chat/completions").statusCode(), "chat is POST only");
    }

    @Test
    void rejectsABodyThatIsNotAJsonObjectWith400() throws Exception {
        for (String body : List.of("{nope", "[1,2]", "")) {
            HttpResponse<String> response = wire.post(body);
            assertEquals(400, response.statusCode(), body);
            assertEquals("invalid_request_error", json(response.body()).at("/error/type").asText());
        }
    }

    @Test
    void recordsEveryRequestWithLowerCaseHeaderNamesAndTheFullBody() throws Exception {
        String body = chat(false, false);
        wire.get("/health");
        HttpRequest request = wire.request("/v1/chat/completions", Duration.ofSeconds(5))
                .header("X-Trace-Id", "abc").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        wire.send(request);

        List<RecordedRequest> recorded = fake.requests();
        assertEquals(2, fake.requestCount());
        assertEquals("GET", recorded.get(0).method());
        assertEquals("/health", recorded.get(0).path());
        RecordedRequest chat = recorded.get(1);
        assertEquals("POST", chat.method());
        assertEquals("/v1/chat/completions", chat.path());
        assertEquals(body, chat.body());
        assertEquals("m1", chat.json().get("model").asText());
        assertEquals("abc", chat.headers().get("x-trace-id"));
        assertEquals("abc", chat.header("X-Trace-ID"));
        assertTrue(chat.headers().keySet().stream().allMatch(k -> k.equals(k.toLowerCase())));
        assertFalse(chat.receivedAt().isBefore(recorded.get(0).receivedAt()));
        assertTrue(fake.awaitRequests(2, Duration.ZERO));
    }

    @Test
    void behaveOnceShapesOnlyTheNextRequestsThenTheStandingBehaviourResumes() throws Exception {
        fake.behave(Behaviour.status(500));
        fake.behaveOnce(Behaviour.normal()).behaveOnce(Behaviour.status(502));

        assertEquals(200, wire.post(chat(false, false)).statusCode());
        assertEquals(502, wire.post(chat(false, false)).statusCode());
        assertEquals(500, wire.post(chat(false, false)).statusCode());
        assertEquals(500, wire.post(chat(false, false)).statusCode());
        assertThrows(IllegalArgumentException.class, () -> fake.behaveOnce(Behaviour.refuse()));
    }

    @Test
    void resetRestoresTheDefaultsAndForgetsRecordsAndQueue() throws Exception {
        fake.answer("custom").models("x").behave(Behaviour.status(500)).behaveOnce(Behaviour.status(503));
        wire.post(chat(false, false));

        fake.reset();

        assertEquals(0, fake.requestCount());
        JsonNode body = json(wire.post(chat(false, false)).body());
        assertEquals(FakeUpstream.DEFAULT_ANSWER, body.at("/choices/0/message/content").asText());
        assertEquals(FakeUpstream.DEFAULT_MODEL, json(wire.get("/v1/models").body()).at("/data/0/id").asText());
    }

    @Test
    void startsOnAFixedPortAndStopsListeningWhenClosed() throws Exception {
        int port = URI.create(FakeUpstream.unusedPortUrl()).getPort();
        try (FakeUpstream fixed = FakeUpstream.start(port)) {
            assertEquals(port, fixed.port());
            assertEquals("http://127.0.0.1:" + port, fixed.baseUrl());
            assertEquals(200, new Wire(fixed.baseUrl()).get("/health").statusCode());
            assertThrows(IllegalStateException.class, () -> FakeUpstream.start(port), "the port is taken");
            fixed.close();
            assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close());
        }
    }

    @Test
    void launchesStandaloneFromCommandLineOptions() throws Exception {
        try (FakeUpstream launched = FakeUpstreamMain.launch("--port", "0", "--answer", "standalone",
                "--model", "a", "--model", "b")) {
            Wire standalone = new Wire(launched.baseUrl());
            assertEquals(2, json(standalone.get("/v1/models").body()).get("data").size());
            assertEquals("standalone", json(standalone.post(chat(false, false)).body())
                    .at("/choices/0/message/content").asText());
        }
        assertThrows(IllegalArgumentException.class, () -> FakeUpstreamMain.launch("--colour", "red"));
        assertThrows(IllegalArgumentException.class, () -> FakeUpstreamMain.launch("--port", "http"));
    }

    private static long ms(long millis) {
        return Duration.ofMillis(millis).toNanos();
    }
}
