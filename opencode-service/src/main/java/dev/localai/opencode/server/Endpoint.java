package dev.localai.opencode.server;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where one OpenCode server listens and how to authenticate to it: HTTP basic auth with user
 * {@code opencode} and the server's password (none: no header). {@link #toString()} never shows the password.
 */
public record Endpoint(String host, int port, String authorization) {

    public static final String USER = "opencode";

    public static Endpoint of(String host, int port, String password) {
        String auth = password == null || password.isEmpty() ? null : "Basic " + Base64.getEncoder()
                .encodeToString((USER + ":" + password).getBytes(StandardCharsets.UTF_8));
        return new Endpoint(host, port, auth);
    }

    /** {@code http://host:port}. */
    public String baseUrl() {
        return "http://" + host + ":" + port;
    }

    @Override
    public String toString() {
        return baseUrl() + (authorization == null ? "" : " (basic auth)");
    }
}
