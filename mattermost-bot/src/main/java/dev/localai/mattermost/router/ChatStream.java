package dev.localai.mattermost.router;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.localai.mattermost.CallFailure;
import dev.localai.mattermost.config.BotConfig;
import dev.localai.openai.ChatMessage;
import dev.localai.openai.sse.SseReader;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A chat through the router's {@code POST /v1/chat/completions} with {@code "stream": true}, read event by event with
 * the Vert.x HTTP client (a streaming hot path; the design allows Vert.x here). Every wait has its limit from
 * {@code mattermost.chat.*}: connecting, the first byte, the gap between two pieces, the whole answer; whichever runs
 * out first ends the chat with a timeout, so a thread never waits forever. The answer names the backend the router's
 * {@code X-Router-*} headers name.
 */
@ApplicationScoped
public class ChatStream {

    private final Vertx vertx;
    private final ObjectMapper json;
    private final BotConfig.Chat settings;
    private final BotConfig.Router router;
    private final HttpClient http;

    public ChatStream(Vertx vertx, ObjectMapper json, BotConfig config) {
        this.vertx = vertx;
        this.json = json;
        this.settings = config.chat();
        this.router = config.router();
        this.http = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) Math.max(1, settings.connectTimeout().toMillis())).setKeepAlive(true));
    }

    /** Streams an answer to {@code messages}; each piece of text goes to {@code onText} (on an event loop). */
    public CompletableFuture<ChatAnswer> stream(List<ChatMessage> messages, String user, Consumer<String> onText) {
        Exchange exchange = new Exchange(onText);
        ObjectNode body = json.createObjectNode().put("model", settings.model()).put("stream", true).put("user", user);
        body.set("messages", json.valueToTree(messages));
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
                .setAbsoluteURI(router.url().toString().replaceAll("/+$", "") + "/v1/chat/completions")
                .putHeader("Content-Type", "application/json").putHeader("Accept", "text/event-stream");
        router.key().map(String::trim).filter(k -> !k.isEmpty())
                .ifPresent(key -> options.putHeader("Authorization", "Bearer " + key));
        exchange.limit("total", settings.totalTimeout().toMillis());
        exchange.limit("first token", settings.connectTimeout().plus(settings.firstTokenTimeout()).toMillis());
        http.request(options).onComplete(opened -> {
            if (opened.failed()) {
                exchange.fail(CallFailure.of(opened.cause()), null);
                return;
            }
            HttpClientRequest request = opened.result();
            exchange.request = request;
            request.send(json.valueToTree(body).toString()).onComplete(answered -> {
                if (answered.failed()) {
                    exchange.fail(CallFailure.of(answered.cause()), null);
                } else {
                    read(exchange, answered.result());
                }
            });
        });
        return exchange.done;
    }

    private void read(Exchange exchange, HttpClientResponse response) {
        exchange.backend = response.getHeader("X-Router-Backend");
        exchange.model = response.getHeader("X-Router-Model");
        exchange.reason = response.getHeader("X-Router-Reason");
        if (response.statusCode() != 200) {
            response.body().onComplete(body -> exchange.fail(new CallFailure(
                    response.statusCode() == 401 || response.statusCode() == 403 ? CallFailure.Kind.UNAUTHORIZED
                            : CallFailure.Kind.ANSWERED, response.statusCode(),
                    body.succeeded() ? errorMessage(body.result().toString(), response.statusCode())
                            : "HTTP " + response.statusCode()), null));
            return;
        }
        String type = String.valueOf(response.getHeader("Content-Type"));
        if (!type.startsWith("text/event-stream")) {
            response.body().onComplete(body -> exchange.finish(body.succeeded() ? whole(body.result().toString()) : ""));
            return;
        }
        SseReader reader = new SseReader(event -> {
            if (event.isDone()) {
                exchange.finish(null);
                return;
            }
            JsonNode chunk = parse(event.data());
            if (chunk.has("error")) {
                exchange.fail(new CallFailure(CallFailure.Kind.ANSWERED, 200,
                        chunk.path("error").path("message").asText("the stream failed")), null);
                return;
            }
            String text = chunk.path("choices").path(0).path("delta").path("content").asText("");
            if (!text.isEmpty()) {
                exchange.text(text);
            }
        });
        response.handler(buffer -> {
            exchange.piece();
            try {
                reader.feed(buffer.getBytes());
            } catch (RuntimeException malformed) {
                exchange.fail(new CallFailure(CallFailure.Kind.ANSWERED, 200, "unreadable stream: " + malformed.getMessage()), null);
            }
        });
        response.endHandler(v -> exchange.fail(new CallFailure(CallFailure.Kind.ANSWERED, 200,
                "the stream ended before it was complete"), null));
        response.exceptionHandler(e -> exchange.fail(CallFailure.of(e), null));
    }

    private JsonNode parse(String data) {
        try {
            return json.readTree(data);
        } catch (Exception e) {
            return json.createObjectNode();
        }
    }

    private String whole(String body) {
        return parse(body).path("choices").path(0).path("message").path("content").asText("");
    }

    private String errorMessage(String body, int status) {
        String message = parse(body).path("error").path("message").asText("");
        return message.isEmpty() ? "HTTP " + status : message;
    }

    @PreDestroy
    void close() {
        http.close();
    }

    /** One chat: its text so far, its timers and its one completion; timers and the response may run on different threads. */
    private final class Exchange {
        final CompletableFuture<ChatAnswer> done = new CompletableFuture<>();
        final StringBuilder text = new StringBuilder();
        final Consumer<String> onText;
        final java.util.Map<String, Long> timers = new java.util.HashMap<>();
        HttpClientRequest request;
        String backend;
        String model;
        String reason;
        boolean first = true;
        boolean completed;

        Exchange(Consumer<String> onText) {
            this.onText = onText;
        }

        synchronized void limit(String name, long millis) {
            Long old = timers.put(name, vertx.setTimer(Math.max(1, millis),
                    t -> fail(new CallFailure(CallFailure.Kind.TIMEOUT, 0, "no answer in time"), name)));
            if (old != null) {
                vertx.cancelTimer(old);
            }
        }

        /** Body bytes arrived (headers alone do not count): the first-token limit is over, the gap limit starts again. */
        synchronized void piece() {
            if (first) {
                first = false;
                Long firstToken = timers.remove("first token");
                if (firstToken != null) {
                    vertx.cancelTimer(firstToken);
                }
            }
            limit("gap", settings.gapTimeout().toMillis());
        }

        synchronized void text(String piece) {
            text.append(piece);
            onText.accept(piece);
        }

        synchronized void finish(String whole) {
            if (whole != null) {
                text.append(whole);
            }
            complete(null, null);
        }

        synchronized void fail(CallFailure failure, String timeout) {
            complete(failure, timeout);
        }

        private synchronized void complete(CallFailure failure, String timeout) {
            if (completed) {
                return;
            }
            completed = true;       // before the reset below, whose "stream reset" may come back here at once
            timers.values().forEach(vertx::cancelTimer);
            timers.clear();
            if (failure != null && request != null) {
                request.reset();
            }
            done.complete(new ChatAnswer(text.toString(), backend, model, reason, failure, timeout));
        }
    }
}
