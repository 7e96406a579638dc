package dev.localai.bench.overhead;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.HdrHistogram.Histogram;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What the router adds to a request, measured side by side in one run: the same load sent straight
 * to a fast fake upstream and through the packaged router in front of it.
 *
 * <ol>
 *   <li>non-streaming, open-loop at fixed rates (200 and 1,000 requests/s by default): latency
 *       percentiles direct and routed, and the difference;</li>
 *   <li>saturation: closed-loop clients, as fast as each path goes;</li>
 *   <li>streams: time to first token direct and routed, and for every chunk how long it took from the
 *       upstream's write to the client, so a chunk the router holds back shows;</li>
 *   <li>the router's resident memory after start and at its peak under this load.</li>
 * </ol>
 *
 * <p>Usage (bench/overhead/run.sh builds and runs it): {@code [--duration 20] [--warmup 15]
 * [--rates 200,1000] [--clients 64] [--stream-rate 20] [--chunks 20] [--gap-ms 10]
 * [--router-jvm "-XX:+UseSerialGC -Xmx128m"] [--router-env "MALLOC_ARENA_MAX=2"] [--router-jar path/quarkus-run.jar]
 * [--out results.md]}. The
 * router's JVM options default to the ones the project ships it with; {@code --router-jar} runs another build
 * of the router (an earlier commit's, for a before-and-after) instead of the one just packaged.
 */
public final class OverheadBenchmark {

    private static final String BODY = "{\"model\":\"m\",\"messages\":["
            + "{\"role\":\"system\",\"content\":\"You are a helpful assistant in a home lab. Answer briefly.\"},"
            + "{\"role\":\"user\",\"content\":\"What is the difference between a process and a thread? Explain it"
            + " in two sentences, for someone who knows a little about computers but has never programmed.\"}],"
            + "\"max_tokens\":64,\"temperature\":0.7}";
    private static final String STREAM_BODY = BODY.replace("\"temperature\":0.7}", "\"temperature\":0.7,\"stream\":true}");

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        Path work = Path.of("bench/overhead/target/run");
        Files.createDirectories(work);
        Report report = new Report();
        report.line("# Router overhead, " + java.time.LocalDate.now() + ", " + Runtime.getRuntime().availableProcessors()
                + " CPUs, " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        report.line("phases of " + o.duration.toSeconds() + " s after " + o.warmup.toSeconds()
                + " s of warm-up; latency in ms, open-loop (counted from when each request was due)");

        Vertx client = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        Path data = work.resolve("postgres");
        if (Files.exists(data)) {                       // left behind by a run that was killed
            try (var files = Files.walk(data)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setCleanDataDirectory(true)
                .setDataDirectory(data).start();
             BenchUpstream.Started upstream = BenchUpstream.start(o.chunks, o.gapMs, "m");
             RouterUnderTest router = RouterUnderTest.start(o.routerJar,
                     work, upstream.baseUrl(), postgres.getJdbcUrl("postgres", "postgres"), o.routerJvm, o.routerEnv);
             BareProxyUnderTest bare = BareProxyUnderTest.start(upstream.baseUrl(), o.routerJvm, o.routerEnv)) {
            long rssAfterStart = router.rssKb();
            String direct = upstream.baseUrl() + "/v1/chat/completions";
            LoadRun directLoad = new LoadRun(client, direct, BODY, 256);
            LoadRun routedLoad = new LoadRun(client, router.chatUrl(), BODY, 256);
            StreamProbe directStreams = new StreamProbe(client, direct, STREAM_BODY);
            StreamProbe routedStreams = new StreamProbe(client, router.chatUrl(), STREAM_BODY);
            StreamProbe bareStreams = new StreamProbe(client, bare.chatUrl(), STREAM_BODY);
            LoadRun bareLoad = new LoadRun(client, bare.chatUrl(), BODY, 256);

            System.err.println("warming up for " + o.warmup.toSeconds() + " s");
            routedLoad.fixedRate(1000, o.warmup);
            directLoad.fixedRate(1000, Duration.ofSeconds(Math.max(1, o.warmup.toSeconds() / 3)));
            routedStreams.run(o.streamRate, Duration.ofSeconds(3));
            directStreams.run(o.streamRate, Duration.ofSeconds(3));
            bareLoad.fixedRate(1000, Duration.ofSeconds(Math.max(1, o.warmup.toSeconds() / 3)));
            bareStreams.run(o.streamRate, Duration.ofSeconds(3));
            router.resetPeak();

            report.line("");
            report.line("## Non-streaming");
            report.line(String.format("%-18s %-7s %8s %8s %7s %9s %8s %8s %8s %8s %8s", "phase", "path", "sent",
                    "ok", "failed", "req/s", "p50", "p90", "p99", "p99.9", "max"));
            List<String> verdicts = new ArrayList<>();
            for (int rate : o.rates) {
                System.err.println("fixed rate " + rate + "/s");
                Latency d = directLoad.fixedRate(rate, o.duration);
                Latency r = routedLoad.fixedRate(rate, o.duration);
                String phase = "fixed " + rate + "/s";
                report.row(phase, "direct", d);
                report.row(phase, "router", r);
                report.added(r, d);
                if (rate == 1000) {
                    verdicts.add(verdict("added p50 at 1,000/s <= 0.5 ms", r.p50() - d.p50(), 500));
                    verdicts.add(verdict("added p99 at 1,000/s <= 2 ms", r.p99() - d.p99(), 2000));
                }
            }
            WrkRun wrk = WrkRun.create(work, BODY);
            double wrkShare = -1;
            double wrkCpu = -1;
            if (wrk == null) {
                report.line("wrk is not installed (apt-get install wrk): no saturation figure from it");
            } else {
                System.err.println("saturation, wrk -t2 -c32");
                WrkRun.Result wd = wrk.run(direct, 2, 32, o.duration);
                WrkRun.Result wb;
                double bareCpu;
                long bareCpuBefore = bare.cpuMicros();
                wb = wrk.run(bare.chatUrl(), 2, 32, o.duration);
                bareCpu = wb.requests() == 0 ? 0 : (double) (bare.cpuMicros() - bareCpuBefore) / wb.requests();
                long wrkCpuBefore = router.cpuMicros();
                WrkRun.Result wr = wrk.run(router.chatUrl(), 2, 32, o.duration);
                long wrkCpuUsed = router.cpuMicros() - wrkCpuBefore;
                wrkShare = 100.0 * wr.requestsPerSecond() / wd.requestsPerSecond();
                wrkCpu = wr.requests() == 0 ? 0 : (double) wrkCpuUsed / wr.requests();
                for (var row : List.of(Map.entry("direct", wd), Map.entry("bare", wb), Map.entry("router", wr))) {
                    WrkRun.Result w = row.getValue();
                    report.line(String.format("%-18s %-7s %8d %8d %7d %9.0f %8s %8s %8s", "wrk -t2 -c32", row.getKey(),
                            w.requests(), w.requests() - w.errors(), w.errors(), w.requestsPerSecond(), w.p50(), "",
                            w.p99()));
                }
                report.line(String.format("%-18s %-7s a bare Vert.x proxy (no routing, JSON or log: the floor) sustains"
                        + " %.0f%% of the direct rate at %.1f us CPU per request", "", "",
                        100.0 * wb.requestsPerSecond() / wd.requestsPerSecond(), bareCpu));
                report.line(String.format("%-18s %-7s router sustains %.0f%% of the direct rate; router CPU %.1f us per"
                        + " request (request log included), %.1f us above the bare proxy", "", "", wrkShare, wrkCpu,
                        wrkCpu - bareCpu));
            }
            System.err.println("saturation, " + o.clients + " clients");
            Latency ds = directLoad.saturate(o.clients, o.duration);
            Latency dAfter = directLoad.fixedRate(500, o.duration);
            long cpuBefore = router.cpuMicros();
            Latency rs = routedLoad.saturate(o.clients, o.duration);
            long cpu = router.cpuMicros() - cpuBefore;
            Latency rAfter = routedLoad.fixedRate(500, o.duration);        // right after the burst: no warm-up between
            String phase = "saturation x" + o.clients;
            report.row(phase, "direct", ds);
            report.row(phase, "router", rs);
            double share = 100.0 * rs.rate() / ds.rate();
            double cpuPerRequest = rs.ok() == 0 ? 0 : (double) cpu / rs.ok();
            report.line(String.format("%-18s %-7s router sustains %.0f%% of the direct rate; router CPU %.1f us per"
                    + " request (request log included)", "", "", share, cpuPerRequest));
            report.row("500/s after burst", "direct", dAfter);
            report.row("500/s after burst", "router", rAfter);
            report.added(rAfter, dAfter);
            if (wrkShare >= 0) {                 // the issue's own method: wrk's load takes little of the cores
                verdicts.add(verdict("saturation under wrk -t2 -c32 >= 60% of direct (%)", Math.round(wrkShare), 60,
                        false));
                verdicts.add(verdict("router CPU per request under wrk <= 30 us", Math.round(wrkCpu), 30));
            } else {
                verdicts.add(verdict("saturation >= 60% of direct (%)", Math.round(share), 60, false));
                verdicts.add(verdict("router CPU per request <= 30 us", Math.round(cpuPerRequest), 30));
            }
            verdicts.add(verdict("p99 at 500/s right after a burst <= direct + 1 ms (added us)",
                    rAfter.p99() - dAfter.p99(), 1000));

            System.err.println("streams");
            StreamProbe.Result sd = directStreams.run(o.streamRate, o.duration);
            StreamProbe.Result sr = routedStreams.run(o.streamRate, o.duration);
            StreamProbe.Result sb = bareStreams.run(o.streamRate, o.duration);
            report.line("");
            report.line("## Streams: " + o.streamRate + " new streams/s, " + o.chunks + " chunks " + o.gapMs
                    + " ms apart; chunk delay = upstream write to client read");
            report.line(String.format("%-7s %8s %9s %9s %9s %9s %9s %9s %9s %12s", "path", "streams", "complete",
                    "chunks", "ttft p50", "ttft p99", "chunk p50", "chunk p99", "chunk max", "chunks >1ms"));
            report.stream("direct", sd);
            report.stream("bare", sb);
            report.stream("router", sr);
            report.line(String.format("%-7s added time to first token: p50 %s ms, p99 %s ms; chunk delay: p99 %s ms,"
                            + " max %s ms", "", Latency.ms(sr.ttft().getValueAtPercentile(50)
                            - sd.ttft().getValueAtPercentile(50)),
                    Latency.ms(sr.ttft().getValueAtPercentile(99) - sd.ttft().getValueAtPercentile(99)),
                    Latency.ms(sr.chunkDelay().getValueAtPercentile(99) - sd.chunkDelay().getValueAtPercentile(99)),
                    Latency.ms(sr.chunkDelay().getMaxValue() - sd.chunkDelay().getMaxValue())));
            report.line(String.format("%-7s the bare proxy adds to time to first token: p50 %s ms, p99 %s ms", "",
                    Latency.ms(sb.ttft().getValueAtPercentile(50) - sd.ttft().getValueAtPercentile(50)),
                    Latency.ms(sb.ttft().getValueAtPercentile(99) - sd.ttft().getValueAtPercentile(99))));
            verdicts.add(verdict("no chunk held back by more than 1 ms (router chunk delay, max)",
                    sr.chunkDelay().getMaxValue(), 1000));
            verdicts.add(verdict("streamed time to first byte p50 <= direct + 0.2 ms (added us)",
                    sr.ttft().getValueAtPercentile(50) - sd.ttft().getValueAtPercentile(50), 200));

            long peak = router.peakRssKb();
            report.line("");
            report.line("## Router memory");
            report.line(String.format("RSS after start %d MB; peak under this load %d MB (sampled every 200 ms);"
                            + " kernel high-water mark %d MB; JVM options: %s", rssAfterStart / 1024, peak / 1024,
                    router.highWaterKb() / 1024, o.routerJvm.isEmpty() ? "(none)" : String.join(" ", o.routerJvm)) + "; environment: " + o.routerEnv);
            report.line("router: " + o.routerJar);
            verdicts.add(verdict("router RSS after start <= 150 MB", rssAfterStart / 1024, 150));
            verdicts.add(verdict("router RSS under load <= 200 MB", router.highWaterKb() / 1024, 200));

            report.line("");
            report.line("## Targets");
            verdicts.forEach(report::line);
            directLoad.close();
            routedLoad.close();
            directStreams.close();
            routedStreams.close();
            bareStreams.close();
            bareLoad.close();
        } finally {
            client.close();
        }
        report.print(o.out);
        System.exit(0);
    }

    private static String verdict(String target, long value, long limit) {
        return verdict(target, value, limit, true);
    }

    /** {@code atMost}: the value must not exceed the limit; otherwise it must reach it. */
    private static String verdict(String target, long value, long limit, boolean atMost) {
        boolean pass = atMost ? value <= limit : value >= limit;
        String unit = target.contains("MB") ? " MB" : target.contains("(%)") ? " %" : " us";
        return (pass ? "PASS  " : "MISS  ") + target + ": " + value + unit;
    }

    /** Command-line options, with the defaults the closing notes quote. */
    private record Options(Duration duration, Duration warmup, int[] rates, int clients, int streamRate, int chunks,
                           long gapMs, List<String> routerJvm, Map<String, String> routerEnv, Path routerJar,
                           Path out) {
        static Options parse(String[] args) {
            Duration duration = Duration.ofSeconds(20);
            Duration warmup = Duration.ofSeconds(15);
            int[] rates = {200, 1000};
            int clients = 64;
            int streamRate = 20;
            int chunks = 20;
            long gapMs = 10;
            List<String> jvm = List.of("-XX:+UseSerialGC", "-Xmx128m");     // as run.sh, compose and k3s run it
            Path out = Path.of("bench/overhead/target/results.md");
            Path routerJar = Path.of("router-service/target/quarkus-app/quarkus-run.jar");
            Map<String, String> env = new java.util.LinkedHashMap<>();   // none, as run.sh starts it
            for (int i = 0; i + 1 < args.length; i += 2) {
                String v = args[i + 1];
                switch (args[i]) {
                    case "--duration" -> duration = Duration.ofSeconds(Long.parseLong(v));
                    case "--warmup" -> warmup = Duration.ofSeconds(Long.parseLong(v));
                    case "--rates" -> rates = Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray();
                    case "--clients" -> clients = Integer.parseInt(v);
                    case "--stream-rate" -> streamRate = Integer.parseInt(v);
                    case "--chunks" -> chunks = Integer.parseInt(v);
                    case "--gap-ms" -> gapMs = Long.parseLong(v);
                    case "--router-jvm" -> jvm = v.isBlank() ? List.of() : List.of(v.trim().split("\\s+"));
                    case "--router-jar" -> routerJar = Path.of(v);
                    case "--router-env" -> {
                        env.clear();
                        for (String pair : v.split(",")) {
                            if (pair.contains("=")) {
                                env.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
                            }
                        }
                    }
                    case "--out" -> out = Path.of(v);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (args.length % 2 != 0) {
                throw new IllegalArgumentException("option " + args[args.length - 1] + " has no value");
            }
            return new Options(duration, warmup, rates, clients, streamRate, chunks, gapMs, jvm, env, routerJar, out);
        }
    }

    /** The lines of the report, printed at the end and written to a Markdown file. */
    private static final class Report {
        private final StringBuilder text = new StringBuilder();

        void line(String line) {
            text.append(line).append('\n');
            System.err.println(line);
        }

        void row(String phase, String path, Latency l) {
            line(String.format("%-18s %-7s %8d %8d %7d %9.0f %8s %8s %8s %8s %8s", phase, path, l.sent(), l.ok(),
                    l.failed(), l.rate(), Latency.ms(l.p50()), Latency.ms(l.p90()), Latency.ms(l.p99()),
                    Latency.ms(l.p999()), Latency.ms(l.max())));
        }

        void added(Latency routed, Latency direct) {
            line(String.format("%-18s %-7s %8s %8s %7s %9s %8s %8s %8s %8s %8s", "", "added", "", "", "", "",
                    Latency.ms(routed.p50() - direct.p50()), Latency.ms(routed.p90() - direct.p90()),
                    Latency.ms(routed.p99() - direct.p99()), Latency.ms(routed.p999() - direct.p999()),
                    Latency.ms(routed.max() - direct.max())));
        }

        void stream(String path, StreamProbe.Result r) {
            Histogram t = r.ttft();
            Histogram c = r.chunkDelay();
            line(String.format("%-7s %8d %9d %9d %9s %9s %9s %9s %9s %12d", path, r.streams(), r.complete(),
                    r.chunks(), Latency.ms(t.getValueAtPercentile(50)), Latency.ms(t.getValueAtPercentile(99)),
                    Latency.ms(c.getValueAtPercentile(50)), Latency.ms(c.getValueAtPercentile(99)),
                    Latency.ms(c.getMaxValue()), r.over1ms()));
        }

        void print(Path out) throws java.io.IOException {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, text);
            System.err.println("written to " + out);
        }
    }
}
