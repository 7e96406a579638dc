package dev.localai.router.quality;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.localai.openai.ChatMessage;
import dev.localai.router.Backend;
import dev.localai.router.backend.UpstreamClients;
import dev.localai.router.routing.RoutingTableHolder;
import dev.localai.router.routing.policy.CascadePlan;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.inject.Singleton;

import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The judge model: a small (local) model asked to grade an answer against its question, 0 to 10, within
 * the plan's time budget. Past the budget, or on any failure, it abstains and the other judges decide.
 * Speaks OpenAI's chat completions to the judge's backend (not Anthropic's Messages API).
 */
@Singleton
public class JudgeModel {

    static final String INSTRUCTION = "You grade answers. Read the user's question and the assistant's answer, "
            + "then reply with only one integer from 0 to 10: how correct, complete and helpful the answer is "
            + "(0: wrong, empty, gibberish or a refusal; 10: fully correct). No other text.";
    private static final Pattern NUMBER = Pattern.compile("\\b(10|[0-9])(?:\\.\\d+)?\\b");
    private static final int MAX_CHARS = 6000;

    private final Vertx vertx;
    private final UpstreamClients clients;
    private final RoutingTableHolder routing;
    private final ObjectMapper json;

    public JudgeModel(Vertx vertx, UpstreamClients clients, RoutingTableHolder routing, ObjectMapper json) {
        this.vertx = vertx;
        this.clients = clients;
        this.routing = routing;
        this.json = json;
    }

    public Future<Score> score(CascadePlan.JudgeModel judge, Answer answer) {
        Backend backend = routing.table().backends().get(judge.target().backend());
        if (backend == null || Backend.ANTHROPIC.equals(backend.type())) {
            return Future.succeededFuture(Score.abstain("judge: " + judge.target().backend()
                    + " cannot judge (unknown, or not an OpenAI-compatible backend)"));
        }
        long budget = Math.max(1, judge.budget().toMillis());
        long started = System.nanoTime();
        Promise<Score> verdict = Promise.promise();
        AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
        long timer = vertx.setTimer(budget, t -> {
            if (verdict.tryComplete(Score.abstain("judge: no verdict within " + budget + " ms"))) {
                HttpClientRequest r = sent.get();
                if (r != null) {
                    r.reset();
                }
            }
        });
        URI url = backend.chatCompletionsUrl();
        boolean ssl = "https".equalsIgnoreCase(url.getScheme());
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(url.getHost())
                .setPort(url.getPort() > 0 ? url.getPort() : ssl ? 443 : 80).setSsl(ssl).setURI(url.getRawPath())
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        backend.apiKey().ifPresent(key -> options.putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + key));
        backend.headers().forEach(options::putHeader);
        clients.client(backend).request(options)
                .compose(request -> {
                    sent.set(request);
                    return request.send(body(judge, answer));
                })
                .compose(response -> response.body().map(b -> response.statusCode() == 200 ? b : null))
                .onComplete(result -> {
                    vertx.cancelTimer(timer);
                    long ms = (System.nanoTime() - started) / 1_000_000;
                    if (result.failed() || result.result() == null) {
                        verdict.tryComplete(Score.abstain("judge: " + judge.target().backend() + " failed ("
                                + (result.failed() ? result.cause().getMessage() : "not HTTP 200") + ")"));
                    } else {
                        verdict.tryComplete(grade(result.result(), judge, ms));
                    }
                });
        return verdict.future();
    }

    private Score grade(Buffer body, CascadePlan.JudgeModel judge, long ms) {
        String reply;
        try {
            reply = json.readTree(body.getBytes()).path("choices").path(0).path("message").path("content").asText("");
        } catch (java.io.IOException e) {
            reply = "";
        }
        Matcher m = NUMBER.matcher(reply);
        if (!m.find()) {
            return Score.abstain("judge: " + judge.target() + " gave no grade in " + ms + " ms");
        }
        int grade = Integer.parseInt(m.group(1));
        return Score.of(grade / 10.0, "judge: " + judge.target().backend() + "/" + judge.target().model() + " grades "
                + grade + "/10 in " + ms + " ms");
    }

    private Buffer body(CascadePlan.JudgeModel judge, Answer answer) {
        String question = "";
        List<ChatMessage> messages = answer.request().messages();
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equals(messages.get(i).role())) {
                question = String.valueOf(messages.get(i).text());
                break;
            }
        }
        ObjectNode root = json.createObjectNode().put("model", judge.target().model()).put("max_tokens", 8)
                .put("temperature", 0).put("stream", false);
        ArrayNode list = root.putArray("messages");
        list.addObject().put("role", "system").put("content", INSTRUCTION);
        list.addObject().put("role", "user").put("content", "Question:\n" + clip(question) + "\n\nAnswer"
                + (answer.complete() ? "" : " (its first part only)") + ":\n" + clip(answer.text()));
        try {
            return Buffer.buffer(json.writeValueAsBytes(root));
        } catch (java.io.IOException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static String clip(String text) {
        return text == null ? "" : text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) + "…" : text;
    }
}
