package dev.localai.standins.upstream;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

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
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.println(USAGE);
            return;
        }
        FakeUpstream fake;
        try {
            fake = launch(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(fake::close, "fake-upstream-shutdown"));
        System.out.println(fake.baseUrl());
        System.err.println("fake OpenAI-compatible upstream on " + fake.baseUrl() + " (POST /v1/chat/completions,"
                + " GET /v1/models, GET /health); stop it with Ctrl-C");
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
                case "--port" -> port = port(value);
                case "--answer" -> answer = value;
                case "--model" -> models.add(value);
                default -> throw new IllegalStateException(args[i]);
            }
        }
        FakeUpstream fake = FakeUpstream.start(port).answer(answer);
        return models.isEmpty() ? fake : fake.models(models.toArray(String[]::new));
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--port: not a port number: " + value);
    }
}
