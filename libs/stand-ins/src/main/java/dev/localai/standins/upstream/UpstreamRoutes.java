package dev.localai.standins.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.localai.standins.server.LoopbackStub;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

import java.io.IOException;

/**
 * The fake's endpoints: {@code POST /v1/chat/completions}, {@code GET /v1/models},
 * {@code GET /v1/models/{id}}, llama-server's {@code GET /health} and, when set, a gaming PC manager's
 * {@code GET /status}; any other path is a 404 and a
 * chat body that is not a JSON object a 400, both in OpenAI's error shape. Every request is recorded
 * once its body has arrived, before it is answered.
 */
final class UpstreamRoutes implements LoopbackStub.Routes {

    private static final String MODELS = "/v1/models";

    private final Vertx vertx;
    private final FakeUpstream fake;

    UpstreamRoutes(Vertx vertx, FakeUpstream fake) {
        this.vertx = vertx;
        this.fake = fake;
    }

    @Override
    public void answer(HttpServerRequest request, Buffer body) {
        String method = request.method().name();
        String path = request.path();
        if ("POST".equals(method) && "/v1/chat/completions".equals(path)) {
            chat(request, body);
        } else if ("GET".equals(method) && "/status".equals(path) && fake.statusJson() != null) {
            json(request, 200, fake.statusJson());
        } else if ("GET".equals(method) && "/health".equals(path)) {
            json(request, 200, "{\"status\":\"ok\"}");
        } else if ("GET".equals(method) && MODELS.equals(path)) {
            json(request, 200, ChatAnswers.models(fake.modelIds(), fake.created()));
        } else if ("GET".equals(method) && path.startsWith(MODELS + "/")) {
            String id = path.substring(MODELS.length() + 1);
            if (fake.modelIds().contains(id)) {
                json(request, 200, ChatAnswers.model(id, fake.created()).toString());
            } else {
                json(request, 404, OpenAiErrors.modelNotFound(id));
            }
        } else {
            json(request, 404, OpenAiErrors.invalidUrl(method, path));
        }
    }

    private void chat(HttpServerRequest request, Buffer body) {
        JsonNode parsed;
        try {
            parsed = ChatAnswers.JSON.readTree(body.getBytes());
        } catch (IOException e) {
            parsed = null;
        }
        if (parsed == null || !parsed.isObject()) {
            json(request, 400, OpenAiErrors.badJson());
            return;
        }
        String answer = fake.onceAnswer();
        Double logprob = fake.logprobValue();
        if (answer == null) {
            FakeUpstream.Scripted scripted = fake.scriptedFor(lastUserText(parsed));
            answer = scripted == null ? fake.standingAnswer() : scripted.answer();
            if (scripted != null && scripted.logprob() != null) {
                logprob = scripted.logprob();
            }
        }
        ChatAnswers answers = new ChatAnswers(parsed, "chatcmpl-fake-" + fake.nextId(), answer,
                fake.reasoningText(), logprob, fake.finishReasonText());
        new ChatExchange(vertx, request, fake.nextBehaviour(), fake.cancellationCounter()).answer(answers);
    }

    /** The text of the request's last user message (a string, or its text parts), or null. */
    static String lastUserText(JsonNode request) {
        JsonNode messages = request.path("messages");
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonNode m = messages.get(i);
            if ("user".equals(m.path("role").asText())) {
                JsonNode content = m.path("content");
                if (content.isTextual()) {
                    return content.asText();
                }
                StringBuilder text = new StringBuilder();
                content.forEach(part -> text.append(part.path("text").asText("")).append(' '));
                return text.toString();
            }
        }
        return null;
    }

    private static void json(HttpServerRequest request, int status, String body) {
        request.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
    }
}
