package dev.localai.bench.inference;

import dev.localai.inference.ChatTurn;
import dev.localai.inference.gguf.TinyLlama;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Generation speed of one model with one set of settings, called two ways side by side in one run:
 * in this JVM through {@code libs/local-inference} ({@link InProcessSide}), and through the packaged
 * {@code inference-3070-service} in a JVM of its own ({@link ServiceUnderTest}), over
 * {@code POST /v1/chat/completions} plain and streamed ({@link HttpSide}).
 *
 * <p>Both sides load the same GGUF (the tiny demo model, written by {@link TinyLlama}) with the same
 * context size, thread count and slot count, and generate from the same chat with the same
 * {@code max_tokens}, temperature and seed. After a warm-up, each round runs the three paths once, in an
 * order that rotates from round to round, so that drift on a shared machine hits all three alike.
 *
 * <p>Then the same with {@code max_tokens} 1, which shows what a request costs apart from its tokens, and
 * the bare HTTP round trip ({@code GET /models/status}) with this client and with a minimal socket client.
 *
 * <p>Usage (bench/inference/run.sh builds and runs it): {@code [--runs 30] [--warmup-requests 6000] [--warmup 200]
 * [--max-tokens 256] [--ctx-size 512] [--threads 1] [--seed 42] [--service-jvm "..."] [--out results.md]}.
 */
public final class InferenceBenchmark {

    private static final String MODEL = "demo-tiny";
    private static final List<ChatTurn> CHAT = List.of(
            new ChatTurn("system", "You are a helpful assistant in a home lab. Answer briefly."),
            new ChatTurn("user", "Tell me a short story about a robot who learns to cook."));
    private static final double TARGET_PERCENT = 5.0;
    private static final int FLOOR_ROUNDS = 100;

    private enum Path3 {
        IN_PROCESS("in-process"), HTTP_PLAIN("HTTP"), HTTP_STREAM("HTTP stream");

        final String label;

        Path3(String label) {
            this.label = label;
        }
    }

    public static void main(String[] args) {
        int status = 0;
        try {
            run(Options.parse(args));
        } catch (Throwable e) {
            e.printStackTrace();
            status = 1;
        }
        // llama.cpp's server thread is attached to the JVM and never detached: without exit the JVM stays
        System.exit(status);
    }

    private static void run(Options o) throws Exception {
        Path target = Path.of("bench/inference/target").toAbsolutePath();
        // our own directory for the native library (its loader deletes llama* files where it extracts);
        // the service gets another one under target/service
        Path nativeDir = Files.createDirectories(target.resolve("native"));
        System.setProperty("de.kherud.llama.tmpdir", nativeDir.toString());
        Path modelFile = Files.createDirectories(target.resolve("model")).resolve("tiny-" + TinyLlama.DEFAULT_SEED + ".gguf");
        TinyLlama.write(modelFile, TinyLlama.DEFAULT_SEED);
        ServiceUnderTest.Settings settings = new ServiceUnderTest.Settings(modelFile, o.ctxSize, o.threads, 1);
        String load0 = loadAverage();

        Report report = new Report();
        try (ServiceUnderTest service = ServiceUnderTest.start(
                Path.of("inference-3070-service/target/quarkus-app/quarkus-run.jar"),
                Files.createDirectories(target.resolve("service")), MODEL, settings, o.serviceJvm);
             InProcessSide inProcess = new InProcessSide(MODEL, settings, CHAT, 0.0, o.seed)) {
            Duration load = inProcess.load();
            HttpSide http = new HttpSide(service.baseUrl(), MODEL, CHAT, 0.0, o.seed);
            System.err.println("service pid " + service.pid() + " at " + service.baseUrl() + " (log " + service.log()
                    + "); in-process model loaded in " + load.toMillis() + " ms");

            // A service that has been running has compiled its per-request code with the JIT's top tier, which
            // HotSpot does after about 5,000 calls of a method (Tier4InvocationThreshold); per-token code gets
            // there within a few long rounds. One-token rounds bring the per-request code there cheaply.
            rounds(o.warmupRequests, 1, inProcess, http, "warm-up (per-request code)");
            Map<Path3, List<Run>> warm = rounds(o.warmup, o.maxTokens, inProcess, http, "warm-up");
            Map<Path3, List<Run>> runs = rounds(o.runs, o.maxTokens, inProcess, http, "measured");
            // the same with one token: what a request costs apart from its tokens
            Map<Path3, List<Run>> single = rounds(o.runs, 1, inProcess, http, "one-token");
            // and the bare HTTP round trip, with this client and with a minimal one
            System.err.println("HTTP floor: " + FLOOR_ROUNDS + " rounds");
            double[] floorClient = new double[FLOOR_ROUNDS];
            double[] floorRaw = new double[FLOOR_ROUNDS];
            try (RawHttpFloor raw = new RawHttpFloor(service.port(), "/models/status")) {
                for (int i = 0; i < 20; i++) {
                    raw.roundTrip();
                }
                for (int i = 0; i < FLOOR_ROUNDS; i++) {
                    long start = System.nanoTime();
                    http.lastEngineTokensPerSecond();
                    floorClient[i] = (System.nanoTime() - start) / 1e6;
                    floorRaw[i] = raw.roundTrip() / 1e6;
                }
            }
            String load1 = loadAverage();

            Run first = runs.get(Path3.IN_PROCESS).get(0);
            report.line("# Inference: in-process vs through inference-3070-service, " + java.time.LocalDate.now() + ", "
                    + Runtime.getRuntime().availableProcessors() + " CPUs, " + System.getProperty("java.vm.name") + " "
                    + System.getProperty("java.version"));
            report.line("");
            report.line("Model: tiny random llama (`TinyLlama`, seed " + TinyLlama.DEFAULT_SEED + ", "
                    + Files.size(modelFile) + " bytes, F32), llama.cpp via de.kherud:llama; both sides: ctx "
                    + o.ctxSize + ", threads " + o.threads + ", 1 slot. Chat of " + first.promptTokens()
                    + " prompt tokens, max_tokens " + o.maxTokens + ", temperature 0, seed " + o.seed + ".");
            report.line("Warm-up " + o.warmupRequests + " one-token rounds (so that the per-request code of both"
                    + " sides is compiled by the JIT's top tier, as in a service that has been running) and " + o.warmup
                    + " rounds of " + o.maxTokens + " tokens, then " + o.runs + " rounds; each round runs the three paths once,"
                    + " order rotating. Service JVM: `java " + String.join(" ", o.serviceJvm) + (o.serviceJvm.isEmpty() ? "" : " ") + "-jar quarkus-run.jar`"
                    + " (pid " + service.pid() + "). Load average before: " + load0 + ", after: " + load1 + ".");
            report.line("");
            report.line("tokens/s = completion tokens / wall time of the call (in-process: `ManagedModel.generate`;"
                    + " HTTP: send to last byte, `[DONE]` for the stream). p90 is the slow tail: 90% of runs were at"
                    + " least that fast. TTFT = time to first token (first text callback / first SSE event with text)."
                    + " Overhead = how much lower the HTTP rate is than the in-process rate; paired = the median of each"
                    + " round's own difference. Engine tok/s = the rate the engine timed for its own generation loop"
                    + " (in the service: `GET /models/status` after each call), i.e. without template, slot and HTTP.");
            report.line("");
            report.line("| path | tokens/run | tok/s median | tok/s p90 | ms/run median | TTFT median ms | TTFT p90 ms"
                    + " | overhead (median) | overhead (p90) | overhead (paired median) | engine tok/s median |");
            report.line("|---|---|---|---|---|---|---|---|---|---|---|");
            Stats base = new Stats(runs.get(Path3.IN_PROCESS));
            List<String> verdicts = new ArrayList<>();
            for (Path3 p : Path3.values()) {
                Stats s = new Stats(runs.get(p));
                String overMedian = p == Path3.IN_PROCESS ? "" : pct(overhead(base.tpsMedian, s.tpsMedian));
                String overP90 = p == Path3.IN_PROCESS ? "" : pct(overhead(base.tpsP90, s.tpsP90));
                String paired = p == Path3.IN_PROCESS ? "" : pct(pairedOverhead(runs.get(Path3.IN_PROCESS), runs.get(p)));
                report.line(String.format("| %s | %s | %.0f | %.0f | %.2f | %s | %s | %s | %s | %s | %.0f |", p.label,
                        s.tokens, s.tpsMedian, s.tpsP90, s.msMedian, s.ttftMedian, s.ttftP90, overMedian, overP90, paired,
                        s.engineTpsMedian));
                if (p != Path3.IN_PROCESS) {
                    double over = overhead(base.tpsMedian, s.tpsMedian);
                    verdicts.add((over <= TARGET_PERCENT ? "PASS" : "MISS") + "  " + p.label + ": overhead "
                            + pct(over) + " (target <= " + TARGET_PERCENT + "%), adds "
                            + String.format("%.2f", s.msMedian - base.msMedian) + " ms per " + s.tokens + "-token request"
                            + " (median wall time difference)");
                }
            }
            report.line("");
            report.line("## Targets");
            report.line("");
            verdicts.forEach(v -> report.line("- " + v));
            report.line("");
            report.line("## Where the difference goes");
            report.line("");
            Stats base1 = new Stats(single.get(Path3.IN_PROCESS));
            report.line(String.format("The model takes %.1f us per token in-process. One-token requests (%d rounds,"
                    + " same chat): in-process %.2f ms, HTTP %.2f ms, HTTP stream %.2f ms (medians).",
                    1000 * base.msMedian / o.maxTokens, o.runs, base1.msMedian,
                    new Stats(single.get(Path3.HTTP_PLAIN)).msMedian, new Stats(single.get(Path3.HTTP_STREAM)).msMedian));
            report.line("");
            for (Path3 p : List.of(Path3.HTTP_PLAIN, Path3.HTTP_STREAM)) {
                double added = new Stats(runs.get(p)).msMedian - base.msMedian;
                double fixed = new Stats(single.get(p)).msMedian - base1.msMedian;
                double perToken = o.maxTokens > 1 ? 1000 * (added - fixed) / (o.maxTokens - 1) : Double.NaN;
                report.line(String.format("- %s: adds %.2f ms per request, of which about %.2f ms is fixed (one-token"
                        + " request) and %.1f us per token; on a model at 20 ms/token (50 tok/s) the same cost over %d"
                        + " tokens would be %.2f%%.", p.label, added, fixed, perToken, o.maxTokens,
                        100 * added / (o.maxTokens * 20.0)));
            }
            report.line(String.format("- HTTP floor: `GET /models/status` (a small JSON answer, no model work), %d"
                            + " round trips each, interleaved: java.net.http.HttpClient %.2f ms median (p90 %.2f),"
                            + " a bare socket client %.2f ms median (p90 %.2f).", FLOOR_ROUNDS,
                    percentile(floorClient, 50), percentile(floorClient, 90), percentile(floorRaw, 50),
                    percentile(floorRaw, 90)));
            report.line("");
            report.line("## Checks");
            report.line("");
            checks(report, warm, runs, o.maxTokens);
            report.line("");
            report.line("## Raw tokens/s per round (" + Arrays.stream(Path3.values()).map(p -> p.label)
                    .reduce((a, b) -> a + " / " + b).orElse("") + ")");
            report.line("");
            for (int i = 0; i < o.runs; i++) {
                report.line(String.format("%2d: %.0f / %.0f / %.0f", i, runs.get(Path3.IN_PROCESS).get(i).tokensPerSecond(),
                        runs.get(Path3.HTTP_PLAIN).get(i).tokensPerSecond(), runs.get(Path3.HTTP_STREAM).get(i).tokensPerSecond()));
            }
        }
        report.print(o.out);
    }

    /** {@code n} rounds of the three paths, in an order that rotates each round. */
    private static Map<Path3, List<Run>> rounds(int n, int maxTokens, InProcessSide inProcess, HttpSide http,
                                                String what) throws Exception {
        System.err.println(what + ": " + n + " rounds of " + maxTokens + " tokens");
        Map<Path3, List<Run>> out = new LinkedHashMap<>();
        for (Path3 p : Path3.values()) {
            out.put(p, new ArrayList<>());
        }
        Path3[] all = Path3.values();
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < all.length; k++) {
                Path3 p = all[(i + k) % all.length];
                Run r = switch (p) {
                    case IN_PROCESS -> inProcess.generate(maxTokens);
                    case HTTP_PLAIN -> http.plain(maxTokens);
                    case HTTP_STREAM -> http.stream(maxTokens);
                };
                if (p != Path3.IN_PROCESS) {
                    r = r.withEngineTps(http.lastEngineTokensPerSecond());     // after the clock stopped
                }
                out.get(p).add(r);
            }
        }
        return out;
    }

    private static void checks(Report report, Map<Path3, List<Run>> warm, Map<Path3, List<Run>> runs, int maxTokens) {
        List<Run> every = new ArrayList<>();
        warm.values().forEach(every::addAll);
        runs.values().forEach(every::addAll);
        long exact = every.stream().filter(r -> r.tokens() == maxTokens).count();
        report.line("- completion tokens = max_tokens (" + maxTokens + ") in " + exact + " of " + every.size()
                + " generations (warm-up included)" + (exact == every.size() ? "" : "  <-- NOT ALL: see the tokens/run column"));
        String reference = runs.get(Path3.IN_PROCESS).get(0).text();
        long same = every.stream().filter(r -> r.text().equals(reference)).count();
        report.line("- the same text on every path and run: " + (same == every.size() ? "yes" : "NO, " + same + " of "
                + every.size()) + " (" + reference.length() + " characters, starts \""
                + reference.substring(0, Math.min(24, reference.length())).replace("|", "\\|") + "\")");
        List<Run> streams = new ArrayList<>(warm.get(Path3.HTTP_STREAM));
        streams.addAll(runs.get(Path3.HTTP_STREAM));
        long oneChunkPerToken = streams.stream().filter(r -> r.chunks() == r.tokens()).count();
        report.line("- stream: text chunks = usage.completion_tokens in " + oneChunkPerToken + " of " + streams.size()
                + " streams");
        long finish = every.stream().filter(r -> "length".equals(r.finishReason())).count();
        report.line("- finish_reason \"length\" in " + finish + " of " + every.size() + " generations");
    }

    /** How much slower {@code other} is than {@code base}, in percent of {@code base}'s rate. */
    private static double overhead(double base, double other) {
        return 100.0 * (base - other) / base;
    }

    /** The median over rounds of each round's overhead (the runs of one round ran back to back). */
    private static double pairedOverhead(List<Run> base, List<Run> other) {
        double[] each = new double[base.size()];
        for (int i = 0; i < each.length; i++) {
            each[i] = overhead(base.get(i).tokensPerSecond(), other.get(i).tokensPerSecond());
        }
        return percentile(each, 50);
    }

    private static String pct(double v) {
        return String.format("%+.1f%%", v);
    }

    static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double rank = p / 100.0 * (sorted.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = (int) Math.ceil(rank);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception e) {
            return "unknown";
        }
    }

    /** The figures of one path. */
    private static final class Stats {
        final String tokens;
        final double tpsMedian;
        final double tpsP90;
        final double msMedian;
        final String ttftMedian;
        final String ttftP90;
        final double engineTpsMedian;

        Stats(List<Run> runs) {
            double[] tps = runs.stream().mapToDouble(Run::tokensPerSecond).toArray();
            double[] ms = runs.stream().mapToDouble(r -> r.nanos() / 1e6).toArray();
            double[] ttft = runs.stream().filter(r -> r.ttftNanos() >= 0).mapToDouble(r -> r.ttftNanos() / 1e6).toArray();
            int min = runs.stream().mapToInt(Run::tokens).min().orElse(0);
            int max = runs.stream().mapToInt(Run::tokens).max().orElse(0);
            tokens = min == max ? Integer.toString(min) : min + "-" + max;
            tpsMedian = percentile(tps, 50);
            tpsP90 = percentile(tps, 10);             // the slow tail of a rate is its low end
            msMedian = percentile(ms, 50);
            ttftMedian = ttft.length == 0 ? "-" : String.format("%.2f", percentile(ttft, 50));
            ttftP90 = ttft.length == 0 ? "-" : String.format("%.2f", percentile(ttft, 90));
            engineTpsMedian = percentile(runs.stream().mapToDouble(Run::engineTps).filter(v -> !Double.isNaN(v)).toArray(), 50);
        }
    }

    /** Command-line options. */
    private record Options(int runs, int warmupRequests, int warmup, int maxTokens, int ctxSize, int threads, long seed,
                           List<String> serviceJvm, Path out) {
        static Options parse(String[] args) {
            int runs = 30;
            int warmupRequests = 6000;  // past HotSpot's Tier4InvocationThreshold (5,000) for per-request code
            int warmup = 200;
            int maxTokens = 256;
            int ctxSize = 512;
            int threads = 1;
            long seed = 42;
            List<String> jvm = List.of();
            Path out = Path.of("bench/inference/target/results.md");
            if (args.length % 2 != 0) {
                throw new IllegalArgumentException("option " + args[args.length - 1] + " has no value");
            }
            for (int i = 0; i + 1 < args.length; i += 2) {
                String v = args[i + 1];
                switch (args[i]) {
                    case "--runs" -> runs = Integer.parseInt(v);
                    case "--warmup" -> warmup = Integer.parseInt(v);
                    case "--warmup-requests" -> warmupRequests = Integer.parseInt(v);
                    case "--max-tokens" -> maxTokens = Integer.parseInt(v);
                    case "--ctx-size" -> ctxSize = Integer.parseInt(v);
                    case "--threads" -> threads = Integer.parseInt(v);
                    case "--seed" -> seed = Long.parseLong(v);
                    case "--service-jvm" -> jvm = v.isBlank() ? List.of() : List.of(v.trim().split("\\s+"));
                    case "--out" -> out = Path.of(v);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (runs < 1 || warmup < 1 || warmupRequests < 0) {
                throw new IllegalArgumentException("--runs and --warmup must be at least 1, --warmup-requests at least 0");
            }
            return new Options(runs, warmupRequests, warmup, maxTokens, ctxSize, threads, seed, jvm, out);
        }
    }

    /** The lines of the report, printed at the end and written to a Markdown file. */
    private static final class Report {
        private final StringBuilder text = new StringBuilder();

        void line(String line) {
            text.append(line).append('\n');
        }

        void print(Path out) throws Exception {
            System.out.print(text);
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, text);
            System.out.println();
            System.out.println("written to " + out);
        }
    }
}
