package dev.localai.mattermost.gamingpc;

import dev.localai.mattermost.config.BotConfig;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;

/** Sends {@code GAMING_PC_TOKEN} as {@code Authorization: Bearer}, as gaming-pc-manager's {@code ControlAuth} asks. */
public class GamingPcToken implements ClientRequestFilter {

    private final BotConfig config;

    public GamingPcToken(BotConfig config) {
        this.config = config;
    }

    @Override
    public void filter(ClientRequestContext request) {
        config.gamingPc().token().map(String::trim).filter(t -> !t.isEmpty())
                .ifPresent(token -> request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, "Bearer " + token));
    }
}
