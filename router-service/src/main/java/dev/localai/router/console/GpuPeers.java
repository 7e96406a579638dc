package dev.localai.router.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.localai.openai.ApiError;
import dev.localai.openai.ApiException;
import dev.localai.router.Backend;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

/**
 * The home GPU services' own APIs, as the console reads and drives them: the gaming PC manager's
 * {@code GET /status}, {@code POST /gaming-mode}, {@code POST /stop-all}, and the 3070 service's
 * {@code GET /models/status}, {@code POST /models/{name}/load|unload}. Blocking calls, on worker threads only.
 */
@Singleton
public class GpuPeers {

    private final ObjectMapper json;
    private final ConsoleConfig config;
    private final HttpClient http;

    public GpuPeers(ObjectMapper json, ConsoleConfig config) {
        this.json = json;
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(config.peerTimeout()).build();
    }

    /** The service's root: the backend's base URL without {@code /v1}. */
    static String root(Backend b) {
        return b.baseUrl().toString().replaceAll("/+$", "").replaceAll("/v1$", "");
    }

    /** A GET that answered 200 with JSON, or empty (unreachable, another status, not JSON). */
    Optional<JsonNode> read(Backend b, String path) {
        try {
            HttpResponse<String> r = http.send(request(b, path).GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Optional.of(json.readTree(r.body())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** A POST; the peer's JSON answer, or a 502 that says what went wrong (its own error message when it sent one). */
    JsonNode post(Backend b, String path, String body) {
        HttpResponse<String> r;
        try {
            r = http.send(request(b, path).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : body)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw failed(b, "did not answer (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(b, "was interrupted");
        }
        JsonNode answer;
        try {
            answer = json.readTree(r.body());
        } catch (IOException e) {
            answer = null;
        }
        if (r.statusCode() / 100 != 2) {
            String message = answer == null ? "" : answer.path("error").path("message").asText("");
            throw failed(b, "answered HTTP " + r.statusCode() + (message.isEmpty() ? "" : ": " + message));
        }
        return answer == null ? json.createObjectNode() : answer;
    }

    private HttpRequest.Builder request(Backend b, String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(root(b) + path)).timeout(config.peerTimeout());
        if (b.gamingPc()) {
            config.gamingPcToken().filter(t -> !t.isBlank()).ifPresent(t -> builder.header("Authorization", "Bearer " + t));
        }
        return builder;
    }

    private static ApiException failed(Backend b, String what) {
        return new ApiException(502, ApiError.of(b.name() + " " + what + ".", ApiError.UPSTREAM_ERROR, null, "peer_failed"));
    }
}
