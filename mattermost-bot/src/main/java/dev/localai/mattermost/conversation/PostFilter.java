package dev.localai.mattermost.conversation;

import dev.localai.mattermost.server.Post;
import dev.localai.mattermost.server.Posted;
import dev.localai.mattermost.server.User;
import org.jboss.logging.Logger;

/**
 * Which posts the bot answers: not its own (Mattermost echoes them back), not system messages, not other bots' or
 * integrations' posts ({@code from_bot}, {@code from_webhook}: slash command answers among them), only posts that
 * mention it or any post in a direct message with it, and each post once, however often its event arrives.
 * Thread-safe.
 */
final class PostFilter {

    private static final Logger LOG = Logger.getLogger(PostFilter.class);

    private final SeenPosts seen = new SeenPosts(10_000);

    /** Why the post is not answered ({@code own}, {@code system}, {@code integration}, {@code not-mentioned}, {@code seen}), or null when it is. */
    String ignored(Posted event, User me) {
        Post post = event.post();
        if (post.userId().equals(me.id())) {
            return "own";
        }
        if (!post.type().isEmpty()) {
            return "system";
        }
        if ("true".equals(post.prop("from_bot")) || "true".equals(post.prop("from_webhook"))) {
            return "integration";
        }
        boolean addressed = event.direct() || event.mentions().contains(me.id())
                || Mentions.mentions(post.message(), me.username());
        if (!addressed) {
            return "not-mentioned";
        }
        if (!seen.firstTime(post.id())) {
            LOG.infof("post %s came again (a repeated event): it was answered once already", post.id());
            return "seen";
        }
        return null;
    }
}
