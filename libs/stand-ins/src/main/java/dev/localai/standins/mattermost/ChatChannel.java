package dev.localai.standins.mattermost;

import java.util.Set;

/**
 * A channel of the {@link MattermostStub}.
 *
 * @param id          26 characters
 * @param name        e.g. {@code town-square}; a direct message channel is named {@code <user id>__<user id>}
 * @param displayName what the sidebar shows
 * @param type        {@code O} (public), {@code P} (private) or {@code D} (direct message), as Mattermost's {@code channel_type}
 * @param teamId      the team; empty for a direct message
 * @param members     user ids; for {@code O} channels every user is a member
 */
public record ChatChannel(String id, String name, String displayName, String type, String teamId, Set<String> members) {

    public ChatChannel {
        members = Set.copyOf(members);
    }

    public boolean isDirect() {
        return "D".equals(type);
    }

    /** Whether {@code userId} may read and post here. */
    public boolean hasMember(String userId) {
        return "O".equals(type) || members.contains(userId);
    }
}
