package dev.localai.router.backend;

import dev.localai.router.RouterErrors;
import dev.localai.router.Backend;
import dev.localai.router.privacy.Redactor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.localai.openai.ApiError;
import dev.localai.openai.ChatCompletionRequest;
import dev.localai.openai.ApiException;
import dev.localai.router.Route;
import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import dev.localai.router.client.ClientWriter;
import io.vertx.core.http.RequestOptions;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.net.ConnectException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Sends one chat request to its backend and relays the answer to the client: a JSON answer as
 * received, a stream event by event as it arrives (see {@link StreamRelay}). A client that goes
 * away resets the backend request at once, so a GPU stops generating for nobody.
 *
 * <p>Failures before anything reached the client become an OpenAI-shaped error with a fitting
 * status: unreachable → 502, silent past the idle timeout → 504, backend 5xx → 502, a backend
 * 4xx → the same status with the backend's error message.
 */
@Singleton
public class ChatForwarder {

    private static final Logger LOG = Logger.getLogger(ChatForwarder.class);
    /** Largest backend error body read to build a client error; the rest is ignored. */
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final Vertx vertx;
    private final UpstreamClients clients;
    private final ObjectMapper json;
    private final Redactor redactor;
    private final Map<URI, Endpoint> openAiEndpoints = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<URI, Endpoint> anthropicEndpoints = new java.util.concurrent.ConcurrentHashMap<>();

    public ChatForwarder(Vertx vertx, UpstreamClients clients, ObjectMapper json, Redactor redactor) {
        this.redactor = redactor;
        this.vertx = vertx;
        this.clients = clients;
        this.json = json;
    }

    /**
     * Forwards {@code request} along {@code route}, writing the answer to the {@code client}.
     *
     * @return completes when the exchange is over; fails with a {@link ApiException} only when
     *         nothing has been written to the client yet, so that the caller can answer with it
     */
    public Future<Void> forward(Route route, ChatCompletionRequest request, ClientWriter client,
                                ExchangeEvents record) {
        Backend backend = route.backend();
        Buffer body;
        try {
            ChatCompletionRequest outgoing = (backend.leavesHouse() ? redactor.redact(request) : request)
                    .withModel(route.upstreamModel());
            body = anthropic(backend) ? AnthropicDialect.body(outgoing, json) : Buffer.buffer(json.writeValueAsBytes(outgoing));
        } catch (dev.localai.openai.anthropic.TranslationException e) {
            return Future.failedFuture(ApiException.badRequest("Backend '" + backend.name() + "' speaks Anthropic's"
                    + " Messages API, which cannot take this request: " + e.getMessage(), e.param(), "unsupported_for_backend"));
        } catch (java.io.IOException e) {
            return Future.failedFuture(e);
        }
        boolean stream = request.wantsStream();
        RequestOptions options = endpoint(backend).options()
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.ACCEPT, stream ? "text/event-stream" : "application/json");
        if (anthropic(backend)) {
            AnthropicDialect.headers(options, backend);
        } else {
            backend.apiKey().ifPresent(key -> options.putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + key));
        }
        backend.headers().forEach(options::putHeader);
        if (route.forceBig() && backend.gamingPc()) {
            options.putHeader("X-Force-Big", "true");    // the #force_big tag was removed from the text
        }

        return clients.client(backend).request(options)
                .recover(e -> Future.failedFuture(connectFailure(backend, e)))
                .compose(upstream -> {
                    ExchangeTimer timer = new ExchangeTimer(vertx, backend, upstream::reset);
                    client.response().closeHandler(gone -> {
                        timer.cancel();
                        upstream.reset();
                    });
                    return upstream.send(body)
                            .recover(e -> Future.failedFuture(exchangeFailure(backend, e, timer)))
                            .compose(response -> relay(route, request, upstream, response, client, timer, record));
                });
    }

    private Future<Void> relay(Route route, ChatCompletionRequest request, HttpClientRequest upstream,
                               HttpClientResponse response, ClientWriter client, ExchangeTimer timer,
                               ExchangeEvents record) {
        boolean stream = request.wantsStream();
        boolean anthropic = anthropic(route.backend());
        int status = response.statusCode();
        if (status < 200 || status > 299) {
            return failureBody(route.backend(), response, timer).compose(text -> Future.failedFuture(backendError(route.backend(), status,
                    response.getHeader("Retry-After"), text)));
        }
        String type = response.getHeader(HttpHeaders.CONTENT_TYPE);
        if (stream && type != null && type.startsWith("text/event-stream")) {
            return new StreamRelay(route, upstream, response, client, json, timer, record,
                    anthropic ? AnthropicDialect.stream(request, json) : null).run();
        }
        return collect(route.backend(), response, timer)
                .compose(received -> {
                    Buffer answer;
                    try {
                        answer = anthropic ? AnthropicDialect.answer(received, json) : received;
                    } catch (java.io.IOException | RuntimeException e) {
                        return Future.failedFuture(RouterErrors.badGateway(route.backend().name(),
                                "sent an answer that is not a Messages API message."));
                    }
                    account(answer, record);
                    record.answerBody(answer);
                    record.firstByte();
                    RouterHeaders.apply(client.response(), route);
                    return client.answer(answer);
                });
    }

    /**
     * Where a backend's chat requests go, worked out once per base URL rather than parsed from a URL on
     * every request.
     */
    record Endpoint(String host, int port, boolean ssl, String path) {

        static Endpoint of(URI url) {
            boolean ssl = "https".equalsIgnoreCase(url.getScheme());
            int port = url.getPort() > 0 ? url.getPort() : ssl ? 443 : 80;
            String path = url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
            return new Endpoint(url.getHost(), port, ssl, path);
        }

        RequestOptions options() {
            return new RequestOptions().setMethod(HttpMethod.POST).setHost(host).setPort(port).setSsl(ssl).setURI(path);
        }
    }

    private Endpoint endpoint(Backend backend) {
        Map<URI, Endpoint> known = anthropic(backend) ? anthropicEndpoints : openAiEndpoints;
        Endpoint endpoint = known.get(backend.baseUrl());
        if (endpoint == null) {
            endpoint = Endpoint.of(backend.chatCompletionsUrl());
            if (known.size() > 256) {
                known.clear();              // base URLs only change with the routing file: a bound, not an eviction policy
            }
            known.put(backend.baseUrl(), endpoint);
        }
        return endpoint;
    }

    /** Usage and answer text of a JSON answer, for the request log. */
    private void account(Buffer answer, ExchangeEvents record) {
        JsonNode tree = parse(answer.getBytes());
        record.usage(tree.path("usage"));
        for (JsonNode choice : tree.path("choices")) {
            StreamRelay.accountMessage(choice.path("message"), record);
        }
    }

    /** Reads a whole JSON answer, within the exchange's first-token, gap and total limits. */
    private Future<Buffer> collect(Backend backend, HttpClientResponse response, ExchangeTimer timer) {
        Promise<Buffer> answer = Promise.promise();
        Buffer received = Buffer.buffer();
        response.handler(bytes -> {
            timer.heard();
            received.appendBuffer(bytes);
        });
        response.endHandler(end -> {
            timer.cancel();
            answer.tryComplete(received);
        });
        response.exceptionHandler(e -> {
            timer.cancel();
            answer.tryFail(exchangeFailure(backend, e, timer));
        });
        return answer.future();
    }

    private Future<String> failureBody(Backend backend, HttpClientResponse response, ExchangeTimer timer) {
        return collect(backend, response, timer)
                .map(b -> b.length() > MAX_ERROR_BODY ? b.getString(0, MAX_ERROR_BODY) : b.toString())
                .otherwise("");
    }

    private ApiException backendError(Backend backend, int status, String retryAfter, String body) {
        String message = masked(backend, anthropic(backend) ? AnthropicDialect.errorMessage(status, body)
                : upstreamMessage(body));
        if (status == 401 || status == 403) {
            LOG.warnf("backend %s refused the router's credentials (HTTP %d): %s", backend.name(), status, message);
            return RouterErrors.badGateway(backend.name(), "refused the router's credentials (HTTP " + status
                    + "); check its API key: " + message);
        }
        if (status == 429) {
            ApiError error = ApiError.of("Backend '" + backend.name() + "' is rate limiting: " + message,
                    ApiError.RATE_LIMIT, null, "backend_rate_limited");
            return new ApiException(429, error, retryAfter == null ? Map.of()
                    : Map.of("Retry-After", retryAfter));
        }
        JsonNode error = parse(body).path("error");
        String code = error.path("code").isTextual() ? error.path("code").asText() : "";
        String type = error.path("type").asText("");
        if (status == 503 && GAMING_MODE.equals(code)) {
            return new ApiException(503, ApiError.of("Backend '" + backend.name() + "' is reserved: " + message,
                    ApiError.UNAVAILABLE, null, GAMING_MODE));
        }
        if (busy(status, code, type, message, retryAfter)) {
            return new ApiException(503, ApiError.of("Backend '" + backend.name() + "' is busy: " + message,
                    ApiError.UNAVAILABLE, null, BUSY), retryAfter == null ? Map.of() : Map.of("Retry-After", retryAfter));
        }
        if (contextOverflow(status, code, type, message)) {
            return new ApiException(400, ApiError.invalidRequest("Backend '" + backend.name()
                    + "' cannot fit the prompt in its context: " + message, "messages", CONTEXT_LENGTH));
        }
        if (status >= 400 && status < 500) {
            return new ApiException(status, ApiError.of(message,
                    error.path("type").isTextual() ? error.path("type").asText() : ApiError.INVALID_REQUEST,
                    error.path("param").isTextual() ? error.path("param").asText() : null,
                    error.path("code").isTextual() ? error.path("code").asText() : null));
        }
        LOG.warnf("backend %s answered HTTP %d: %s", backend.name(), status, message);
        return RouterErrors.badGateway(backend.name(), "failed with HTTP " + status + ": " + message);
    }

    /** Code of a backend's refusal while its GPU is reserved for games (gaming-pc-manager's own). */
    public static final String GAMING_MODE = "gaming_mode";
    /** Code of a backend that said it cannot take more work now: every slot taken, overloaded, loading. */
    public static final String BUSY = "backend_busy";
    /** OpenAI's code for a prompt longer than the model's context; every backend's way of saying so becomes it. */
    public static final String CONTEXT_LENGTH = "context_length_exceeded";

    /**
     * A 400 (413 for some) that says the prompt does not fit the model: OpenAI's and inference-serving's
     * {@code context_length_exceeded}, llama-server's {@code exceed_context_size_error}, vLLM's and OpenRouter's
     * "maximum context length", Anthropic's "prompt is too long", Gemini's "exceeds the maximum number of tokens".
     */
    static boolean contextOverflow(int status, String code, String type, String message) {
        if (status != 400 && status != 413) {
            return false;
        }
        String all = (code + " " + type + " " + message).toLowerCase(java.util.Locale.ROOT);
        return all.contains(CONTEXT_LENGTH) || all.contains("exceed_context_size") || all.contains("maximum context length")
                || all.contains("prompt is too long") || all.contains("exceeds the maximum number of tokens")
                || all.contains("exceeds the available context size");
    }

    /**
     * A 503 or 529 that says "not now" rather than "broken": with {@code Retry-After}, or a busy,
     * overloaded or loading code or message (inference-serving's {@code model_busy}, Anthropic's
     * {@code overloaded_error}, llama-server's "Loading model").
     */
    static boolean busy(int status, String code, String type, String message, String retryAfter) {
        if (status == 529) {
            return true;
        }
        if (status != 503) {
            return false;
        }
        String all = (code + " " + type + " " + message).toLowerCase(java.util.Locale.ROOT);
        return retryAfter != null || all.contains("busy") || all.contains("overloaded") || all.contains("loading model");
    }

    private static boolean anthropic(Backend backend) {
        return Backend.ANTHROPIC.equals(backend.type());
    }

    /** A backend's text with its own key, and anything shaped like a secret, removed. */
    private String masked(Backend backend, String text) {
        String out = backend.apiKey().map(key -> text.replace(key, "[REDACTED]")).orElse(text);
        return redactor.redact(out);
    }

    /** The backend's own error message if its body is an OpenAI (or similar) error, else a trimmed body. */
    private String upstreamMessage(String body) {
        JsonNode tree = parse(body);
        JsonNode message = tree.path("error").isTextual() ? tree.path("error") : tree.path("error").path("message");
        if (message.isTextual()) {
            return message.asText();
        }
        if (tree.path("message").isTextual()) {
            return tree.path("message").asText();
        }
        String trimmed = body.strip();
        return trimmed.isEmpty() ? "(no body)" : trimmed.length() > 300 ? trimmed.substring(0, 300) + "…" : trimmed;
    }

    private JsonNode parse(String body) {
        return parse(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));       // error bodies only: not hot
    }

    /** The body's JSON, or a missing node when it is none. */
    private JsonNode parse(byte[] body) {
        try {
            JsonNode tree = json.readTree(body);
            return tree == null ? json.missingNode() : tree;
        } catch (java.io.IOException notJson) {
            return json.missingNode();
        }
    }

    static ApiException connectFailure(Backend backend, Throwable e) {
        if (e instanceof ApiException known) {
            return known;
        }
        String why = isTimeout(e) ? "did not accept a connection within " + backend.limits().connect().toMillis() + " ms"
                : e instanceof ConnectException ? "refused the connection"
                : "could not be reached (" + e.getMessage() + ")";
        LOG.warnf("backend %s at %s %s", backend.name(), backend.baseUrl(), why);
        return RouterErrors.unreachable(backend.name(), "is unreachable: it " + why + ".");
    }

    /** A failure of the exchange after connecting; a passed deadline of {@code timer} makes it a 504. */
    static ApiException exchangeFailure(Backend backend, Throwable e, ExchangeTimer timer) {
        if (e instanceof ApiException known) {
            return known;
        }
        if (timer.reason() != null) {
            return RouterErrors.gatewayTimeout(backend.name(), timer.reason() + ".");
        }
        LOG.warnf("backend %s broke off the exchange: %s", backend.name(), e.toString());
        return RouterErrors.badGateway(backend.name(), "closed the connection before answering.");
    }

    static boolean isTimeout(Throwable e) {
        return e instanceof TimeoutException || e instanceof ConnectTimeoutException
                || (e.getMessage() != null && e.getMessage().contains("timeout period"));
    }
}
