package dev.localai.testsupport.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs the project's Node client tests ({@code clients/node}: the official {@code openai} and
 * {@code @anthropic-ai/sdk} packages) from a JUnit test. The package files are copied into a build
 * folder and installed there with {@code npm ci} from the committed lock file, once per change of
 * the lock file; nothing is installed into the source tree.
 */
public final class NodeClients {

    /** What a {@code node --test} run printed and how it ended. */
    public record Result(int exitCode, String output) {
    }

    private NodeClients() {
    }

    /** Finds {@code clients/node} from a module directory (Surefire runs tests in the module folder). */
    public static Path sources() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("clients/node");
            if (Files.isRegularFile(candidate.resolve("package.json"))) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("clients/node not found above " + Path.of("").toAbsolutePath());
    }

    /** Copies the client sources into {@code buildDir} and installs their packages if the lock file changed. */
    public static Path prepare(Path sources, Path buildDir) throws IOException, InterruptedException {
        Files.createDirectories(buildDir);
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(Files::isRegularFile)
                    .filter(f -> !sources.relativize(f).startsWith("node_modules")).toList()) {
                Path target = buildDir.resolve(sources.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path lock = buildDir.resolve("package-lock.json");
        Path installedLock = buildDir.resolve("node_modules/.package-lock.json");
        Path stamp = buildDir.resolve("node_modules/.installed-from");
        String lockText = Files.readString(lock);
        if (!Files.exists(installedLock) || !Files.exists(stamp) || !Files.readString(stamp).equals(lockText)) {
            Result install = run(buildDir, List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(),
                    Duration.ofMinutes(5));
            if (install.exitCode() != 0) {
                throw new IllegalStateException("npm ci failed in " + buildDir + ":\n" + install.output());
            }
            Files.writeString(stamp, lockText);
        }
        return buildDir;
    }

    /** Runs {@code node --test} on one test file of a prepared folder. */
    public static Result test(Path dir, String testFile, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        return run(dir, List.of("node", "--test", "--test-reporter=spec", testFile), env, timeout);
    }

    private static Result run(Path dir, List<String> command, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile("node-client", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(env);
            builder.environment().put("NO_COLOR", "1");
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new IllegalStateException(command.get(0) + " is not installed; the client tests need Node.js "
                        + "18+ and npm (.ci/run installs them)", e);
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                return new Result(-1, Files.readString(log) + "\n(timed out after " + timeout + ")");
            }
            return new Result(process.exitValue(), Files.readString(log));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
