package dev.localai.devstack;

import dev.localai.standins.mattermost.MattermostStub;
import dev.localai.standins.upstream.FakeUpstream;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@code ./run.sh} starts: every service of the stack on this machine with embedded defaults
 * and nothing to install. PostgreSQL runs from the binaries zonky ships on Maven Central, its data
 * kept under {@code .run/postgres} between runs; each service is a child JVM logging to
 * {@code .run/logs}. A service that dies is started again after a pause while the rest keeps serving,
 * and so is PostgreSQL. Ctrl-C (or SIGTERM) stops them all and leaves nothing running.
 *
 * <p>The router runs its built-in routing policy. The 3070 is inference-3070-service (real llama.cpp on demo
 * models); OpenCode is opencode-service running the real {@code opencode serve}, with the 3070 service as its
 * provider, when the build installed OpenCode; the gaming PC backend is the local gaming-pc-manager. What truly
 * needs the internet (OpenRouter, and OpenCode when it is not installed) goes to one fake OpenAI-compatible
 * upstream that answers every chat with a fixed text; the start-up banner says so. Unless
 * {@code MATTERMOST_URL} is set, a stand-in Mattermost serves the bot (bot {@code @tayne}, person
 * {@code alice}, the slash command {@code /gaming}); the banner says how to talk to it.
 */
public final class DevStack {

    static final int POSTGRES_PORT = 55432;
    static final int FAKE_UPSTREAM_PORT = 8090;
    /** Where the build installs the pinned OpenCode (opencode-service/npm). */
    static final String OPENCODE_BINARY = "opencode-service/target/opencode/node_modules/.bin/opencode";
    static final int MATTERMOST_PORT = 8065;
    static final String ALICE_TOKEN = "alice-token";

    private final Path root;
    /** Data and logs: {@code .run} in the checkout, or {@code DEV_STACK_RUN_DIR} (the chaos suite keeps its own). */
    private final Path run;
    private final List<ServiceProcess> services = new ArrayList<>();
    private EmbeddedPostgres postgres;
    private FakeUpstream upstream;
    private MattermostStub mattermost;
    private volatile boolean stopping;

    DevStack(Path root, Path run) {
        this.root = root;
        this.run = run;
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        String runDir = System.getenv("DEV_STACK_RUN_DIR");
        DevStack stack = new DevStack(root, runDir == null || runDir.isBlank() ? root.resolve(".run")
                : Path.of(runDir).toAbsolutePath().normalize());
        Runtime.getRuntime().addShutdownHook(new Thread(stack::stop, "dev-stack-stop"));
        try {
            stack.start();
        } catch (Exception e) {
            System.err.println("dev-stack: " + e.getMessage());
            System.exit(1);
        }
        stack.watch();
    }

    void start() throws IOException, InterruptedException {
        Path run = this.run;
        Files.createDirectories(run.resolve("logs"));
        say("starting PostgreSQL (embedded binaries) on port " + POSTGRES_PORT);
        postgres = startPostgres();
        upstream = FakeUpstream.start(FAKE_UPSTREAM_PORT).models("fake-model")
                .answer("Hello from the stand-in cloud. Local requests go to the real llama.cpp in inference-3070-service.");
        knowSomeSampleAnswers(upstream);
        Path opencode = root.resolve(OPENCODE_BINARY);
        boolean bridge = Files.isExecutable(opencode);
        say("stand-in OpenAI-compatible backend on " + upstream.baseUrl() + ": it answers for "
                + (bridge ? "OpenRouter" : "OpenCode and OpenRouter") + " (no cloud from here); the 3070 is"
                + " inference-3070-service with real llama.cpp on tiny demo models generated into .run/models"
                + " (random weights: the wiring is real, the words are gibberish)");
        say(bridge ? "OpenCode: opencode-service runs the real opencode serve, its provider the 3070 service, so"
                + " model glm (glm-4.7) and claude (claude-sonnet-4.5) go router -> bridge -> OpenCode -> llama.cpp"
                : "OpenCode: no " + OPENCODE_BINARY + " (the build installs it with npm; install Node.js and npm, then"
                + " ./mvnw package -DskipTests), so opencode-service is not started and the stand-in answers for it");

        String jdbc = "jdbc:postgresql://127.0.0.1:" + POSTGRES_PORT + "/postgres";
        Map<String, String> routerEnv = new java.util.LinkedHashMap<>();
        routerEnv.put("DB_URL", jdbc);
        routerEnv.put("DB_USER", "postgres");
        routerEnv.put("DB_PASSWORD", "postgres");
        routerEnv.put("ROUTER_3070_URL", "http://127.0.0.1:8001");
        routerEnv.put("ROUTER_3070_MODEL", "demo-tiny");
        routerEnv.put("ROUTER_3070_CODER_MODEL", "demo-coder");
        routerEnv.put("ROUTER_3070_DOCS_MODEL", "demo-docs");
        routerEnv.put("OPENCODE_URL", bridge ? "http://127.0.0.1:8002" : upstream.baseUrl());
        routerEnv.put("OPENROUTER_URL", upstream.baseUrl());
        routerEnv.put("GAMING_PC_URL", "http://127.0.0.1:8003");
        routerEnv.put("GAMING_PC_MODEL", "demo-tiny");       // the gaming PC's demo model ("big" requests)
        services.add(service("router-service", 8000, routerEnv));
        // the 3070's three models, each a generated demo GGUF; demo-tiny is preloaded, the others load on first use
        services.add(service("inference-3070-service", 8001, Map.of("JAVA_TOOL_OPTIONS",
                "-Dinference.models.demo-coder.preload=false -Dinference.models.demo-docs.preload=false"
                        + " -Dinference.models.demo-coder.ctx-size=4096 -Dinference.models.demo-docs.ctx-size=4096")));
        if (bridge) {
            services.add(service("opencode-service", 8002, opencodeEnv(opencode)));
        }
        services.add(service("gaming-pc-manager", 8003, Map.of()));
        services.add(service("mattermost-bot", 8004, botEnvironment()));
        for (ServiceProcess service : services) {
            service.start();
        }
        for (ServiceProcess service : services) {
            if (!service.awaitReady(Duration.ofSeconds(90))) {
                throw new IOException(service.name + " did not become ready; last lines of " + service.log() + ":\n"
                        + service.tail(30));
            }
            say(String.format("%-24s %s  (health %s/q/health/ready, metrics %s/q/metrics)",
                    service.name, service.url(), service.url(), service.url()));
        }
        say("");
        say("Ready. OpenAI-compatible endpoint: http://127.0.0.1:8000/v1   (logs in .run/logs, Ctrl-C stops everything)");
        say("Try: curl -s http://127.0.0.1:8000/v1/chat/completions -H 'Content-Type: application/json' "
                + "-d '{\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}'");
        if (mattermost != null) {
            String channel = mattermost.townSquare().id();
            String auth = " -H 'Authorization: Bearer " + ALICE_TOKEN + "'";
            say("Ask @tayne as alice: curl -s " + mattermost.baseUrl() + "/api/v4/posts" + auth
                    + " -H 'Content-Type: application/json' -d '{\"channel_id\":\"" + channel
                    + "\",\"message\":\"@tayne gaming mode on\"}'");
            say("  and read the answers: curl -s " + mattermost.baseUrl() + "/api/v4/channels/" + channel + "/posts" + auth);
        }
    }

    /**
     * The stand-in cloud knows the answers to some of {@code evals/sample.csv}'s questions, as a strong model
     * would, so that an eval run here has something to compare: the demo 3070's random weights pass no check,
     * the stand-in passes these and fails the rest (it answers them with its greeting).
     */
    static void knowSomeSampleAnswers(FakeUpstream cloud) {
        cloud.answerTo("capital of france", "Paris")
                .answerTo("17 + 25", "42")
                .answerTo("chemical symbol for gold", "The chemical symbol for gold is Au.")
                .answerTo("largest planet", "Jupiter")
                .answerTo("capital of italy", "{\"city\": \"Rome\", \"country\": \"Italy\"}")
                .answerTo("is_even(n)", "```python\ndef is_even(n):\n    return n % 2 == 0\n```");
    }

    /**
     * The bot's peers on this machine, and its Mattermost: the one in {@code MATTERMOST_URL} (with
     * {@code MATTERMOST_TOKEN}, passed through) or else a stand-in on port {@value #MATTERMOST_PORT}.
     */
    private Map<String, String> botEnvironment() {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        env.put("GAMING_PC_URL", "http://127.0.0.1:8003");
        env.put("ROUTER_URL", "http://127.0.0.1:8000");
        String url = System.getenv("MATTERMOST_URL");
        if (url != null && !url.isBlank()) {
            say("the bot connects to " + url + " (MATTERMOST_URL, with MATTERMOST_TOKEN)");
            return env;
        }
        mattermost = MattermostStub.start(MATTERMOST_PORT);
        mattermost.bot("tayne", "tayne-bot-token");
        mattermost.user("alice", ALICE_TOKEN);
        mattermost.command("gaming", "http://127.0.0.1:8004/slash", "gaming-slash-token");
        env.put("MATTERMOST_URL", mattermost.baseUrl());
        env.put("MATTERMOST_TOKEN", "tayne-bot-token");
        env.put("MATTERMOST_SLASH_TOKENS", "gaming-slash-token");
        say("stand-in Mattermost on " + mattermost.baseUrl() + " (no Mattermost here; set MATTERMOST_URL and"
                + " MATTERMOST_TOKEN to use yours): bot @tayne, person alice (token " + ALICE_TOKEN + "), slash command /gaming");
        return env;
    }

    private EmbeddedPostgres startPostgres() throws IOException {
        return EmbeddedPostgres.builder()
                .setPort(POSTGRES_PORT)
                .setDataDirectory(run.resolve("postgres"))
                .setCleanDataDirectory(false)
                .setServerConfig("synchronous_commit", "on")      // a committed log row survives a crash
                .start();
    }

    /**
     * The bridge's OpenCode talks to the 3070 service (provider {@code home}, OpenAI-compatible) instead of the
     * subscriptions, under the names the router's routing file sends; no credentials of the user are read.
     */
    private Map<String, String> opencodeEnv(Path opencode) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        env.put("OPENCODE_BINARY", opencode.toString());
        env.put("OPENCODE_DATA_DIR", run.resolve("opencode").toString());
        env.put("OPENCODE_AUTH_FILE", run.resolve("opencode").resolve("no-credentials.json").toString());
        List<String> properties = new ArrayList<>(List.of("-Dopencode.providers.home.base-url=http://127.0.0.1:8001/v1",
                "-Dopencode.providers.home.name=inference-3070-service"));
        for (String key : List.of("glm", "claude")) {
            properties.add("-Dopencode.models." + key + ".target=home/demo-tiny");
            properties.add("-Dopencode.models." + key + ".context-window=2048");     // the demo model's ctx-size
            properties.add("-Dopencode.models." + key + ".max-output-tokens=256");
        }
        env.put("JAVA_TOOL_OPTIONS", String.join(" ", properties));
        return env;
    }

    private ServiceProcess service(String module, int port, Map<String, String> env) {
        Path jar = root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        return new ServiceProcess(module, port, jar, run.resolve("logs").resolve(module + ".log"), env);
    }

    /**
     * Keeps the stack serving until it is stopped: a service that dies is started again after a
     * pause (see {@link ServiceProcess#supervise}), and so is PostgreSQL when it stops answering.
     */
    void watch() throws InterruptedException {
        int postgresMisses = 0;
        while (!stopping) {
            for (ServiceProcess service : services) {
                try {
                    String event = stopping ? null : service.supervise();
                    if (event != null) {
                        say(event);
                    }
                } catch (IOException e) {
                    System.err.println("dev-stack: could not start " + service.name + " again: " + e.getMessage());
                }
            }
            postgresMisses = postgresAnswers() ? 0 : postgresMisses + 1;
            if (postgresMisses == 3 && !stopping) {
                restartPostgres();
                postgresMisses = 0;
            }
            Thread.sleep(500);
        }
    }

    /** True when PostgreSQL accepts a connection (a frozen one does too: frozen is not dead). */
    private boolean postgresAnswers() {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", POSTGRES_PORT), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private synchronized void restartPostgres() {
        say("PostgreSQL stopped answering on port " + POSTGRES_PORT + "; starting it again (the router keeps its"
                + " request log in memory meanwhile)");
        try {
            if (postgres != null) {
                postgres.close();
            }
        } catch (IOException ignored) {
            // it is gone already
        }
        try {
            postgres = startPostgres();
            say("PostgreSQL is back");
        } catch (IOException e) {
            System.err.println("dev-stack: PostgreSQL did not start again: " + e.getMessage());
        }
    }

    synchronized void stop() {
        if (stopping && services.isEmpty()) {
            return;
        }
        stopping = true;
        say("stopping…");
        services.forEach(ServiceProcess::stopping);
        services.parallelStream().forEach(ServiceProcess::stop);
        services.clear();
        if (upstream != null) {
            upstream.close();
        }
        if (mattermost != null) {
            mattermost.close();
        }
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                System.err.println("dev-stack: PostgreSQL did not stop cleanly: " + e.getMessage());
            }
        }
        say("stopped; nothing left running.");
    }

    private static void say(String line) {
        System.out.println(line.isEmpty() ? "" : "[dev-stack] " + line);
    }
}
