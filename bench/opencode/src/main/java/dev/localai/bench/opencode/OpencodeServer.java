package dev.localai.bench.opencode;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code opencode serve} (the pinned binary the build installed) set up as the bridge sets up its own: its own
 * HOME and XDG folders, loopback, a password, models fetch, autoupdate and npm installs off, and a configuration
 * with the bridge's plain chat agent and plugin ({@code opencode-service/src/main/resources/opencode}) and the
 * benchmark provider as model {@code bench/m}. The benchmark calls its API directly, and the bridge attaches to
 * it ({@code opencode.url}), so both paths meet the same OpenCode.
 */
final class OpencodeServer implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening on http://[^:]+:(\\d+)");

    final int port;
    final String password;
    private final Process process;

    private OpencodeServer(Process process, int port, String password) {
        this.process = process;
        this.port = port;
        this.password = password;
    }

    static OpencodeServer start(Path root, Path work, String providerUrl) throws Exception {
        Path binary = root.resolve("opencode-service/target/opencode/node_modules/.bin/opencode");
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException(binary + " is missing: ./mvnw -pl opencode-service package installs it");
        }
        Path home = work.resolve("home");
        Files.createDirectories(work.resolve("cwd"));
        Files.createDirectories(work.resolve("tmp"));
        Files.createDirectories(home);
        Path plugin = work.resolve("bridge-plugin.js");
        Files.copy(root.resolve("opencode-service/src/main/resources/opencode/bridge-plugin.js"), plugin,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(work.resolve("opencode.json"), """
                {"$schema": "https://opencode.ai/config.json", "model": "bench/m", "small_model": "bench/m",
                 "default_agent": "bridge", "autoupdate": false, "share": "disabled", "snapshot": false,
                 "compaction": {"auto": false}, "permission": {"*": "deny"},
                 "agent": {"bridge": {"mode": "primary", "prompt": "You are a helpful assistant.",
                           "tools": {"*": false}, "permission": {"*": "deny"}}},
                 "plugin": ["%s"],
                 "provider": {"bench": {"npm": "@ai-sdk/openai-compatible", "name": "bench",
                   "options": {"baseURL": "%s", "apiKey": "unused"},
                   "models": {"m": {"name": "m", "limit": {"context": 32768, "output": 1024}}}}}}
                """.formatted(plugin.toUri(), providerUrl));
        byte[] secret = new byte[18];
        new SecureRandom().nextBytes(secret);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        ProcessBuilder builder = new ProcessBuilder(binary.toString(), "serve", "--hostname", "127.0.0.1", "--port", "0")
                .directory(work.resolve("cwd").toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("OPENCODE_") || name.startsWith("XDG_"));
        env.putAll(Map.of("HOME", home.toString(), "XDG_CONFIG_HOME", home.resolve(".config").toString(),
                "XDG_DATA_HOME", home.resolve(".local/share").toString(), "XDG_CACHE_HOME", home.resolve(".cache").toString(),
                "XDG_STATE_HOME", home.resolve(".local/state").toString(), "TMPDIR", work.resolve("tmp").toString(),
                "GIT_CEILING_DIRECTORIES", work.toString(), "OPENCODE_CONFIG", work.resolve("opencode.json").toString()));
        env.putAll(Map.of("OPENCODE_DISABLE_PROJECT_CONFIG", "1", "OPENCODE_DISABLE_MODELS_FETCH", "1",
                "OPENCODE_DISABLE_AUTOUPDATE", "1", "OPENCODE_DISABLE_CLAUDE_CODE", "1", "OPENCODE_SERVER_PASSWORD", password,
                "npm_config_offline", "true"));
        Process process = builder.start();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Path log = work.resolve("opencode.log");
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8)); var out = Files.newBufferedWriter(log)) {
                String line;
                while ((line = lines.readLine()) != null) {
                    out.write(line);
                    out.newLine();
                    out.flush();
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (Exception ignored) {
                // the process ended
            }
            port.completeExceptionally(new IllegalStateException("opencode exited; see " + log));
        }, "opencode-output");
        reader.setDaemon(true);
        reader.start();
        return new OpencodeServer(process, port.get(90, TimeUnit.SECONDS), password);
    }

    String authorization() {
        return "Basic " + Base64.getEncoder().encodeToString(("opencode:" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
