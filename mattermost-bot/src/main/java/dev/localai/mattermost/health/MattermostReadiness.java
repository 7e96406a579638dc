package dev.localai.mattermost.health;

import dev.localai.mattermost.conversation.BotIdentity;
import dev.localai.mattermost.server.MattermostClient;
import dev.localai.mattermost.server.User;
import dev.localai.mattermost.websocket.EventStream;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * The Mattermost connection in {@code /q/health/ready}: always UP (the bot reconnects by itself, and a restart
 * would not help), with the WebSocket's state, connection id and since when, and who the bot is.
 */
@Readiness
@ApplicationScoped
public class MattermostReadiness implements HealthCheck {

    private final MattermostClient mattermost;
    private final EventStream events;
    private final BotIdentity identity;

    public MattermostReadiness(MattermostClient mattermost, EventStream events, BotIdentity identity) {
        this.mattermost = mattermost;
        this.events = events;
        this.identity = identity;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("mattermost").up();
        if (!mattermost.configured()) {
            return response.withData("websocket", "not configured (MATTERMOST_URL, MATTERMOST_TOKEN)").build();
        }
        EventStream.Status status = events.status();
        User me = identity.me();
        response.withData("server", mattermost.url().toString()).withData("websocket", status.state())
                .withData("since", String.valueOf(status.since()));
        if (status.connectionId() != null) {
            response.withData("connection_id", status.connectionId());
        }
        return response.withData("bot", me == null ? "not signed in" : "@" + me.username()).build();
    }
}
