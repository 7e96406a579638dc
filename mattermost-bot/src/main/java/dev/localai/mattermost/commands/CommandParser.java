package dev.localai.mattermost.commands;

import dev.localai.mattermost.Command;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a message (the bot's mention already removed) as a command, or as a chat when it is none. Words are matched
 * without case, extra spaces and trailing punctuation: {@code gaming mode on}, {@code gaming on}, {@code game mode
 * off}, {@code gaming status}, {@code gaming mode} (status), {@code status}, {@code stop-all} / {@code stop all},
 * {@code models}, {@code costs} / {@code savings}, {@code help}.
 */
public final class CommandParser {

    private static final Pattern GAMING = Pattern.compile("(?:gaming|game)(?:[ -]?mode)?(?:\\s*[:=]?\\s*(on|off|status))?");

    private CommandParser() {
    }

    public static Command parse(String message) {
        if ("?".equals(message.strip())) {
            return Command.of(Command.Kind.HELP);
        }
        String words = message.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").replaceAll("[?!.]+$", "").strip();
        Matcher gaming = GAMING.matcher(words);
        if (gaming.matches()) {
            String what = gaming.group(1) == null ? "status" : gaming.group(1);
            return Command.of(switch (what) {
                case "on" -> Command.Kind.GAMING_MODE_ON;
                case "off" -> Command.Kind.GAMING_MODE_OFF;
                default -> Command.Kind.GAMING_STATUS;
            });
        }
        return switch (words) {
            case "status" -> Command.of(Command.Kind.GAMING_STATUS);
            case "stop-all", "stop all", "stopall" -> Command.of(Command.Kind.STOP_ALL);
            case "models", "list models" -> Command.of(Command.Kind.MODELS);
            case "costs", "cost", "savings" -> Command.of(Command.Kind.COSTS);
            case "help" -> Command.of(Command.Kind.HELP);
            default -> Command.chat(message.strip());
        };
    }

    /** The text of {@code /gaming <text>}: {@code on}, {@code off}, {@code status} (or nothing), {@code stop-all}, {@code help}; empty otherwise. */
    public static Optional<Command> parseSlash(String text) {
        String words = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (words.isEmpty()) {
            return Optional.of(Command.of(Command.Kind.GAMING_STATUS));
        }
        Command command = parse(words.matches("on|off|status|mode (on|off|status)") ? "gaming " + words : words);
        return command.kind() == Command.Kind.CHAT || command.kind() == Command.Kind.MODELS
                || command.kind() == Command.Kind.COSTS ? Optional.empty() : Optional.of(command);
    }
}
