package dev.localai.standins.mattermost;

import java.util.List;
import java.util.Map;

/**
 * A post as the {@link MattermostStub} holds it at one moment (a copy: later edits are not seen).
 *
 * @param id        26 characters
 * @param createAt  epoch milliseconds; strictly increasing from post to post
 * @param updateAt  epoch milliseconds of the last change
 * @param editAt    epoch milliseconds of the last edit; 0 if never edited
 * @param userId    the author
 * @param channelId the channel
 * @param rootId    the thread's first post; empty for a post that starts a thread
 * @param message   the current text
 * @param props     Mattermost's property bag, e.g. {@code from_webhook}
 * @param versions  every text the post had, the first one first and {@link #message()} last
 */
public record ChatPost(String id, long createAt, long updateAt, long editAt, String userId, String channelId,
                       String rootId, String message, Map<String, Object> props, List<String> versions) {

    public ChatPost {
        props = Map.copyOf(props);
        versions = List.copyOf(versions);
    }

    /** The id of the thread this post belongs to: its root, or itself. */
    public String threadId() {
        return rootId.isEmpty() ? id : rootId;
    }

    /** How many times the text was changed after the post was created. */
    public int editCount() {
        return versions.size() - 1;
    }
}
