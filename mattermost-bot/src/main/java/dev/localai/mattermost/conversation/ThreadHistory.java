package dev.localai.mattermost.conversation;

import dev.localai.mattermost.Command;
import dev.localai.mattermost.commands.CommandParser;
import dev.localai.mattermost.config.BotConfig;
import dev.localai.mattermost.server.MattermostClient;
import dev.localai.mattermost.server.Post;
import dev.localai.mattermost.server.User;
import dev.localai.openai.ChatMessage;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;

/**
 * The messages a chat sends to the router: an optional system prompt, the thread's earlier chat messages (the
 * people's as {@code user}, the bot's answers as {@code assistant} without their footer; commands and their replies
 * left out), at most {@code mattermost.chat.history-messages} of them, then the new message.
 */
@ApplicationScoped
public class ThreadHistory {

    private static final Logger LOG = Logger.getLogger(ThreadHistory.class);

    private final MattermostClient mattermost;
    private final BotConfig.Chat settings;

    public ThreadHistory(MattermostClient mattermost, BotConfig config) {
        this.mattermost = mattermost;
        this.settings = config.chat();
    }

    List<ChatMessage> messages(Post current, String text, User me) {
        List<ChatMessage> earlier = new ArrayList<>();
        if (!current.rootId().isEmpty()) {
            try {
                for (Post post : mattermost.thread(current.rootId()).oldestFirst()) {
                    if (post.id().equals(current.id()) || post.createAt() >= current.createAt()) {
                        continue;
                    }
                    ChatMessage message = asMessage(post, me);
                    if (message != null) {
                        earlier.add(message);
                    }
                }
            } catch (RuntimeException e) {
                LOG.warnf("cannot read thread %s (%s): answering without its earlier messages", current.rootId(), e.getMessage());
            }
        }
        List<ChatMessage> messages = new ArrayList<>();
        settings.systemPrompt().filter(p -> !p.isBlank()).ifPresent(p -> messages.add(ChatMessage.system(p)));
        int keep = Math.max(0, settings.historyMessages());
        messages.addAll(earlier.subList(Math.max(0, earlier.size() - keep), earlier.size()));
        messages.add(ChatMessage.user(text));
        return messages;
    }

    private static ChatMessage asMessage(Post post, User me) {
        if (post.userId().equals(me.id())) {
            String answer = ChatReply.withoutFooter(post.message());
            return "chat".equals(post.prop("tayne")) && !answer.isBlank() && !ChatReply.PLACEHOLDER.equals(answer)
                    ? ChatMessage.assistant(answer) : null;
        }
        if (!post.type().isEmpty()) {
            return null;
        }
        String text = Mentions.strip(post.message(), me.username());
        return text.isBlank() || CommandParser.parse(text).kind() != Command.Kind.CHAT ? null : ChatMessage.user(text);
    }
}
