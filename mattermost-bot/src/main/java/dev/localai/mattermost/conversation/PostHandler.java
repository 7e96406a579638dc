package dev.localai.mattermost.conversation;

import dev.localai.mattermost.Command;
import dev.localai.mattermost.Reply;
import dev.localai.mattermost.Requester;
import dev.localai.mattermost.Workers;
import dev.localai.mattermost.commands.CommandParser;
import dev.localai.mattermost.commands.Commands;
import dev.localai.mattermost.metrics.BotMetrics;
import dev.localai.mattermost.server.MattermostClient;
import dev.localai.mattermost.server.Post;
import dev.localai.mattermost.server.Posted;
import dev.localai.mattermost.server.User;
import dev.localai.mattermost.websocket.PostedListener;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * Takes each {@code posted} event: {@link PostFilter} decides whether the bot answers it (see {@code README.md}
 * here); the answer is made on a worker, in the post's thread: a command's reply, or a chat streamed into one post.
 */
@ApplicationScoped
public class PostHandler implements PostedListener {

    private static final Logger LOG = Logger.getLogger(PostHandler.class);

    private final BotIdentity identity;
    private final Commands commands;
    private final ChatReply chat;
    private final MattermostClient mattermost;
    private final Workers workers;
    private final BotMetrics metrics;
    private final PostFilter filter = new PostFilter();

    public PostHandler(BotIdentity identity, Commands commands, ChatReply chat, MattermostClient mattermost,
                       Workers workers, BotMetrics metrics) {
        this.identity = identity;
        this.commands = commands;
        this.chat = chat;
        this.mattermost = mattermost;
        this.workers = workers;
        this.metrics = metrics;
    }

    @Override
    public void onPosted(Posted event) {
        User me = identity.me();
        if (me == null) {
            return;
        }
        String ignored = filter.ignored(event, me);
        if (ignored != null) {
            metrics.ignored(ignored);
            LOG.debugf("post %s not answered: %s", event.post().id(), ignored);
            return;
        }
        long arrived = System.nanoTime();
        workers.run(() -> answer(event, me, arrived));
    }

    private void answer(Posted event, User me, long arrived) {
        Post post = event.post();
        Requester who = new Requester(post.userId(), event.userName(), post.channelId(), event.channelName(), event.direct());
        String text = Mentions.strip(post.message(), me.username());
        Command command = text.isBlank() ? Command.of(Command.Kind.HELP) : CommandParser.parse(text);
        String outcome;
        try {
            if (command.kind() == Command.Kind.CHAT) {
                outcome = chat.answer(who, post, command.text(), me);
            } else {
                Reply reply = commands.run(command, who, me.username());
                mattermost.reply(post.channelId(), post.threadId(), reply.text(), "command");
                outcome = reply.outcome();
            }
        } catch (RuntimeException e) {
            LOG.errorf("could not answer post %s from %s: %s", post.id(), who.mention(), e.toString());
            outcome = "failed";
        }
        Duration took = Duration.ofNanos(System.nanoTime() - arrived);
        metrics.command(command.kind().metricName(), outcome, took);
        LOG.infof("%s from %s in %s: %s in %d ms", command.kind().metricName(), who.mention(),
                who.direct() ? "a direct message" : event.channelName(), outcome, took.toMillis());
    }
}
