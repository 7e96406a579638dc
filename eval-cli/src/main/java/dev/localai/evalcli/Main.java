package dev.localai.evalcli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import picocli.CommandLine;

/** Quarkus in command mode: parses the arguments with picocli, runs {@link EvalCommand}, exits with its code. */
@QuarkusMain
public class Main implements QuarkusApplication {

    @Inject
    EvalCommand command;

    public static void main(String... args) {
        Quarkus.run(Main.class, args);
    }

    @Override
    public int run(String... args) {
        return new CommandLine(command).execute(args);
    }
}
