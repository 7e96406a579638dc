package dev.localai.mattermost.router;

import dev.localai.mattermost.config.BotConfig;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;

/** Sends {@code mattermost.router.key} as {@code Authorization: Bearer} when one is set. */
public class RouterKey implements ClientRequestFilter {

    private final BotConfig config;

    public RouterKey(BotConfig config) {
        this.config = config;
    }

    @Override
    public void filter(ClientRequestContext request) {
        config.router().key().map(String::trim).filter(k -> !k.isEmpty())
                .ifPresent(key -> request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, "Bearer " + key));
    }
}
