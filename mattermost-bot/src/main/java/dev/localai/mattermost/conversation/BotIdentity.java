package dev.localai.mattermost.conversation;

import dev.localai.mattermost.server.User;
import jakarta.enterprise.context.ApplicationScoped;

/** Who the bot is on Mattermost, from {@code GET /api/v4/users/me} at start; null until signed in. */
@ApplicationScoped
public class BotIdentity {

    private volatile User me;

    public User me() {
        return me;
    }

    /** The username replies use before the bot has signed in: {@code tayne}. */
    public String name() {
        User current = me;
        return current == null ? "tayne" : current.username();
    }

    void signedIn(User user) {
        this.me = user;
    }
}
