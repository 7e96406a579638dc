package dev.localai.mattermost.conversation;

import java.util.regex.Pattern;

/** {@code @username} in a message, as Mattermost finds mentions: a whole word, any case, a trailing dot allowed. */
final class Mentions {

    private Mentions() {
    }

    private static Pattern pattern(String username) {
        return Pattern.compile("(?<![A-Za-z0-9_.@-])@" + Pattern.quote(username) + "(?![A-Za-z0-9_-]|\\.[A-Za-z0-9_-])",
                Pattern.CASE_INSENSITIVE);
    }

    static boolean mentions(String message, String username) {
        return pattern(username).matcher(message).find();
    }

    /** The message without {@code @username} (and a {@code :} or {@code ,} right after it), spaces tidied. */
    static String strip(String message, String username) {
        return pattern(username).matcher(message).replaceAll("").replaceFirst("^\\s*[:,]", "")
                .replaceAll("[ \\t]+", " ").strip();
    }
}
