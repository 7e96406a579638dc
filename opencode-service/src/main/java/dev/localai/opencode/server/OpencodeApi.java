package dev.localai.opencode.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.io.IOException;
import java.time.Duration;

/**
 * The calls the bridge makes to OpenCode's HTTP API, the one it calls V1 (OpenAPI at {@code GET /doc} of
 * {@code opencode serve}, version pinned in {@code npm/package-lock.json}): health, agents and providers (which
 * also boot the instance), sessions (create, replay a history, prompt without waiting, abort, delete). The event
 * stream is {@link EventStream}. Every call has a timeout; a status other than the expected one fails the future
 * with an {@link OpencodeCallException} that carries OpenCode's own message.
 */
public final class OpencodeApi {

    /** What {@code POST /session} answered: the id, and the directory (instance) the session lives in. */
    public record Session(String id, String directory) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final Duration callTimeout;

    public OpencodeApi(Vertx vertx, Duration callTimeout) {
        this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true)
                .setConnectTimeout(2000), new PoolOptions().setHttp1MaxSize(64));
        this.callTimeout = callTimeout;
    }

    /** {@code GET /global/health}: the version when it answers {@code healthy: true}. */
    public Future<String> health(Endpoint endpoint, Duration timeout) {
        return call(endpoint, HttpMethod.GET, "/global/health", null, 200, timeout).map(body -> {
            if (!body.path("healthy").asBoolean(false)) {
                throw new OpencodeCallException("OpenCode says it is not healthy: " + body, 200, null);
            }
            return body.path("version").asText("unknown");
        });
    }

    /** {@code GET /agent}: the names of the agents the instance has (the first call boots the instance). */
    public Future<JsonNode> agents(Endpoint endpoint, Duration timeout) {
        return call(endpoint, HttpMethod.GET, "/agent", null, 200, timeout);
    }

    /** {@code GET /config/providers}: the providers and models OpenCode loaded. */
    public Future<JsonNode> providers(Endpoint endpoint, Duration timeout) {
        return call(endpoint, HttpMethod.GET, "/config/providers", null, 200, timeout);
    }

    /** {@code POST /session} with a title (so OpenCode asks no model for one). */
    public Future<Session> createSession(Endpoint endpoint, String title) {
        ObjectNode body = JSON.createObjectNode().put("title", title);
        return call(endpoint, HttpMethod.POST, "/session", body, 200, callTimeout)
                .map(s -> new Session(s.path("id").asText(), s.path("directory").asText()));
    }

    /** {@code POST /sync/replay}: appends stored events (a history of messages) to a session. */
    public Future<Void> replay(Endpoint endpoint, String directory, ArrayNode events) {
        ObjectNode body = JSON.createObjectNode().put("directory", directory);
        body.set("events", events);
        return call(endpoint, HttpMethod.POST, "/sync/replay", body, 200, callTimeout).mapEmpty();
    }

    /** {@code POST /session/{id}/prompt_async}: starts the answer and returns at once (204). */
    public Future<Void> promptAsync(Endpoint endpoint, String sessionId, ObjectNode body) {
        return call(endpoint, HttpMethod.POST, "/session/" + sessionId + "/prompt_async", body, 204, callTimeout)
                .mapEmpty();
    }

    /** {@code POST /session/{id}/abort}: stops the answer, and with it OpenCode's call to the provider. */
    public Future<Void> abort(Endpoint endpoint, String sessionId) {
        return call(endpoint, HttpMethod.POST, "/session/" + sessionId + "/abort", null, 200, callTimeout).mapEmpty();
    }

    /** {@code DELETE /session/{id}}: removes the session and its messages from OpenCode's database. */
    public Future<Void> delete(Endpoint endpoint, String sessionId) {
        return call(endpoint, HttpMethod.DELETE, "/session/" + sessionId, null, 200, callTimeout).mapEmpty();
    }

    public void close() {
        http.close();
    }

    private Future<JsonNode> call(Endpoint endpoint, HttpMethod method, String path, JsonNode body, int expected,
                                  Duration timeout) {
        RequestOptions options = new RequestOptions().setMethod(method).setHost(endpoint.host())
                .setPort(endpoint.port()).setURI(path).setIdleTimeout(timeout.toMillis());
        if (endpoint.authorization() != null) {
            options.putHeader("Authorization", endpoint.authorization());
        }
        if (body != null) {
            options.putHeader("Content-Type", "application/json");
        }
        String call = method + " " + path;
        return http.request(options)
                .compose(request -> body == null ? request.send() : request.send(Buffer.buffer(body.toString())))
                .compose(response -> response.body().map(content -> {
                    if (response.statusCode() != expected) {
                        throw new OpencodeCallException("OpenCode answered " + call + " with HTTP "
                                + response.statusCode() + ": " + message(content), response.statusCode(), null);
                    }
                    return parse(content);
                }))
                .recover(failure -> Future.failedFuture(failure instanceof OpencodeCallException ? failure
                        : new OpencodeCallException("OpenCode did not answer " + call + ": " + describe(failure),
                        0, failure)));
    }

    private static JsonNode parse(Buffer content) {
        if (content == null || content.length() == 0) {
            return JSON.nullNode();
        }
        try {
            return JSON.readTree(content.getBytes());
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode(content.toString());
        }
    }

    /** OpenCode's {@code {"name": …, "data": {"message": …}}}, or the body as sent (shortened). */
    private static String message(Buffer content) {
        JsonNode parsed = parse(content);
        String text = parsed.path("data").path("message").asText(null);
        if (text != null) {
            return parsed.path("name").asText("Error") + ": " + text;
        }
        String raw = content == null ? "" : content.toString();
        return raw.length() > 300 ? raw.substring(0, 300) + "…" : raw;
    }

    static String describe(Throwable failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }
}
