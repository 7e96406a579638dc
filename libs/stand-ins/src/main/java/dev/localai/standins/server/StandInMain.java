package dev.localai.standins.server;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/** What a stand-in's {@code main} does: options, start, its address, and running until the JVM is stopped. */
public final class StandInMain {

    private StandInMain() {
    }

    /**
     * Prints {@code usage} for {@code --help}; otherwise starts the stand-in with {@code launch} (which
     * throws {@link IllegalArgumentException} on a bad option: then the message and the usage, exit 2),
     * prints its base URL on stdout and what it is on stderr, closes it when the JVM stops, and waits.
     *
     * @param what   e.g. "Mattermost stand-in"
     * @param serves what it answers, e.g. "API v4 and its WebSocket"
     */
    public static <S extends AutoCloseable> void run(String[] args, String usage, Function<String[], S> launch,
                                                     Function<S, String> baseUrl, String what, String serves) {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.println(usage);
            return;
        }
        S standIn;
        try {
            standIn = launch.apply(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(usage);
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                standIn.close();
            } catch (Exception e) {
                System.err.println("closing " + what + ": " + e);
            }
        }, "stand-in-shutdown"));
        System.out.println(baseUrl.apply(standIn));
        System.err.println(what + " on " + baseUrl.apply(standIn) + " (" + serves + "); stop it with Ctrl-C");
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code --port}'s value: 0 to 65535; otherwise an {@link IllegalArgumentException} that says so. */
    public static int port(String value) {
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
