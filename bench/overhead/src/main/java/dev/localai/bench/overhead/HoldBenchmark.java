package dev.localai.bench.overhead;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a quality cascade's hold costs a stream that passes: time to first token of the same streams
 * (the benchmark upstream: {@code chunks} chunks {@code gapMs} apart) routed plainly and through a cascade
 * whose checks pass, held for 1, 8 and 32 tokens (400 ms at most). The router and upstream as in
 * {@link OverheadBenchmark}; each case {@code duration} seconds at {@code rate} new streams/s after one
 * warm-up pass. Usage (bench/overhead/hold.sh): {@code [--duration 10] [--rate 10] [--chunks 40]
 * [--gap-ms 10] [--out bench/overhead/target/hold.md]}.
 */
public final class HoldBenchmark {

    private static final String STREAM_BODY = "{\"model\":\"m\",\"stream\":true,\"messages\":["
            + "{\"role\":\"user\",\"content\":\"What is the difference between a process and a thread?\"}],"
            + "\"max_tokens\":64}";

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new java.util.HashMap<>(Map.of("--duration", "10", "--rate", "10", "--chunks", "40",
                "--gap-ms", "10", "--out", "bench/overhead/target/hold.md"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!o.containsKey(args[i])) {
                throw new IllegalArgumentException("unknown option " + args[i]);
            }
            o.put(args[i], args[i + 1]);
        }
        Duration duration = Duration.ofSeconds(Long.parseLong(o.get("--duration")));
        int rate = Integer.parseInt(o.get("--rate"));
        int chunks = Integer.parseInt(o.get("--chunks"));
        long gap = Long.parseLong(o.get("--gap-ms"));
        Path work = Path.of("bench/overhead/target/hold-run");
        Files.createDirectories(work);
        StringBuilder report = new StringBuilder();
        Vertx client = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setCleanDataDirectory(true)
                .setDataDirectory(work.resolve("postgres")).start();
             BenchUpstream.Started upstream = BenchUpstream.start(chunks, gap, "m");
             RouterUnderTest router = RouterUnderTest.withRouting(
                     Path.of("router-service/target/quarkus-app/quarkus-run.jar"), work, routing(upstream.baseUrl()),
                     postgres.getJdbcUrl("postgres", "postgres"), List.of("-XX:+UseSerialGC", "-Xmx128m"))) {
            line(report, "# Hold cost of a passing quality cascade, " + java.time.LocalDate.now() + ", "
                    + Runtime.getRuntime().availableProcessors() + " CPUs");
            line(report, rate + " new streams/s for " + duration.toSeconds() + " s per case; upstream: " + chunks
                    + " chunks " + gap + " ms apart (the first at once); judges: checks; ms");
            line(report, String.format("%-22s %8s %9s %9s %9s %14s", "case", "streams", "complete", "ttft p50",
                    "ttft p99", "added p50"));
            long plainP50 = -1;
            for (String hold : List.of("none", "1", "8", "32")) {
                Map<String, String> headers = hold.equals("none") ? Map.of() : Map.of("X-Hold", hold);
                StreamProbe probe = new StreamProbe(client, router.chatUrl(), STREAM_BODY, headers);
                probe.run(rate, Duration.ofSeconds(2));                       // warm-up
                StreamProbe.Result r = probe.run(rate, duration);
                long p50 = r.ttft().getValueAtPercentile(50);
                if (plainP50 < 0) {
                    plainP50 = p50;
                }
                line(report, String.format("%-22s %8d %9d %9s %9s %14s", hold.equals("none") ? "routed, no cascade"
                                : "held " + hold + " token" + (hold.equals("1") ? "" : "s"), r.streams(), r.complete(),
                        Latency.ms(p50), Latency.ms(r.ttft().getValueAtPercentile(99)), Latency.ms(p50 - plainP50)));
                probe.close();
            }
            line(report, "");
            line(report, "A held stream's first token waits for the hold: about (tokens - 1) x the gap between the "
                    + "upstream's tokens, at most the hold's time, plus scoring (checks: microseconds).");
        } finally {
            client.close();
        }
        Path out = Path.of(o.get("--out"));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report.toString());
    }

    private static String routing(String url) {
        StringBuilder rules = new StringBuilder();
        for (String hold : List.of("1", "8", "32")) {
            rules.append("  - name: held-").append(hold).append('\n')
                    .append("    when: {header: {X-Hold: \"").append(hold).append("\"}}\n")
                    .append("    route: [bench/m, spare/m]\n")
                    .append("    cascade: {judges: [checks], threshold: 0.5, hold: {tokens: ").append(hold)
                    .append(", time: 400ms}}\n");
        }
        return "backends:\n"
                + "  bench: {url: \"" + url + "\", models: [m]}\n"
                + "  spare: {url: \"" + url + "\", models: [m]}\n"     // a next backend, so the first answer is held
                + "rules:\n" + rules
                + "  - {name: everything, route: [bench/m]}\n";
    }

    private static void line(StringBuilder report, String line) {
        report.append(line).append('\n');
        System.err.println(line);
    }
}
