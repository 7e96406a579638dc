package dev.localai.mattermost.server;

import java.util.List;

/**
 * A {@code posted} WebSocket event: the post (decoded from {@code data.post}, a JSON string) and what the event says
 * around it.
 *
 * @param channelType {@code O}, {@code P}, {@code D} (direct message) or {@code G} (group message)
 * @param senderName  {@code @username} of the author
 * @param mentions    the user ids {@code data.mentions} names (only on a mentioned user's connection); empty if none
 */
public record Posted(Post post, String channelType, String channelName, String senderName, List<String> mentions) {

    public Posted {
        mentions = List.copyOf(mentions);
    }

    public boolean direct() {
        return "D".equals(channelType);
    }

    /** The author's username, without {@code @}. */
    public String userName() {
        return senderName.startsWith("@") ? senderName.substring(1) : senderName;
    }
}
