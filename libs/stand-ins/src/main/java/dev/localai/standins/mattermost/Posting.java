package dev.localai.standins.mattermost;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Creating and editing posts as {@code app/post.go} does, and telling the channel's members over the WebSocket:
 * {@code posted} with {@code data.post} the post as a JSON <em>string</em>, {@code channel_type},
 * {@code channel_name}, {@code channel_display_name}, {@code sender_name} ({@code @username}), {@code team_id},
 * {@code set_online}, and {@code mentions} (a JSON string holding the user's id) only on the connections of a user
 * the post mentions ({@code @username}, or the other party of a direct message), as {@code app/notification.go} does;
 * {@code post_edited} with {@code data.post} after an edit. The author receives its own post too. Event loop only.
 */
final class Posting {

    static final int MAX_MESSAGE = 16383;

    private final MattermostState state;
    private final SocketHub hub;

    Posting(MattermostState state, SocketHub hub) {
        this.state = state;
        this.hub = hub;
    }

    /** Validates and creates a post by {@code author}, or returns why not. */
    Result create(ChatUser author, String channelId, String rootId, String message, Map<String, Object> props) {
        ChatChannel channel = state.channel(channelId).orElse(null);
        if (channel == null || !channel.hasMember(author.id())) {
            return Result.failed(MattermostJson.AppError.forbidden());
        }
        if (message.length() > MAX_MESSAGE) {
            return Result.failed(new MattermostJson.AppError(400, "model.post.is_valid.message_length.app_error",
                    "Invalid Message property length."));
        }
        String root = rootId == null ? "" : rootId;
        if (!root.isEmpty()) {
            ChatPost parent = state.post(root).orElse(null);
            if (parent == null || !parent.channelId().equals(channelId) || !parent.rootId().isEmpty()) {
                return Result.failed(new MattermostJson.AppError(400, "api.post.create_post.root_id.app_error",
                        "Invalid RootId parameter."));
            }
        }
        ChatPost post = state.addPost(author.id(), channelId, root, message, props);
        String postJson = MattermostJson.text(MattermostJson.post(post, 0));
        hub.broadcast("posted", channelId, state.members(channel), member -> {
            ObjectNode data = MattermostJson.JSON.createObjectNode()
                    .put("channel_display_name", channel.isDirect() ? author.mention() : channel.displayName())
                    .put("channel_name", channel.name()).put("channel_type", channel.type()).put("post", postJson)
                    .put("sender_name", author.mention()).put("set_online", true)
                    .put("team_id", channel.teamId());
            if (mentions(post, channel, member)) {
                data.put("mentions", MattermostJson.stringArray(java.util.List.of(member.id())));
            }
            return data;
        });
        return Result.done(post);
    }

    /** Edits a post's text and props (null keeps either) and tells the channel. */
    ChatPost edit(ChatPost post, String message, Map<String, Object> props) {
        ChatPost edited = state.edit(post.id(), message, props);
        ChatChannel channel = state.channel(edited.channelId()).orElseThrow();
        String postJson = MattermostJson.text(MattermostJson.post(edited, state.replyCount(edited.id())));
        hub.broadcast("post_edited", channel.id(), state.members(channel),
                member -> MattermostJson.JSON.createObjectNode().put("post", postJson));
        return edited;
    }

    static boolean mentions(ChatPost post, ChatChannel channel, ChatUser member) {
        if (member.id().equals(post.userId())) {
            return false;
        }
        if (channel.isDirect()) {
            return true;
        }
        Pattern mention = Pattern.compile("(?<![A-Za-z0-9_.@-])@" + Pattern.quote(member.username().toLowerCase(Locale.ROOT))
                + "(?![A-Za-z0-9_-]|\\.[A-Za-z0-9_-])");
        return mention.matcher(post.message().toLowerCase(Locale.ROOT)).find();
    }

    /** A created post or the error Mattermost answers instead. */
    record Result(ChatPost post, MattermostJson.AppError error) {
        static Result done(ChatPost post) {
            return new Result(post, null);
        }

        static Result failed(MattermostJson.AppError error) {
            return new Result(null, error);
        }
    }
}
