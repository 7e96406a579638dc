package dev.localai.standins.upstream;

import dev.localai.standins.server.StandInMain;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link FakeUpstream#main}: runs the fake standalone, e.g. for a local dev stack, until killed.
 * Prints its base URL on the first line of standard output.
 */
final class FakeUpstreamMain {

    static final String USAGE = "usage: FakeUpstream [--port N] [--answer TEXT] [--model ID]...\n"
            + "  --port N       port on 127.0.0.1 (default " + FakeUpstream.DEFAULT_MAIN_PORT + ", 0 = random)\n"
            + "  --answer TEXT  the assistant's answer (default \"" + FakeUpstream.DEFAULT_ANSWER + "\")\n"
            + "  --model ID     a model GET /v1/models lists; repeatable (default " + FakeUpstream.DEFAULT_MODEL + ")";

    private FakeUpstreamMain() {
    }

    static void main(String[] args) {
        StandInMain.run(args, USAGE, FakeUpstreamMain::launch, FakeUpstream::baseUrl, "fake OpenAI-compatible upstream", "POST /v1/chat/completions, GET /v1/models, GET /health");
    }

    /** Parses the options and starts the fake; throws {@link IllegalArgumentException} on a bad option. */
    static FakeUpstream launch(String... args) {
        int port = FakeUpstream.DEFAULT_MAIN_PORT;
        String answer = FakeUpstream.DEFAULT_ANSWER;
        List<String> models = new ArrayList<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!List.of("--port", "--answer", "--model").contains(args[i])) {
                throw new IllegalArgumentException("unknown option " + args[i]);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + args[i]);
            }
            String value = args[i + 1];
            switch (args[i]) {
                case "--port" -> port = StandInMain.port(value);
                case "--answer" -> answer = value;
                case "--model" -> models.add(value);
                default -> throw new IllegalStateException(args[i]);
            }
        }
        FakeUpstream fake = FakeUpstream.start(port).answer(answer);
        return models.isEmpty() ? fake : fake.models(models.toArray(String[]::new));
    }
}
