package dev.localai.opencode.supervisor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.localai.opencode.config.BridgeConfig;
import dev.localai.opencode.config.OpencodeConfigJson;
import dev.localai.opencode.config.ServedModels;
import org.jboss.logging.Logger;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One start of {@code opencode serve}: its own folder {@code <data-dir>/run-<n>} with HOME, the XDG folders, a
 * temp folder and an empty working folder; the generated {@code opencode.json} and the bridge plugin; the
 * user's {@code auth.json}; a fresh password. The server listens on a free port of 127.0.0.1 that it prints
 * ({@code opencode server listening on http://127.0.0.1:<port>}); its output goes to {@code opencode.log} in
 * the run folder, its pid to {@code opencode.pid}. Folders of older runs are removed, except the one just before
 * (its log, its refreshed credentials); an OpenCode an earlier bridge left running is stopped first.
 */
final class Launch {

    private static final Logger LOG = Logger.getLogger(Launch.class);
    private static final Pattern LISTENING = Pattern.compile("listening on http://([^:/\\s]+):(\\d+)");
    private static final String AUTH = ".local/share/opencode/auth.json";

    final Path dir;
    final String password;
    final Path log;
    final CompletableFuture<Integer> port = new CompletableFuture<>();
    private Process process;

    private Launch(Path dir) {
        this.dir = dir;
        this.log = dir.resolve("opencode.log");
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        this.password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** Makes the run folder for start number {@code run} and writes what OpenCode reads. */
    static Launch prepare(BridgeConfig config, ServedModels models, int run) throws IOException {
        Path data = config.dataDir().toAbsolutePath().normalize();
        Files.createDirectories(data);
        stopOrphans(data);
        Path previous = newestRun(data);
        Launch launch = new Launch(data.resolve("run-" + run + "-" + System.currentTimeMillis()));
        for (String sub : List.of("home/.config", "home/.local/share", "home/.cache", "home/.local/state", "tmp",
                "work")) {
            Files.createDirectories(launch.dir.resolve(sub));
        }
        Path plugin = launch.dir.resolve("bridge-plugin.js");
        try (InputStream source = Launch.class.getResourceAsStream("/opencode/bridge-plugin.js")) {
            if (source == null) {
                throw new IOException("the bridge plugin is missing from the service's resources");
            }
            Files.copy(source, plugin, StandardCopyOption.REPLACE_EXISTING);
        }
        ObjectNode json = OpencodeConfigJson.build(config, models.all(), plugin.toUri().toString());
        writePrivate(launch.dir.resolve("opencode.json"), json.toPrettyString());
        launch.copyCredentials(config.authFile(), previous);
        removeOldRuns(data, previous, launch.dir);
        return launch;
    }

    /**
     * The user's credentials: the configured file, or the previous run's copy when that is newer (OpenCode
     * refreshes subscription tokens in its copy, and a refresh token may be good only once). Never logged.
     */
    private void copyCredentials(Path source, Path previousRun) throws IOException {
        Path target = dir.resolve("home").resolve(AUTH);
        Path carried = previousRun == null ? null : previousRun.resolve("home").resolve(AUTH);
        Path chosen = Files.isRegularFile(source) ? source : null;
        if (carried != null && Files.isRegularFile(carried)
                && (chosen == null || Files.getLastModifiedTime(carried).compareTo(Files.getLastModifiedTime(chosen)) > 0)) {
            chosen = carried;
        }
        if (chosen == null) {
            LOG.debugf("no OpenCode credentials at %s: only providers that need none will answer", source);
            return;
        }
        Files.createDirectories(target.getParent());
        writePrivate(target, Files.readString(chosen, StandardCharsets.UTF_8));
    }

    /** Starts {@code opencode serve}; {@link #port} completes when it says where it listens. */
    Process start(BridgeConfig config) throws IOException {
        Path home = dir.resolve("home");
        ProcessBuilder builder = new ProcessBuilder(executable(config.binary()), "serve", "--hostname", "127.0.0.1",
                "--port", "0")
                .directory(dir.resolve("work").toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("OPENCODE_") || name.startsWith("XDG_"));
        env.put("HOME", home.toString());
        env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        env.put("XDG_DATA_HOME", home.resolve(".local/share").toString());
        env.put("XDG_CACHE_HOME", home.resolve(".cache").toString());
        env.put("XDG_STATE_HOME", home.resolve(".local/state").toString());
        env.put("TMPDIR", dir.resolve("tmp").toString());
        env.put("GIT_CEILING_DIRECTORIES", dir.toString());
        env.put("OPENCODE_CONFIG", dir.resolve("opencode.json").toString());
        env.put("OPENCODE_DISABLE_PROJECT_CONFIG", "1");
        env.put("OPENCODE_DISABLE_MODELS_FETCH", "1");
        env.put("OPENCODE_DISABLE_AUTOUPDATE", "1");
        env.put("OPENCODE_DISABLE_LSP_DOWNLOAD", "1");
        env.put("OPENCODE_DISABLE_CLAUDE_CODE", "1");
        env.put("OPENCODE_SERVER_USERNAME", "opencode");
        env.put("OPENCODE_SERVER_PASSWORD", password);
        if (config.npmOffline()) {
            env.put("npm_config_offline", "true");
        }
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IOException("cannot run " + config.binary() + " (opencode.binary): " + e.getMessage(), e);
        }
        Files.writeString(dir.resolve("opencode.pid"), String.valueOf(process.pid()));
        Thread reader = new Thread(this::readOutput, "opencode-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        return process;
    }

    /** A path with a slash is made absolute (the process runs in its own folder); a bare name is looked up in PATH. */
    static String executable(String binary) {
        return binary.contains("/") ? Path.of(binary).toAbsolutePath().normalize().toString() : binary;
    }

    /** Copies the server's output into {@link #log}, watching for the line that gives its port. */
    private void readOutput() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)); BufferedWriter out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            String line;
            while ((line = lines.readLine()) != null) {
                out.write(line);
                out.newLine();
                out.flush();
                if (!port.isDone()) {
                    Matcher listening = LISTENING.matcher(line);
                    if (listening.find()) {
                        port.complete(Integer.parseInt(listening.group(2)));
                    }
                }
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.debugf("reading OpenCode's output ended: %s", e.getMessage());
        } finally {
            port.completeExceptionally(new IOException("OpenCode exited before it listened; see " + log));
        }
    }

    /** The last lines of {@link #log}, for an error message. */
    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "";
        }
    }

    private static void writePrivate(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    /**
     * Stops an OpenCode that an earlier bridge started and left running (the bridge was killed before it could
     * stop it): its run folder has its pid, and the process is still an {@code opencode}.
     */
    private static void stopOrphans(Path data) throws IOException {
        try (Stream<Path> runs = Files.list(data)) {
            for (Path pidFile : runs.map(run -> run.resolve("opencode.pid")).filter(Files::isRegularFile).toList()) {
                try {
                    long pid = Long.parseLong(Files.readString(pidFile).strip());
                    ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                            .filter(p -> p.info().command().map(c -> c.contains("opencode")).orElse(false))
                            .ifPresent(orphan -> {
                                LOG.warnf("stopping OpenCode pid %d, left running by an earlier start", pid);
                                orphan.descendants().forEach(ProcessHandle::destroyForcibly);
                                orphan.destroyForcibly();
                            });
                } catch (NumberFormatException | IOException e) {
                    LOG.debugf("unreadable pid file %s: %s", pidFile, e.getMessage());
                }
            }
        }
    }

    private static Path newestRun(Path data) throws IOException {
        try (Stream<Path> runs = Files.list(data)) {
            return runs.filter(p -> p.getFileName().toString().startsWith("run-") && Files.isDirectory(p))
                    .max(Comparator.comparingLong(Launch::started)).orElse(null);
        }
    }

    private static long started(Path run) {
        String name = run.getFileName().toString();
        try {
            return Long.parseLong(name.substring(name.lastIndexOf('-') + 1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static void removeOldRuns(Path data, Path keep, Path current) throws IOException {
        try (Stream<Path> runs = Files.list(data)) {
            for (Path run : runs.filter(p -> p.getFileName().toString().startsWith("run-")).toList()) {
                if (!run.equals(keep) && !run.equals(current)) {
                    deleteTree(run);
                }
            }
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debugf("could not remove %s: %s", root, e.getMessage());
        }
    }
}
