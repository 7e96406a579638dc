package dev.localai.bench.opencode;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * Time to first token and total time of a short streamed answer by three paths, interleaved round by round on
 * this machine: the provider direct, OpenCode's own API, the bridge. Prints and writes
 * {@code bench/opencode/target/results.md}. Options: {@code --rounds N} (100), {@code --warmup N} (30),
 * {@code --chunks N} (8), {@code --gap-ms N} (5, between the provider's chunks).
 */
public final class OpencodeBenchmark {

    /** The target: what the bridge may add to OpenCode's own time to first token. */
    static final double TARGET_MS = 5.0;

    private OpencodeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = option(args, "--rounds", 100);
        int warmup = option(args, "--warmup", 30);
        int chunks = option(args, "--chunks", 8);
        int gapMs = option(args, "--gap-ms", 5);
        Path root = Path.of("").toAbsolutePath();
        Path work = root.resolve("bench/opencode/target/run");
        Files.createDirectories(work);
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        System.out.println("[bench] starting the provider, opencode serve and the bridge…");
        try (BenchProvider provider = BenchProvider.start(vertx, chunks, gapMs);
             OpencodeServer opencode = OpencodeServer.start(root, work.resolve("opencode"), provider.baseUrl());
             BridgeUnderTest bridge = BridgeUnderTest.start(root, work, opencode)) {
            EventWatch watch = EventWatch.open(vertx, opencode);
            Rounds paths = new Rounds(vertx, provider, opencode, bridge, watch);
            System.out.println("[bench] warming up (" + warmup + " rounds)…");
            run(paths, warmup, new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            System.out.println("[bench] measuring (" + rounds + " rounds)…");
            List<Rounds.Sample> direct = new ArrayList<>();
            List<Rounds.Sample> api = new ArrayList<>();
            List<Rounds.Sample> bridged = new ArrayList<>();
            run(paths, rounds, direct, api, bridged);
            String report = report(rounds, chunks, gapMs, direct, api, bridged);
            System.out.println(report);
            Files.writeString(root.resolve("bench/opencode/target/results.md"), report);
        } finally {
            vertx.close();
        }
    }

    /** Each round runs the three paths once, in a rotating order, one request at a time. */
    private static void run(Rounds paths, int rounds, List<Rounds.Sample> direct, List<Rounds.Sample> api,
                            List<Rounds.Sample> bridged) throws Exception {
        for (int i = 0; i < rounds; i++) {
            for (int k = 0; k < 3; k++) {
                switch ((i + k) % 3) {
                    case 0 -> direct.add(paths.provider());
                    case 1 -> api.add(paths.opencodeApi());
                    default -> bridged.add(paths.bridge());
                }
            }
        }
    }

    static String report(int rounds, int chunks, int gapMs, List<Rounds.Sample> direct, List<Rounds.Sample> api,
                         List<Rounds.Sample> bridged) {
        StringBuilder out = new StringBuilder();
        out.append("# OpenCode bridge benchmark\n\n");
        out.append(String.format(Locale.ROOT, "%d rounds, one request at a time; the provider streams %d chunks %d ms"
                + " apart. Milliseconds.%n%n", rounds, chunks, gapMs));
        out.append("| path | first token p50 | p90 | total p50 | p90 |\n|---|---|---|---|---|\n");
        row(out, "provider direct", direct);
        row(out, "OpenCode's API", api);
        row(out, "the bridge", bridged);
        double opencodeAdds = p(api, Rounds.Sample::ttft, 50) - p(direct, Rounds.Sample::ttft, 50);
        double setupApi = p(api, Rounds.Sample::setup, 50);
        double setupBridge = p(bridged, Rounds.Sample::setup, 50);
        double forward50 = p(bridged, Rounds.Sample::forward, 50);
        double forward90 = p(bridged, Rounds.Sample::forward, 90);
        out.append(String.format(Locale.ROOT, "%nOpenCode's own overhead (its API over the provider): first token p50"
                + " +%.1f ms, total p50 +%.1f ms.%n", opencodeAdds,
                p(api, Rounds.Sample::total, 50) - p(direct, Rounds.Sample::total, 50)));
        out.append(String.format(Locale.ROOT, "%nThe bridge over OpenCode's API, first token: p50 %+.1f ms; the median"
                + " of the differences within a round %+.1f ms.%n", p(bridged, Rounds.Sample::ttft, 50)
                - p(api, Rounds.Sample::ttft, 50), pairedMedian(bridged, api)));
        out.append(String.format(Locale.ROOT, "- until OpenCode has the prompt (the user message's event): p50 %.1f ms by"
                + " the API, %.1f ms through the bridge (%+.1f ms; the bridge keeps sessions made ahead of time)%n",
                setupApi, setupBridge, setupBridge - setupApi));
        out.append(String.format(Locale.ROOT, "- OpenCode from the prompt to its first token: p50 %.1f ms (API), %.1f ms"
                + " (bridge)%n", p(api, s -> s.ttft() - s.setup(), 50),
                p(bridged, s -> s.ttft() - s.forward() - s.setup(), 50)));
        out.append(String.format(Locale.ROOT, "- from OpenCode's first token event to the bridge's client: p50 %.2f ms,"
                + " p90 %.2f ms%n", forward50, forward90));
        double added = Math.max(0, setupBridge - setupApi) + forward50;
        out.append(String.format(Locale.ROOT, "%nTarget: the bridge adds at most %.0f ms to OpenCode's time to first"
                + " token. Its own share (setup beyond the API's, if any, plus forwarding, p50): %.1f ms: %s.%n",
                TARGET_MS, added, added <= TARGET_MS ? "met" : "NOT met"));
        return out.toString();
    }

    /** The median of bridge minus API first-token times, round by round (the rounds interleave the paths). */
    static double pairedMedian(List<Rounds.Sample> bridged, List<Rounds.Sample> api) {
        int n = Math.min(bridged.size(), api.size());
        long[] diffs = new long[n];
        for (int i = 0; i < n; i++) {
            diffs[i] = bridged.get(i).ttft() - api.get(i).ttft();
        }
        Arrays.sort(diffs);
        return n == 0 ? Double.NaN : diffs[n / 2] / 1e6;
    }

    private static void row(StringBuilder out, String name, List<Rounds.Sample> samples) {
        out.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f |%n", name,
                p(samples, Rounds.Sample::ttft, 50), p(samples, Rounds.Sample::ttft, 90),
                p(samples, Rounds.Sample::total, 50), p(samples, Rounds.Sample::total, 90)));
    }

    /** The {@code pct}th percentile of a field, in milliseconds (nearest rank). */
    static double p(List<Rounds.Sample> samples, ToLongFunction<Rounds.Sample> field, int pct) {
        long[] values = samples.stream().mapToLong(field).sorted().toArray();
        if (values.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(pct / 100.0 * values.length) - 1;
        return values[Math.max(0, Math.min(values.length - 1, rank))] / 1e6;
    }

    private static int option(String[] args, String name, int fallback) {
        int at = Arrays.asList(args).indexOf(name);
        return at >= 0 && at + 1 < args.length ? Integer.parseInt(args[at + 1]) : fallback;
    }
}
