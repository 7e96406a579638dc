package dev.localai.mattermost;

/**
 * What the bot answers a command with.
 *
 * @param text    Markdown, as Mattermost renders it
 * @param outcome for metrics: {@code ok}, {@code refused} (not allowed), {@code failed} (a service said no or was
 *                unreachable), {@code timeout}
 * @param everyone whether a slash command's answer is shown to the channel ({@code in_channel}) rather than only to
 *                 the user who ran it: true for changes others should see
 */
public record Reply(String text, String outcome, boolean everyone) {

    public static Reply ok(String text) {
        return new Reply(text, "ok", false);
    }

    /** A change the channel should see (gaming mode switched, models stopped). */
    public static Reply announced(String text) {
        return new Reply(text, "ok", true);
    }

    public static Reply refused(String text) {
        return new Reply(text, "refused", false);
    }

    public static Reply failed(CallFailure failure, String text) {
        return new Reply(text, failure.kind() == CallFailure.Kind.TIMEOUT ? "timeout" : "failed", false);
    }
}
