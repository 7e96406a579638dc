package dev.localai.mattermost;

/**
 * Who asks, and where: from a post's event or a slash command's form.
 *
 * @param userId      the Mattermost user id
 * @param userName    the username, without {@code @}
 * @param channelId   the channel id
 * @param channelName the channel's name ({@code town-square}; {@code <id>__<id>} for a direct message)
 * @param direct      whether it is a direct message with the bot
 */
public record Requester(String userId, String userName, String channelId, String channelName, boolean direct) {

    /** {@code @username}, for logs and replies. */
    public String mention() {
        return "@" + userName;
    }
}
