package dev.localai.mattermost;

import java.util.Locale;

/**
 * What a post or slash command asks of the bot.
 *
 * @param kind the command
 * @param text for {@link Kind#CHAT}: the message for the router (the mention removed); otherwise the words typed
 */
public record Command(Kind kind, String text) {

    /** The commands; control ones change something and may be limited to some users and channels. */
    public enum Kind {
        GAMING_MODE_ON(true), GAMING_MODE_OFF(true), GAMING_STATUS(false), STOP_ALL(true),
        MODELS(false), COSTS(false), HELP(false), CHAT(false);

        private final boolean control;

        Kind(boolean control) {
            this.control = control;
        }

        public boolean control() {
            return control;
        }

        /** The name in metrics and logs, e.g. {@code gaming-mode-on}. */
        public String metricName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public static Command of(Kind kind) {
        return new Command(kind, "");
    }

    public static Command chat(String text) {
        return new Command(Kind.CHAT, text);
    }
}
