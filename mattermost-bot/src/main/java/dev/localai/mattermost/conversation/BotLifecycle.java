package dev.localai.mattermost.conversation;

import dev.localai.mattermost.Workers;
import dev.localai.mattermost.config.BotConfig;
import dev.localai.mattermost.server.MattermostClient;
import dev.localai.mattermost.server.MattermostException;
import dev.localai.mattermost.server.User;
import dev.localai.mattermost.websocket.EventStream;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * At start: who the bot is ({@code GET /api/v4/users/me}, retried until Mattermost answers), then the event stream.
 * Without {@code MATTERMOST_URL} and {@code MATTERMOST_TOKEN} it says so and does not connect.
 */
@ApplicationScoped
public class BotLifecycle {

    private static final Logger LOG = Logger.getLogger(BotLifecycle.class);

    private final MattermostClient mattermost;
    private final BotIdentity identity;
    private final EventStream events;
    private final PostHandler posts;
    private final Workers workers;
    private final Vertx vertx;
    private final BotConfig.WebSocket retry;
    private Duration wait;

    public BotLifecycle(MattermostClient mattermost, BotIdentity identity, EventStream events, PostHandler posts,
                        Workers workers, Vertx vertx, BotConfig config) {
        this.mattermost = mattermost;
        this.identity = identity;
        this.events = events;
        this.posts = posts;
        this.workers = workers;
        this.vertx = vertx;
        this.retry = config.websocket();
        this.wait = retry.reconnectInitial();
    }

    void start(@Observes StartupEvent started) {
        if (!mattermost.configured()) {
            LOG.warn("MATTERMOST_URL and MATTERMOST_TOKEN are not both set: the bot does not connect to Mattermost"
                    + " (POST /slash still answers slash commands)");
            return;
        }
        workers.run(this::signIn);
    }

    private void signIn() {
        try {
            User me = mattermost.me();
            identity.signedIn(me);
            LOG.infof("signed in to Mattermost at %s as @%s (user id %s)%s", mattermost.url(), me.username(), me.id(),
                    me.bot() ? "" : "; this is not a bot account, which works but shows no BOT tag");
            events.start(posts);
        } catch (RuntimeException e) {
            if (e instanceof MattermostException refused && refused.status() == 401) {
                LOG.errorf("Mattermost at %s refused MATTERMOST_TOKEN (%s): create a bot account and copy its access"
                        + " token; trying again in %s", mattermost.url(), refused.getMessage(), retry.reconnectMax());
                wait = retry.reconnectMax();
            } else {
                LOG.warnf("cannot reach Mattermost at %s (%s); trying again in %s", mattermost.url(), e.getMessage(), wait);
            }
            Duration next = wait;
            wait = wait.multipliedBy(2).compareTo(retry.reconnectMax()) > 0 ? retry.reconnectMax() : wait.multipliedBy(2);
            vertx.setTimer(Math.max(1, next.toMillis()), t -> workers.run(this::signIn));
        }
    }
}
