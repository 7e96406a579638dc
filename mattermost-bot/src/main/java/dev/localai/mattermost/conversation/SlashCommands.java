package dev.localai.mattermost.conversation;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.localai.mattermost.Command;
import dev.localai.mattermost.Reply;
import dev.localai.mattermost.Requester;
import dev.localai.mattermost.Workers;
import dev.localai.mattermost.commands.CommandParser;
import dev.localai.mattermost.commands.Commands;
import dev.localai.mattermost.config.BotConfig;
import dev.localai.mattermost.metrics.BotMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Mattermost's custom slash command ({@code /gaming on|off|status}; developer docs, "Custom slash commands"): the
 * token Mattermost sends ({@code Authorization: Token …}, and the {@code token} field) must be one of
 * {@code mattermost.slash.tokens}. A command that finishes within {@code mattermost.slash.inline-wait} is answered at
 * once; a slower one answers "working on it" and posts its result to the {@code response_url} when done. Changes are
 * shown to the channel ({@code in_channel}), everything else only to the user ({@code ephemeral}).
 */
@ApplicationScoped
public class SlashCommands {

    private static final Logger LOG = Logger.getLogger(SlashCommands.class);
    static final String USAGE = "Usage: `/gaming on`, `/gaming off`, `/gaming status`, `/gaming stop-all` or `/gaming help`.";

    /** The answer Mattermost reads: HTTP status and a CommandResponse. */
    public record Answer(int status, Map<String, String> body) {
    }

    private final Commands commands;
    private final BotIdentity identity;
    private final Workers workers;
    private final BotMetrics metrics;
    private final ObjectMapper json;
    private final List<String> tokens;
    private final Duration inlineWait;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public SlashCommands(Commands commands, BotIdentity identity, Workers workers, BotMetrics metrics, ObjectMapper json,
                         BotConfig config) {
        this.commands = commands;
        this.identity = identity;
        this.workers = workers;
        this.metrics = metrics;
        this.json = json;
        this.tokens = config.slash().tokens().orElse(List.of()).stream().map(String::trim).filter(t -> !t.isEmpty()).toList();
        this.inlineWait = config.slash().inlineWait();
    }

    /** Handles one call; {@code form} holds Mattermost's fields ({@code text}, {@code user_id}, {@code response_url}…). */
    public Answer handle(String authorization, Map<String, String> form) {
        long arrived = System.nanoTime();
        String token = authorization != null && authorization.regionMatches(true, 0, "Token ", 0, 6)
                ? authorization.substring(6).trim() : form.getOrDefault("token", "");
        if (tokens.isEmpty() || tokens.stream().noneMatch(t -> same(t, token))) {
            LOG.warnf("slash command refused: %s (from user %s)", tokens.isEmpty()
                    ? "mattermost.slash.tokens is not set" : "wrong token", form.getOrDefault("user_name", "?"));
            return new Answer(401, ephemeral("This slash command's token is not the one the bot knows: copy the"
                    + " command's token into `mattermost.slash.tokens`."));
        }
        Requester who = new Requester(form.getOrDefault("user_id", ""), form.getOrDefault("user_name", ""),
                form.getOrDefault("channel_id", ""), form.getOrDefault("channel_name", ""),
                form.getOrDefault("channel_name", "").contains("__"));
        Optional<Command> command = CommandParser.parseSlash(form.get("text"));
        if (command.isEmpty()) {
            return new Answer(200, ephemeral(USAGE));
        }
        String name = command.get().kind().metricName();
        CompletableFuture<Reply> running = workers.supply(() -> commands.run(command.get(), who, identity.name()));
        try {
            Reply reply = running.get(Math.max(1, inlineWait.toMillis()), TimeUnit.MILLISECONDS);
            metrics.command(name, reply.outcome(), Duration.ofNanos(System.nanoTime() - arrived));
            LOG.infof("/%s %s from %s: %s", "gaming", form.getOrDefault("text", ""), who.mention(), reply.outcome());
            return new Answer(200, body(reply));
        } catch (java.util.concurrent.TimeoutException slow) {
            String responseUrl = form.getOrDefault("response_url", "");
            running.thenAccept(reply -> {
                metrics.command(name, reply.outcome(), Duration.ofNanos(System.nanoTime() - arrived));
                later(responseUrl, reply);
            });
            return new Answer(200, ephemeral("⏳ Working on it…"));
        } catch (Exception e) {
            LOG.errorf("slash command %s failed: %s", name, e.toString());
            metrics.command(name, "failed", Duration.ofNanos(System.nanoTime() - arrived));
            return new Answer(200, ephemeral("Something went wrong; the bot's log says what."));
        }
    }

    private void later(String responseUrl, Reply reply) {
        if (!responseUrl.startsWith("http")) {
            LOG.warnf("no response_url to post a late slash command answer to: %s", reply.text());
            return;
        }
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(responseUrl)).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body(reply)))).build();
            HttpResponse<String> answered = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (answered.statusCode() != 200) {
                LOG.warnf("Mattermost refused the late answer (%d): %s", answered.statusCode(), answered.body());
            }
        } catch (Exception e) {
            LOG.warnf("cannot post the late answer to the response_url: %s", e.toString());
        }
    }

    private static Map<String, String> body(Reply reply) {
        return Map.of("response_type", reply.everyone() ? "in_channel" : "ephemeral", "text", reply.text());
    }

    private static Map<String, String> ephemeral(String text) {
        return Map.of("response_type", "ephemeral", "text", text);
    }

    private static boolean same(String expected, String given) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}
