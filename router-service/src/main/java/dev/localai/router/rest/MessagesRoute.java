package dev.localai.router.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.localai.openai.ChatCompletion;
import dev.localai.openai.ChatCompletionRequest;
import dev.localai.openai.anthropic.AnthropicFailure;
import dev.localai.openai.anthropic.AnthropicRequestToOpenAi;
import dev.localai.openai.anthropic.AnthropicSse;
import dev.localai.openai.anthropic.MessagesRequest;
import dev.localai.openai.anthropic.OpenAiCompletionToAnthropic;
import dev.localai.openai.anthropic.OpenAiErrorToAnthropic;
import dev.localai.openai.anthropic.OpenAiStreamToAnthropic;
import dev.localai.openai.anthropic.StreamEvent;
import dev.localai.openai.anthropic.TranslationException;
import dev.localai.openai.sse.SseReader;
import dev.localai.router.RouterException;
import dev.localai.router.config.RouterConfig;
import dev.localai.router.keys.KeyFilter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.io.IOException;
import java.util.List;

/**
 * {@code POST /v1/messages}: Anthropic's Messages API on the way in, so that clients built for Claude
 * can use every backend the router has. The request is translated to a chat completion and handed to
 * this router's own {@code /v1/chat/completions} over loopback, so routing, keys, budgets, the cache and
 * the request log all apply exactly once; the answer, its stream and its errors are translated back
 * (https://docs.anthropic.com/en/api/messages, https://docs.anthropic.com/en/docs/build-with-claude/streaming,
 * https://docs.anthropic.com/en/api/errors).
 */
@ApplicationScoped
public class MessagesRoute {

    /** Headers a client may send that mean something to the router, passed on over loopback. */
    private static final List<String> PASSED_ON = List.of("authorization", "x-router-tags", "x-force-big",
            "x-task-type", "x-router-cache", "cache-control");

    private final ObjectMapper json;
    private final ObjectMapper strict;
    private final long maxRequestBytes;
    private final HttpClient loopback;

    public MessagesRoute(ObjectMapper json, RouterConfig config, Vertx vertx) {
        this.json = json;
        this.strict = BodyErrors.strict(json);
        this.maxRequestBytes = config.limits().maxRequestBytes();
        this.loopback = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setMaxPoolSize(64)
                .setTcpNoDelay(true).setName("messages-loopback"));
    }

    void register(@Observes Router router) {
        router.post("/v1/messages").handler(this::handle);
    }

    void handle(RoutingContext rc) {
        HttpServerResponse response = rc.response();
        RequestBody.read(rc.request(), maxRequestBytes)
                .map(body -> {
                    IdleConnections.whileAnswering(rc);
                    return parse(body);
                })
                .compose(request -> forward(rc, request))
                .onFailure(failure -> writeError(response, failure));
    }

    private ChatCompletionRequest parse(Buffer body) {
        MessagesRequest request;
        try {
            request = strict.readValue(body.getBytes(), MessagesRequest.class);
        } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
            throw BodyErrors.wrongType(e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw BodyErrors.notJson(e, "invalid_body");
        } catch (IOException e) {
            throw RouterException.badRequest("The body could not be read.", null, "invalid_body");
        }
        if (request == null || request.messages() == null || request.messages().isEmpty()) {
            throw RouterException.badRequest("messages: field required", "messages", "missing_field");
        }
        if (request.maxTokens() == null) {
            throw RouterException.badRequest("max_tokens: field required", "max_tokens", "missing_field");
        }
        try {
            return AnthropicRequestToOpenAi.translate(request);
        } catch (TranslationException e) {
            throw RouterException.badRequest(e.getMessage(), e.param(), "unsupported");
        }
    }

    private Future<Void> forward(RoutingContext rc, ChatCompletionRequest request) {
        Buffer body;
        try {
            body = Buffer.buffer(json.writeValueAsBytes(request));
        } catch (IOException e) {
            return Future.failedFuture(e);
        }
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1")
                .setPort(rc.request().localAddress().port()).setURI("/v1/chat/completions")
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(KeyFilter.INTERNAL, KeyFilter.internalToken());
        PASSED_ON.forEach(h -> {
            String value = rc.request().getHeader(h);
            if (value != null) {
                options.putHeader(h, value);
            }
        });
        String apiKey = rc.request().getHeader("x-api-key");
        if (apiKey != null && rc.request().getHeader("authorization") == null) {
            options.putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + apiKey);
        }
        HttpServerResponse response = rc.response();
        return loopback.request(options).compose(upstream -> {
            response.closeHandler(gone -> upstream.reset());
            return upstream.send(body);
        }).compose(answer -> {
            for (String h : List.of("X-Request-Id", "X-Router-Backend", "X-Router-Model", "X-Router-Reason",
                    "X-Router-Cache", "Retry-After")) {
                String value = answer.getHeader(h);
                if (value != null) {
                    response.putHeader(h, value);
                }
            }
            if (answer.statusCode() != 200) {
                return answer.body().compose(b -> writeAnthropicError(response, answer.statusCode(), b.toString()));
            }
            if (Boolean.TRUE.equals(request.stream())) {
                return stream(answer, response);
            }
            return answer.body().compose(b -> {
                try {
                    ChatCompletion completion = json.readValue(b.getBytes(), ChatCompletion.class);
                    return response.setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                            .end(Buffer.buffer(json.writeValueAsBytes(OpenAiCompletionToAnthropic.translate(completion))));
                } catch (IOException e) {
                    return Future.failedFuture(e);
                }
            });
        });
    }

    /** OpenAI chunks in, Anthropic's named events out, as each arrives. */
    private Future<Void> stream(HttpClientResponse answer, HttpServerResponse response) {
        String id = "msg_" + String.valueOf(answer.getHeader("X-Request-Id")).replace("-", "");
        OpenAiStreamToAnthropic converter = new OpenAiStreamToAnthropic(id, null, 0);
        response.setStatusCode(200).setChunked(true)
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache").putHeader("X-Accel-Buffering", "no");
        SseReader reader = new SseReader(event -> write(response, converter.accept(event)));
        answer.handler(bytes -> reader.feed(bytes.getBytes()));
        return answer.end().onSuccess(v -> {
            write(response, converter.finish());
            response.end();
        });
    }

    private void write(HttpServerResponse response, List<StreamEvent> events) {
        StringBuilder out = new StringBuilder();
        for (StreamEvent event : events) {
            out.append(AnthropicSse.format(event));
        }
        if (out.length() > 0 && !response.ended()) {
            response.write(out.toString());
        }
    }

    private Future<Void> writeAnthropicError(HttpServerResponse response, int status, String openAiBody) {
        AnthropicFailure failure = OpenAiErrorToAnthropic.translate(status, openAiBody);
        return end(response, failure);
    }

    private void writeError(HttpServerResponse response, Throwable failure) {
        if (response.ended() || response.closed()) {
            return;
        }
        if (response.headWritten()) {
            response.reset();
            return;
        }
        RouterException error = ErrorResponses.toClientError(failure);
        error.headers().forEach(response::putHeader);
        end(response, OpenAiErrorToAnthropic.translate(error.status(), error.error()));
    }

    private Future<Void> end(HttpServerResponse response, AnthropicFailure failure) {
        try {
            return response.setStatusCode(failure.status()).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(Buffer.buffer(json.writeValueAsBytes(failure.body())));
        } catch (IOException e) {
            return response.setStatusCode(failure.status()).end();
        }
    }

}
