package dev.localai.evalcli.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The runner as packaged ({@code target/quarkus-app/quarkus-run.jar}, named by system property packaged.eval-cli). */
final class PackagedCli {

    /** What one run of the runner printed and how it ended. */
    record Outcome(int exit, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    private PackagedCli() {
    }

    /** Starts the runner in {@code work} with {@code args}; its output goes to files there. */
    static Process start(Path work, String name, Map<String, String> env, List<String> args) throws IOException {
        String jar = System.getProperty("packaged.eval-cli");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("eval-cli is not packaged (" + jar + ")");
        }
        Files.createDirectories(work);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", Path.of(jar).toAbsolutePath().toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
                .redirectOutput(work.resolve(name + ".out").toFile()).redirectError(work.resolve(name + ".err").toFile());
        builder.environment().remove("ROUTER_ADMIN_KEY");
        builder.environment().putAll(env);
        return builder.start();
    }

    /** Waits for a started runner to end (at most {@code limit}) and reads what it printed. */
    static Outcome await(Process process, Path work, String name, Duration limit) throws Exception {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError(name + " did not end within " + limit + ":\n" + read(work, name, -1));
        }
        return read(work, name, process.exitValue());
    }

    static Outcome run(Path work, String name, Map<String, String> env, List<String> args, Duration limit)
            throws Exception {
        return await(start(work, name, env, args), work, name, limit);
    }

    static String stderrSoFar(Path work, String name) throws IOException {
        Path err = work.resolve(name + ".err");
        return Files.exists(err) ? Files.readString(err) : "";
    }

    private static Outcome read(Path work, String name, int exit) throws IOException {
        return new Outcome(exit, Files.readString(work.resolve(name + ".out")), Files.readString(work.resolve(name + ".err")));
    }
}
