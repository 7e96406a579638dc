package dev.localai.evalcli.router;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;

/** Sends the admin key as {@code Authorization: Bearer}, unless there is none (an open router). */
final class BearerKey implements ClientRequestFilter {

    private final String key;

    BearerKey(String key) {
        this.key = key;
    }

    @Override
    public void filter(ClientRequestContext request) {
        if (key != null && !key.isBlank()) {
            request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, "Bearer " + key.strip());
        }
    }
}
