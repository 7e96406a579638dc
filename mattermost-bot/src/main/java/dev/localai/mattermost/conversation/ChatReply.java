package dev.localai.mattermost.conversation;

import dev.localai.mattermost.CallFailure;
import dev.localai.mattermost.Requester;
import dev.localai.mattermost.config.BotConfig;
import dev.localai.mattermost.router.ChatAnswer;
import dev.localai.mattermost.router.ChatStream;
import dev.localai.mattermost.server.MattermostClient;
import dev.localai.mattermost.server.Post;
import dev.localai.mattermost.server.User;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * A chat answered in one post: a placeholder at once, then edited with the text so far at most once per
 * {@code mattermost.chat.edit-interval} while the router streams, then the whole answer with a footer naming the
 * backend that answered, or what went wrong. Runs on a worker thread; returns when the post is final.
 */
@ApplicationScoped
public class ChatReply {

    private static final Logger LOG = Logger.getLogger(ChatReply.class);
    static final String PLACEHOLDER = "…";
    private static final Pattern FOOTER = Pattern.compile("\\n\\n_— answered by [^\\n]*_$");
    private static final int POST_LIMIT = MattermostClient.MAX_MESSAGE - 200;

    private final MattermostClient mattermost;
    private final ChatStream router;
    private final ThreadHistory history;
    private final BotConfig.Chat settings;
    private final String routerUrl;

    public ChatReply(MattermostClient mattermost, ChatStream router, ThreadHistory history, BotConfig config) {
        this.mattermost = mattermost;
        this.router = router;
        this.history = history;
        this.settings = config.chat();
        this.routerUrl = config.router().url().toString();
    }

    /** Answers {@code text} (the post without the mention) in the post's thread; returns the outcome for metrics. */
    String answer(Requester who, Post post, String text, User me) {
        Post reply = mattermost.reply(post.channelId(), post.threadId(), PLACEHOLDER, "chat");
        StringBuffer streamed = new StringBuffer();
        CompletableFuture<ChatAnswer> answer = router.stream(history.messages(post, text, me), "mattermost:" + who.userName(),
                streamed::append);
        String shown = "";
        ChatAnswer done = null;
        while (done == null) {
            try {
                done = answer.get(Math.max(50, settings.editInterval().toMillis()), TimeUnit.MILLISECONDS);
            } catch (TimeoutException notYet) {
                String now = streamed.toString();
                if (!now.isBlank() && !now.equals(shown)) {
                    edit(reply, cut(now) + " ▍", null);
                    shown = now;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                edit(reply, "I was stopped before the answer was complete.", "chat-error");
                return "failed";
            } catch (ExecutionException e) {
                done = new ChatAnswer(streamed.toString(), null, null, null, CallFailure.of(e.getCause()), null);
            }
        }
        finish(reply, done);
        LOG.infof("chat for %s: %d characters from %s%s", who.mention(), done.text().length(),
                done.backend() == null ? "the router" : done.backend(), done.complete() ? "" : " (" + done.failure().kind() + ")");
        return done.complete() ? "ok" : done.failure().kind() == CallFailure.Kind.TIMEOUT ? "timeout" : "failed";
    }

    private void finish(Post reply, ChatAnswer done) {
        String text = done.text().strip();
        if (done.complete()) {
            String footer = "\n\n_— answered by " + (done.backend() == null ? "the router"
                    : "**" + done.backend() + "**" + (done.model() == null ? "" : " (" + done.model() + ")"))
                    + (done.reason() == null ? "" : " · " + done.reason()) + "_";
            String body = text.isEmpty() ? "_(an empty answer)_" : text;
            String first = body.length() <= POST_LIMIT ? body : body.substring(0, POST_LIMIT);
            edit(reply, first + (body.length() <= POST_LIMIT ? footer : ""), null);
            for (int at = POST_LIMIT; at < body.length(); at += POST_LIMIT) {
                String part = body.substring(at, Math.min(body.length(), at + POST_LIMIT));
                mattermost.reply(reply.channelId(), reply.threadId(), part + (at + POST_LIMIT >= body.length() ? footer : ""), "chat");
            }
            return;
        }
        String problem = problem(done);
        edit(reply, text.isEmpty() ? problem : cut(text) + "\n\n⚠️ " + problem, text.isEmpty() ? "chat-error" : null);
    }

    private String problem(ChatAnswer done) {
        CallFailure failure = done.failure();
        return switch (failure.kind()) {
            case TIMEOUT -> switch (done.timeout() == null ? "total" : done.timeout()) {
                case "first token" -> "⏱ The router did not answer within " + seconds(settings.firstTokenTimeout())
                        + ": the backend may be loading a model, or stuck. Try again, or ask for a smaller model with `#small`.";
                case "gap" -> "The answer stopped: nothing more came for " + seconds(settings.gapTimeout()) + ".";
                default -> "⏱ The answer took longer than " + seconds(settings.totalTimeout()) + " and was cut off.";
            };
            case UNREACHABLE -> "I can't reach the router at " + routerUrl + " (" + failure.detail() + ").";
            case UNAUTHORIZED -> "The router refused my key (" + failure.status() + "): set `mattermost.router.key`.";
            case CIRCUIT_OPEN -> "The router failed several times in a row; try again in a moment.";
            case ANSWERED -> failure.status() == 200 ? "The answer was cut short: " + failure.detail()
                    : "The router could not answer (" + failure.status() + "): " + failure.detail();
        };
    }

    private void edit(Post reply, String message, String kind) {
        try {
            if (kind == null) {
                mattermost.edit(reply.id(), message);
            } else {
                mattermost.edit(reply.id(), message, kind);
            }
        } catch (RuntimeException e) {
            LOG.warnf("cannot edit post %s: %s", reply.id(), e.getMessage());
        }
    }

    private static String cut(String text) {
        return text.length() <= POST_LIMIT ? text : "…" + text.substring(text.length() - POST_LIMIT);
    }

    private static String seconds(Duration duration) {
        return duration.toSeconds() >= 120 && duration.toSeconds() % 60 == 0 ? duration.toMinutes() + " min"
                : duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    /** An answer of the bot's without its "answered by" footer, for the thread's history. */
    static String withoutFooter(String message) {
        return FOOTER.matcher(message).replaceFirst("").replaceFirst(" ▍$", "").strip();
    }
}
