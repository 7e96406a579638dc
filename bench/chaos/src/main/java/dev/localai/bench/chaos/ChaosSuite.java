package dev.localai.bench.chaos;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The chaos suite (see {@code README.md}): one run of the packaged stack under steady load while its
 * parts fail, and the figures that say whether the router kept its promises.
 */
public final class ChaosSuite {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final String ROUTER = "http://127.0.0.1:8000";

    private final Stack stack;
    private final Load load = new Load();
    private final List<String[]> rows = new ArrayList<>();
    private final StringBuilder notes = new StringBuilder();
    private long routerKilledAt;

    private ChaosSuite(Path root) {
        this.stack = new Stack(root);
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        ChaosSuite suite = new ChaosSuite(root);
        String report;
        try {
            report = suite.run();
        } finally {
            suite.stack.stop();
        }
        Path out = root.resolve("bench/chaos/target/chaos.md");
        Files.writeString(out, report);
        System.out.println(report);
        System.out.println("(written to " + out + ")");
    }

    private String run() throws Exception {
        say("starting the stack");
        stack.start();
        load.start(4);
        phase("steady load", () -> sleep(10_000));
        for (String service : List.of("inference-3070-service", "gaming-pc-manager", "opencode-service", "mattermost-bot")) {
            phase("kill -9 " + service, () -> killAndTime(service));
        }
        phase("kill -9 router-service", () -> {
            routerKilledAt = System.currentTimeMillis();
            killAndTime("router-service");
        });
        phase("kill -9 PostgreSQL", this::killPostgres);
        phase("SIGSTOP PostgreSQL for 20 s", this::freezePostgres);
        phase("100 clients hang up (plain and streamed)", this::hangUps);
        phase("flood the 3070: 40 at once past 2 slots + 8 queued", this::flood);
        phase("gaming mode flapped 10 times", this::flapGamingMode);
        phase("300 half-sent connections held open", this::halfOpen);
        phase("bad input", this::badInput);
        load.stop();
        phase("request log complete", this::logRows);
        return report();
    }

    @FunctionalInterface
    interface Step {
        void run() throws Exception;
    }

    private void phase(String name, Step step) throws Exception {
        say(name);
        Load.Counts before = load.counts();
        long start = System.nanoTime();
        String figure;
        int at = rows.size();
        step.run();
        Load.Counts d = load.counts().minus(before);
        figure = rows.size() > at ? rows.remove(at)[1] : "";
        rows.add(at, new String[]{name, figure, Long.toString(d.ok()), Long.toString(d.refused()),
                Long.toString(d.hung()), Long.toString(d.broken()), Long.toString(d.routerDown()),
                String.format("%.0f", (System.nanoTime() - start) / 1e9)});
    }

    /** The figure of the phase now running. */
    private void figure(String text) {
        rows.add(new String[]{"", text});
        say("  " + text);
    }

    private void killAndTime(String service) throws Exception {
        stack.process(service).orElseThrow().destroyForcibly();
        long killed = System.nanoTime();
        int port = Map.of("router-service", 8000, "inference-3070-service", 8001, "opencode-service", 8002,
                "gaming-pc-manager", 8003, "mattermost-bot", 8004).get(service);
        await(() -> !Stack.ready(port), Duration.ofSeconds(10));
        boolean back = await(() -> Stack.ready(port), Duration.ofSeconds(180));
        double seconds = (System.nanoTime() - killed) / 1e9;
        String served = "";
        if ("inference-3070-service".equals(service)) {
            boolean small = await(() -> "gpu-3070".equals(backendOf(chat("small", false, 4))), Duration.ofSeconds(60));
            served = small ? String.format("; `small` served by gpu-3070 %.1f s after the kill", (System.nanoTime() - killed) / 1e9)
                    : "; `small` NOT served again within 60 s";
        }
        figure(back ? String.format("ready again %.1f s after the kill%s", seconds, served) : "NOT ready within 180 s");
        sleep(3000);
    }

    private void killPostgres() throws Exception {
        stack.process("postgres").orElseThrow().destroyForcibly();
        long killed = System.nanoTime();
        await(() -> !Stack.listening(Stack.POSTGRES), Duration.ofSeconds(5));
        boolean back = await(() -> Stack.listening(Stack.POSTGRES), Duration.ofSeconds(60));
        double up = (System.nanoTime() - killed) / 1e9;
        boolean drained = await(() -> logPending() == 0, Duration.ofSeconds(60));
        figure(String.format("PostgreSQL %s %.1f s after the kill; waiting rows written %.1f s after it", back ? "back"
                : "NOT back", up, (System.nanoTime() - killed) / 1e9) + (drained ? "" : " (NOT drained)"));
    }

    private void freezePostgres() throws Exception {
        stack.signal("postgres", "STOP");
        sleep(20_000);
        long pendingFrozen = logPending();
        stack.signal("postgres", "CONT");
        long thawed = System.nanoTime();
        boolean drained = await(() -> logPending() == 0, Duration.ofSeconds(90));
        figure(String.format("%d rows waited in memory while frozen; all written %.1f s after SIGCONT%s", pendingFrozen,
                (System.nanoTime() - thawed) / 1e9, drained ? "" : " (NOT drained)"));
    }

    private void hangUps() throws Exception {
        for (int i = 0; i < 100; i++) {
            boolean stream = i % 2 == 0;
            byte[] body = ("{\"stream\":" + stream + ",\"max_tokens\":200,\"messages\":[{\"role\":\"user\",\"content\":"
                    + "\"hang up " + i + "\"}]}").getBytes(StandardCharsets.UTF_8);
            try (Socket socket = new Socket("127.0.0.1", 8000)) {
                OutputStream out = socket.getOutputStream();
                out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                if (stream) {
                    socket.setSoTimeout(10_000);
                    socket.getInputStream().read(new byte[64]);      // the first bytes of the stream, then hang up
                } else {
                    sleep(5);
                }
            }
        }
        sleep(1000);
        String breakers = backendsReady();
        figure("after 100 hang-ups: gpu-3070 " + (breakers.contains("\"gpu-3070\":\"up; circuit closed, 0 consecutive")
                ? "circuit closed, 0 failures" : "NOT clean: " + breakers));
    }

    private void flood() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(40);
        List<Future<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            calls.add(pool.submit(() -> HTTP.send(request("small", false, 128), HttpResponse.BodyHandlers.ofString())));
        }
        Map<String, Integer> outcomes = new TreeMap<>();
        for (Future<HttpResponse<String>> call : calls) {
            HttpResponse<String> r = call.get();
            String kind = r.statusCode() + (r.statusCode() == 429 ? r.headers().firstValue("retry-after")
                    .map(s -> " with Retry-After").orElse(" WITHOUT Retry-After") : "");
            outcomes.merge(kind, 1, Integer::sum);
        }
        pool.shutdown();
        sleep(500);
        String breakers = backendsReady();
        figure("40 x `small`: " + outcomes + "; gpu-3070 afterwards: "
                + (breakers.contains("\"gpu-3070\":\"up; circuit closed") ? "circuit closed" : breakers));
    }

    private void flapGamingMode() throws Exception {
        int forcedFailed = 0;
        int forcedSent = 0;
        Map<Integer, Integer> unforced = new TreeMap<>();
        for (int i = 0; i < 10; i++) {
            gamingMode(i % 2 == 0);
            long until = System.nanoTime() + 2_000_000_000L;
            while (System.nanoTime() < until) {
                HttpResponse<String> forced = HTTP.send(HttpRequest.newBuilder(URI.create(ROUTER + "/v1/chat/completions"))
                        .header("Content-Type", "application/json").header("X-Force-Big", "true")
                        .POST(HttpRequest.BodyPublishers.ofString(chatBody("big", false, 4))).build(),
                        HttpResponse.BodyHandlers.ofString());
                forcedSent++;
                if (forced.statusCode() != 200) {
                    forcedFailed++;
                }
                unforced.merge(HTTP.send(request("big", false, 4), HttpResponse.BodyHandlers.discarding()).statusCode(), 1,
                        Integer::sum);
            }
        }
        gamingMode(false);
        long off = System.nanoTime();
        boolean served = await(() -> "gaming-pc".equals(backendOf(chat("big", false, 4))), Duration.ofSeconds(60));
        figure(String.format("forced `big` failed %d of %d; unforced `big` by status %s; after gaming mode off, `big`"
                + " served again in %.1f s%s", forcedFailed, forcedSent, unforced, (System.nanoTime() - off) / 1e9,
                served ? "" : " (NOT within 60 s)"));
    }

    private void halfOpen() throws Exception {
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Socket s = new Socket("127.0.0.1", 8000);
            s.getOutputStream().write("POST /v1/chat/comp".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            s.setSoTimeout(50);
            sockets.add(s);
        }
        long start = System.nanoTime();
        int open = sockets.size();
        while (open > 0 && System.nanoTime() - start < 60_000_000_000L) {
            open = 0;
            for (Socket s : sockets) {
                if (!s.isClosed() && stillOpen(s)) {
                    open++;
                }
            }
            sleep(1000);
        }
        for (Socket s : sockets) {
            s.close();
        }
        figure(String.format("%d of 300 still open after %.0f s (the idle timeout is 30 s)", open,
                (System.nanoTime() - start) / 1e9));
    }

    private static boolean stillOpen(Socket s) {
        try {
            int read = s.getInputStream().read(new byte[512]);
            if (read < 0) {
                s.close();
                return false;
            }
            return true;
        } catch (java.net.SocketTimeoutException quiet) {
            return true;
        } catch (java.io.IOException reset) {
            return false;
        }
    }

    private void badInput() throws Exception {
        List<String[]> cases = List.of(
                new String[]{"application/json", "{\"messages\": ["},
                new String[]{"application/json", ""},
                new String[]{"application/json", "[1,2]"},
                new String[]{"application/json", "{\"messages\":[]}"},
                new String[]{"application/json", "{\"messages\":[{\"role\":\"boss\",\"content\":\"x\"}]}"},
                new String[]{"application/json", "{\"messages\":[{\"role\":\"user\",\"content\":5}]}"},
                new String[]{"application/json", "{\"tags\":[5,{\"a\":1}],\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"},
                new String[]{"application/json", "{\"max_tokens\":\"5\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"},
                new String[]{"application/json", "{\"logit_bias\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"},
                new String[]{"application/json", "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":5}]}]}"},
                new String[]{"application/json", "{\"model\":\"nope\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"},
                new String[]{"application/json", "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"metadata\":"
                        + "[".repeat(3000) + "]".repeat(3000) + "}"},
                new String[]{"application/json", "{\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(17_000_000) + "\"}]}"},
                new String[]{"text/plain", "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"},
                new String[]{"application/json", "{\"stream\":\"yes\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"},
                new String[]{"application/json", "\u0000\u0001garbage"});
        Map<Integer, Integer> statuses = new TreeMap<>();
        int fiveHundreds = 0;
        int notOpenAiShaped = 0;
        for (String[] c : cases) {
            for (String path : List.of("/v1/chat/completions", "/v1/messages")) {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(ROUTER + path))
                        .header("Content-Type", c[0]).timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(c[1])).build(), HttpResponse.BodyHandlers.ofString());
                statuses.merge(r.statusCode(), 1, Integer::sum);
                if (r.statusCode() >= 500) {
                    fiveHundreds++;
                }
                if (r.statusCode() >= 400 && !r.body().contains("\"error\"")) {
                    notOpenAiShaped++;
                }
            }
        }
        HttpResponse<String> logs = HTTP.send(HttpRequest.newBuilder(URI.create(ROUTER + "/api/logs?status=abc")).build(),
                HttpResponse.BodyHandlers.ofString());
        statuses.merge(logs.statusCode(), 1, Integer::sum);
        // a privacy tag given as one string must be read: a private request for the cloud alias has nowhere to go
        HttpResponse<String> privateCloud = HTTP.send(HttpRequest.newBuilder(URI.create(ROUTER + "/v1/chat/completions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"tags\":\"private\",\"model\":\"cloud\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        boolean privacyRead = privateCloud.statusCode() == 503 && privateCloud.body().contains("tagged private");
        figure(String.format("%d bad requests: by status %s; 5xx %d; without an error body %d; `\"tags\":\"private\"`"
                + " for the cloud %s", cases.size() * 2 + 1, statuses, fiveHundreds, notOpenAiShaped,
                privacyRead ? "refused (nothing may leave the house)" : "NOT honoured: " + privateCloud.statusCode()));
    }

    private void logRows() throws Exception {
        await(() -> logPending() == 0, Duration.ofSeconds(60));
        HttpResponse<String> export = HTTP.send(HttpRequest.newBuilder(URI.create(ROUTER + "/api/logs/export")).build(),
                HttpResponse.BodyHandlers.ofString());
        Set<String> logged = new HashSet<>();
        Matcher m = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"").matcher(export.body());
        while (m.find()) {
            logged.add(m.group(1));
        }
        int lost = 0;
        int lostToRouterKill = 0;
        for (Map.Entry<String, Long> e : load.answered.entrySet()) {
            if (!logged.contains(e.getKey())) {
                if (Math.abs(e.getValue() - routerKilledAt) < 2000) {
                    lostToRouterKill++;
                } else {
                    lost++;
                }
            }
        }
        figure(String.format("%d answered requests of the load, %d rows lost; %d lost with the router's own kill -9"
                + " (rows still in its memory)", load.answered.size(), lost, lostToRouterKill));
    }

    private String report() {
        StringBuilder out = new StringBuilder("# Chaos suite\n\n");
        out.append("Steady load: 4 clients, plain and streamed `auto` chats (the 3070, the stand-in cloud behind it).")
                .append(" A request hangs when it takes over ").append(Load.TIMEOUT.toSeconds()).append(" s.\n\n");
        out.append("| phase | figure | ok | refused | hung | streams cut | router down | s |\n");
        out.append("|---|---|---|---|---|---|---|---|\n");
        for (String[] r : rows) {
            out.append("| ").append(String.join(" | ", r)).append(" |\n");
        }
        Load.Counts all = load.counts();
        out.append(String.format("%nTotals: %d ok, %d refused, %d hung, %d streams cut, %d while the router was down.%n",
                all.ok(), all.refused(), all.hung(), all.broken(), all.routerDown()));
        if (!load.samples.isEmpty()) {
            out.append("\nSamples of what went wrong:\n\n");
            load.samples.forEach(s -> out.append("- ").append(s.replace('\n', ' ')).append('\n'));
        }
        return out.append(notes).toString();
    }

    // --- helpers

    private static HttpRequest request(String model, boolean stream, int maxTokens) {
        return HttpRequest.newBuilder(URI.create(ROUTER + "/v1/chat/completions")).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(chatBody(model, stream, maxTokens))).build();
    }

    private static String chatBody(String model, boolean stream, int maxTokens) {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"max_tokens\":" + maxTokens
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"chaos probe\"}]}";
    }

    private static HttpResponse<String> chat(String model, boolean stream, int maxTokens) {
        try {
            return HTTP.send(request(model, stream, maxTokens), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            return null;
        }
    }

    private static String backendOf(HttpResponse<String> response) {
        return response == null || response.statusCode() != 200 ? null
                : response.headers().firstValue("x-router-backend").orElse(null);
    }

    private static void gamingMode(boolean on) throws Exception {
        HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:8003/gaming-mode"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"enabled\":" + on + "}")).build(),
                HttpResponse.BodyHandlers.discarding());
    }

    private static String backendsReady() {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(ROUTER + "/q/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString()).body().replaceAll("\\n\\s*", "").replace("\": ", "\":");
        } catch (Exception e) {
            return "unreadable: " + e;
        }
    }

    /** Rows the router's request log holds in memory, from its readiness data; -1 when unreadable. */
    private static long logPending() {
        Matcher m = Pattern.compile("\"pending\":(\\d+)").matcher(backendsReady());
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static boolean await(BooleanSupplier condition, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            sleep(200);
        }
        return condition.getAsBoolean();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void say(String line) {
        System.out.println("[chaos] " + line);
    }
}
