package dev.localai.bench.overhead;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Saturation measured by {@code wrk} (Debian's package), the tool the hallway issue's figures come from:
 * a load generator in C takes far less of the two cores than one in Java, so the share it reports is the
 * router's, not the load generator's. Skipped, and said so, when {@code wrk} is not on the PATH.
 */
final class WrkRun {

    /** What one wrk run reported. */
    record Result(double requestsPerSecond, long requests, long errors, String p50, String p99) {
    }

    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern SOCKET_ERRORS = Pattern.compile(
            "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
    private static final Pattern PERCENTILE = Pattern.compile("^\\s+(50|99)%\\s+(\\S+)", Pattern.MULTILINE);

    private final Path script;

    private WrkRun(Path script) {
        this.script = script;
    }

    /** A runner posting {@code body}, or null when wrk is not installed. */
    static WrkRun create(Path workDir, String body) throws IOException {
        if (!onPath("wrk")) {
            return null;
        }
        Path script = workDir.resolve("post.lua");
        Files.writeString(script, "wrk.method = \"POST\"\n"
                + "wrk.headers[\"Content-Type\"] = \"application/json\"\n"
                + "wrk.body = \"" + body.replace("\\", "\\\\").replace("\"", "\\\"") + "\"\n");
        return new WrkRun(script);
    }

    /** {@code wrk -t<threads> -c<connections> -d<duration> --latency} against {@code url}. */
    Result run(String url, int threads, int connections, Duration duration) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("wrk", "-t" + threads, "-c" + connections,
                "-d" + duration.toSeconds() + "s", "--latency", "-s", script.toString(), url));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(duration.toSeconds() + 30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("wrk failed: " + out);
        }
        Matcher rate = RATE.matcher(out);
        Matcher total = TOTAL.matcher(out);
        if (!rate.find() || !total.find()) {
            throw new IOException("wrk printed no rate: " + out);
        }
        long errors = 0;
        Matcher non2xx = NON_2XX.matcher(out);
        if (non2xx.find()) {
            errors += Long.parseLong(non2xx.group(1));
        }
        Matcher socket = SOCKET_ERRORS.matcher(out);
        if (socket.find()) {
            for (int g = 1; g <= 4; g++) {
                errors += Long.parseLong(socket.group(g));
            }
        }
        String p50 = "?";
        String p99 = "?";
        Matcher percentile = PERCENTILE.matcher(out);
        while (percentile.find()) {
            if (percentile.group(1).equals("50")) {
                p50 = percentile.group(2);
            } else {
                p99 = percentile.group(2);
            }
        }
        return new Result(Double.parseDouble(rate.group(1)), Long.parseLong(total.group(1)), errors, p50, p99);
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
