package dev.localai.opencode;

import com.fasterxml.jackson.databind.JsonNode;
import dev.localai.opencode.bridge.Bridge;
import dev.localai.opencode.server.Endpoint;
import dev.localai.opencode.supervisor.OpencodeSupervisor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/** Looks into the running OpenCode from a test, with the password the supervisor gave it. */
public final class OpencodeProbe {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private OpencodeProbe() {
    }

    /** {@code GET /session}: the sessions OpenCode keeps. */
    public static JsonNode sessions(OpencodeSupervisor supervisor) {
        return get(supervisor.connection().endpoint(), "/session");
    }

    /** The ids of the sessions OpenCode keeps now. */
    public static Set<String> sessionIds(OpencodeSupervisor supervisor) {
        Set<String> ids = new HashSet<>();
        sessions(supervisor).forEach(s -> ids.add(s.path("id").asText()));
        return ids;
    }

    /** Sessions OpenCode keeps that are not the bridge's idle ones: none once every answer is cleaned up. */
    public static Set<String> leftOver(OpencodeSupervisor supervisor, Bridge bridge) {
        Set<String> ids = sessionIds(supervisor);
        ids.removeAll(bridge.idleSessions());
        return ids;
    }

    public static JsonNode get(Endpoint endpoint, String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint.baseUrl() + path))
                .timeout(Duration.ofSeconds(20));
        if (endpoint.authorization() != null) {
            request.header("Authorization", endpoint.authorization());
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + ": HTTP " + response.statusCode() + " " + response.body());
            }
            return Chat.json(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
