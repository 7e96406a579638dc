package dev.localai.mattermost.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bot's metrics (Prometheus names): {@code mattermost_bot_commands_total{command,outcome}},
 * {@code mattermost_bot_reply_seconds{command}} (from the post's arrival to the finished reply),
 * {@code mattermost_bot_websocket_connected} (1 while the event stream is up), {@code
 * mattermost_bot_websocket_reconnects_total}, {@code mattermost_bot_websocket_events_lost_total} (Mattermost issued a
 * new connection id after a drop) and {@code mattermost_bot_posts_ignored_total{reason}}.
 */
@ApplicationScoped
public class BotMetrics {

    private final MeterRegistry registry;
    private final AtomicInteger connected = new AtomicInteger();
    private final Counter reconnects;
    private final Counter eventsLost;

    public BotMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("mattermost.bot.websocket.connected", connected);
        this.reconnects = Counter.builder("mattermost.bot.websocket.reconnects")
                .description("WebSocket reconnect attempts").register(registry);
        this.eventsLost = Counter.builder("mattermost.bot.websocket.events.lost")
                .description("Reconnects after which Mattermost said events were lost (a new connection id)").register(registry);
    }

    public void command(String command, String outcome, Duration took) {
        Counter.builder("mattermost.bot.commands").description("Commands and chats handled, by outcome")
                .tag("command", command).tag("outcome", outcome).register(registry).increment();
        Timer.builder("mattermost.bot.reply").description("From a post's arrival to the bot's finished reply")
                .tag("command", command).register(registry).record(took);
    }

    public void ignored(String reason) {
        Counter.builder("mattermost.bot.posts.ignored").description("Posts the bot did not answer, by reason")
                .tag("reason", reason).register(registry).increment();
    }

    public void connected(boolean up) {
        connected.set(up ? 1 : 0);
    }

    public void reconnecting() {
        reconnects.increment();
    }

    public void eventsLost() {
        eventsLost.increment();
    }
}
