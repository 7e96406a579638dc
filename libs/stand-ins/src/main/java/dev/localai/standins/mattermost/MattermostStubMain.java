package dev.localai.standins.mattermost;

import dev.localai.standins.server.StandInMain;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link MattermostStub#main}: runs the stand-in standalone (for a local dev stack) until killed, with a bot account
 * and a person whose tokens are given, and optionally a custom slash command. Prints its base URL on the first line
 * of standard output.
 */
final class MattermostStubMain {

    static final String USAGE = "usage: MattermostStub [--port N] [--bot NAME:TOKEN] [--user NAME:TOKEN]..."
            + " [--command TRIGGER:URL:TOKEN]\n"
            + "  --port N                     port on 127.0.0.1 (default 8065, 0 = random)\n"
            + "  --bot NAME:TOKEN             a bot account (default tayne:tayne-bot-token)\n"
            + "  --user NAME:TOKEN            a person; repeatable (default alice:alice-token)\n"
            + "  --command TRIGGER:URL:TOKEN  a custom slash command; URL may contain ':'";

    private MattermostStubMain() {
    }

    static void main(String[] args) {
        StandInMain.run(args, USAGE, MattermostStubMain::launch, MattermostStub::baseUrl, "Mattermost stand-in", "API v4 and its WebSocket");
    }

    /** Parses the options and starts the stub; throws {@link IllegalArgumentException} on a bad option. */
    static MattermostStub launch(String... args) {
        int port = 8065;
        String bot = "tayne:tayne-bot-token";
        List<String> users = new ArrayList<>();
        List<String> commands = new ArrayList<>();
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + args[i]);
            }
            String value = args[i + 1];
            switch (args[i]) {
                case "--port" -> port = StandInMain.port(value);
                case "--bot" -> bot = pair("--bot", value)[0] + ":" + pair("--bot", value)[1];
                case "--user" -> users.add(value);
                case "--command" -> commands.add(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (users.isEmpty()) {
            users.add("alice:alice-token");
        }
        MattermostStub stub = MattermostStub.start(port);
        String[] b = pair("--bot", bot);
        stub.bot(b[0], b[1]);
        for (String user : users) {
            String[] u = pair("--user", user);
            stub.user(u[0], u[1]);
        }
        for (String command : commands) {
            int first = command.indexOf(':');
            int last = command.lastIndexOf(':');
            if (first <= 0 || last <= first) {
                throw new IllegalArgumentException("--command: TRIGGER:URL:TOKEN, not " + command);
            }
            stub.command(command.substring(0, first), command.substring(first + 1, last), command.substring(last + 1));
        }
        return stub;
    }

    private static String[] pair(String option, String value) {
        int colon = value.indexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new IllegalArgumentException(option + ": NAME:TOKEN, not " + value);
        }
        return new String[] {value.substring(0, colon), value.substring(colon + 1)};
    }
}
