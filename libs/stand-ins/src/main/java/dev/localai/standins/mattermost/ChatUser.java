package dev.localai.standins.mattermost;

/**
 * A user of the {@link MattermostStub}: a person or a bot account, with the access token its client sends as
 * {@code Authorization: Bearer <token>} (a session or personal access token, which Mattermost treats alike).
 *
 * @param id       26 characters, as Mattermost's ids
 * @param username without the {@code @}
 * @param token    its access token
 * @param bot      whether it is a bot account ({@code is_bot} in {@code GET /api/v4/users/me})
 */
public record ChatUser(String id, String username, String token, boolean bot) {

    /** {@code @username}, as Mattermost's {@code sender_name} shows it. */
    public String mention() {
        return "@" + username;
    }
}
