package dev.localai.deploychecks;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A command-line tool from Debian's packages the checks run ({@code promtool}, {@code prometheus},
 * {@code docker-compose}, {@code node}). Under CI ({@code CI} set, as {@code .ci/run} does, which installs
 * them) a missing tool fails the test; elsewhere the test is skipped and says what to install.
 */
final class Tool {

    /** The checkout's root: the build passes it, else the parent of the module folder. */
    static final Path ROOT = Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();

    private final Path executable;

    private Tool(Path executable) {
        this.executable = executable;
    }

    /** The tool on the PATH, or a failure (under CI) or a skip that names the Debian package. */
    static Tool require(String name, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return new Tool(candidate);
            }
        }
        String missing = name + " is not installed (apt-get install " + debianPackage + "; .ci/run does)";
        if (System.getenv("CI") != null) {
            fail(missing);
        }
        Assumptions.assumeTrue(false, missing);
        return null;
    }

    Path path() {
        return executable;
    }

    /** What one run printed (stdout and stderr together) and how it ended. */
    record Result(int exit, String output) {
        Result ok(String what) {
            assertTrue(exit == 0, what + " failed (exit " + exit + "):\n" + output);
            return this;
        }
    }

    /** Runs the tool with {@code args} in {@code dir}, waiting at most {@code timeout}. */
    Result run(Path dir, Duration timeout, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(executable.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("tool-", ".out");
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                fail(String.join(" ", command) + " did not finish within " + timeout);
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
