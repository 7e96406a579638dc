package dev.localai.mattermost.commands;

import dev.localai.mattermost.Command;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandParserTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "gaming mode on|GAMING_MODE_ON", "Gaming Mode ON!|GAMING_MODE_ON", "gaming on|GAMING_MODE_ON",
            "game mode on|GAMING_MODE_ON", "gaming-mode: on|GAMING_MODE_ON", "  gaming   mode   off |GAMING_MODE_OFF",
            "gaming mode off.|GAMING_MODE_OFF", "gaming status|GAMING_STATUS", "gaming mode status?|GAMING_STATUS",
            "gaming mode|GAMING_STATUS", "status|GAMING_STATUS", "stop-all|STOP_ALL", "stop all|STOP_ALL",
            "models|MODELS", "costs|COSTS", "savings|COSTS", "help|HELP", "?|HELP"})
    void readsCommandsWhateverTheCaseSpacingAndPunctuation(String message, Command.Kind kind) {
        assertEquals(kind, CommandParser.parse(message).kind());
    }

    @Test
    void anythingElseIsAChatWithTheTextAsWritten() {
        Command chat = CommandParser.parse("  Is gaming mode on a good idea tonight? ");
        assertEquals(Command.Kind.CHAT, chat.kind());
        assertEquals("Is gaming mode on a good idea tonight?", chat.text());
    }

    @Test
    void theSlashCommandTakesOnOffStatusStopAllAndHelpAndStatusWhenEmpty() {
        assertEquals(Command.Kind.GAMING_MODE_ON, CommandParser.parseSlash("on").orElseThrow().kind());
        assertEquals(Command.Kind.GAMING_MODE_OFF, CommandParser.parseSlash(" OFF ").orElseThrow().kind());
        assertEquals(Command.Kind.GAMING_STATUS, CommandParser.parseSlash("").orElseThrow().kind());
        assertEquals(Command.Kind.GAMING_STATUS, CommandParser.parseSlash("status").orElseThrow().kind());
        assertEquals(Command.Kind.STOP_ALL, CommandParser.parseSlash("stop-all").orElseThrow().kind());
        assertEquals(Command.Kind.HELP, CommandParser.parseSlash("help").orElseThrow().kind());
        assertTrue(CommandParser.parseSlash("tell me a joke").isEmpty());
    }

    @Test
    void controlCommandsAreTheOnesThatChangeSomething() {
        assertTrue(Command.Kind.GAMING_MODE_ON.control() && Command.Kind.GAMING_MODE_OFF.control()
                && Command.Kind.STOP_ALL.control());
        assertTrue(!Command.Kind.GAMING_STATUS.control() && !Command.Kind.CHAT.control() && !Command.Kind.COSTS.control());
        assertEquals("gaming-mode-on", Command.Kind.GAMING_MODE_ON.metricName());
    }
}
