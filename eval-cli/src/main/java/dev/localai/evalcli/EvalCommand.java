package dev.localai.evalcli;

import dev.localai.evalcli.output.ProgressDisplay;
import dev.localai.evalcli.output.ReportFiles;
import dev.localai.evalcli.output.ResultTable;
import dev.localai.evalcli.router.RouterError;
import dev.localai.evalcli.router.RouterEvals;
import dev.localai.evalcli.router.RouterUnreachable;
import jakarta.enterprise.context.Dependent;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

import static dev.localai.evalcli.ExitCodes.BAD_USAGE;
import static dev.localai.evalcli.ExitCodes.DONE;
import static dev.localai.evalcli.ExitCodes.INTERRUPTED;
import static dev.localai.evalcli.ExitCodes.NOT_DONE;
import static dev.localai.evalcli.ExitCodes.UNREACHABLE;

/** {@code ./eval.sh prompts.csv}: one eval run on the router, from the CSV to the table and the saved reports. */
@Dependent
@Command(name = "eval.sh", sortOptions = false, usageHelpAutoWidth = true,
        description = "Runs the prompts of a CSV file through the router under each routing policy, checks every"
                + " answer, and prints what each policy costs and how often it is good enough, with the cascade"
                + " threshold that reaches the quality target at the least cost. See evals/README.md.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the run is done", "1:the run failed or was cancelled on the router",
                "2:bad usage, or the router refused the CSV or a setting (400)",
                "3:the router cannot be reached, or refused the key (401/403)", "130:Ctrl-C (the run is cancelled)"})
public class EvalCommand implements Callable<Integer> {

    static final long POLL_MILLIS = 500;
    /** How long the router may stay out of reach during a run before the runner gives up (the run goes on there). */
    static final Duration LOST_AFTER = Duration.ofSeconds(60);

    @Parameters(index = "0", paramLabel = "PROMPTS.csv", description = "the prompts: a header row with at least a"
            + " 'prompt' column; also system, expected, check, task_type, tags")
    Path csv;

    @Option(names = "--router", paramLabel = "URL", defaultValue = "${env:ROUTER_URL:-http://127.0.0.1:8000}",
            description = "the router (env ROUTER_URL; default ${DEFAULT-VALUE})")
    URI router;

    @Option(names = "--key", paramLabel = "KEY", defaultValue = "${env:ROUTER_ADMIN_KEY}",
            description = "the router's admin key (default: env ROUTER_ADMIN_KEY; none on an open router)")
    String key;

    @Option(names = "--name", description = "a name for the run (default: eval <time>)")
    String name;

    @Option(names = "--policies", split = ",", paramLabel = "P",
            description = "which of local, cloud, current, cascade (default all)")
    List<String> policies;

    @Option(names = "--thresholds", split = ",", paramLabel = "T", description = "cascade thresholds in [0,1]"
            + " (default 0.3,0.5,0.7,0.9)")
    List<Double> thresholds;

    @Option(names = "--target", paramLabel = "F", description = "fraction of the reference's success rate the"
            + " recommendation must reach (default 0.95)")
    Double target;

    @Option(names = "--reference", paramLabel = "BACKEND/MODEL", description = "the cloud policy's model (default:"
            + " the router's savings reference)")
    String reference;

    @Option(names = "--judge", paramLabel = "MODEL", description = "model or alias for 'judge' checks (default small)")
    String judge;

    @Option(names = "--concurrency", paramLabel = "N", description = "prompts in flight, 1..16 (default 2)")
    Integer concurrency;

    @Option(names = "--timeout", paramLabel = "S", description = "seconds per prompt, 1..600 (default 60)")
    Integer timeout;

    @Option(names = "--no-stream", description = "ask for whole answers instead of streams (no time to first"
            + " token then)")
    boolean noStream;

    @Option(names = "--out", paramLabel = "DIR", description = "where report.json and report.html go"
            + " (default ./eval-reports/<run id>/)")
    Path out;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
    boolean help;

    @Option(names = "--progress", paramLabel = "HOW", defaultValue = "auto", description = "bar, lines, none or"
            + " auto (a bar when stderr is a terminal; default)")
    String progress;

    private final RouterEvals evals;
    private final PrintStream stdout = System.out;
    private final PrintStream stderr = System.err;

    EvalCommand(RouterEvals evals) {
        this.evals = evals;
    }

    @Override
    public Integer call() throws Exception {
        String body;
        try {
            body = Files.readString(csv);
        } catch (NoSuchFileException e) {
            return fail(BAD_USAGE, "no such file: " + csv);
        } catch (MalformedInputException e) {
            return fail(BAD_USAGE, csv + " is not UTF-8 text");
        } catch (IOException e) {
            return fail(BAD_USAGE, "cannot read " + csv + ": " + e.getMessage());
        }
        if (!List.of("auto", "bar", "lines", "none").contains(progress)) {
            return fail(BAD_USAGE, "--progress: expected bar, lines, none or auto, not '" + progress + "'");
        }
        CtrlC ctrlC = CtrlC.install();
        evals.connect(router, key);
        EvalRun run;
        try {
            run = evals.start(body, new StartOptions(name, policies, reference, thresholds, target, concurrency,
                    timeout, judge, noStream ? Boolean.FALSE : null));
        } catch (RuntimeException e) {
            return routerFailed("could not start the run", e);
        }
        stderr.println("eval run " + run.id() + (run.name() == null ? "" : " '" + run.name() + "'") + ": "
                + (run.prompts() == null ? "?" : run.prompts()) + " prompts, "
                + (run.progress() == null ? "?" : run.progress().total()) + " answers to check");
        for (EvalRun.CsvError error : run.csvErrors()) {
            stderr.println(csv + ":" + error.line() + ": skipped: " + error.message());
        }
        if (ctrlC.pressed()) {
            return cancel(run.id());
        }
        ProgressDisplay display = "none".equals(progress) ? null : new ProgressDisplay(stderr,
                "bar".equals(progress) || ("auto".equals(progress) && Terminal.stderrIsTerminal()));
        Instant lostSince = null;
        while (run.running()) {
            if (display != null) {
                display.update(run.progress(), Instant.now());
            }
            if (ctrlC.await(POLL_MILLIS)) {
                if (display != null) {
                    display.finish();
                }
                return cancel(run.id());
            }
            try {
                run = evals.run(run.id());
                lostSince = null;
            } catch (RouterUnreachable | TimeoutException | CircuitBreakerOpenException e) {
                lostSince = lostSince == null ? Instant.now() : lostSince;
                if (Duration.between(lostSince, Instant.now()).compareTo(LOST_AFTER) > 0) {
                    if (display != null) {
                        display.finish();
                    }
                    return fail(UNREACHABLE, "lost the router for " + LOST_AFTER.toSeconds() + " s (" + e.getMessage()
                            + "); the run " + run.id() + " may go on there");
                }
            } catch (RuntimeException e) {
                if (display != null) {
                    display.finish();
                }
                return routerFailed("could not follow the run", e);
            }
        }
        if (display != null) {
            display.update(run.progress(), Instant.now());
            display.finish();
        }
        return finished(run.id());
    }

    /** Reads the finished run, prints the table and saves the reports. */
    private int finished(String id) throws IOException {
        String json;
        EvalRun run;
        try {
            json = evals.runJson(id);
            run = Json.MAPPER.readValue(json, EvalRun.class);
        } catch (RuntimeException e) {
            return routerFailed("could not read the finished run", e);
        }
        String html = null;
        try {
            html = evals.report(id);
        } catch (RuntimeException e) {
            stderr.println("eval: no HTML report: " + message(e));
        }
        stdout.print(ResultTable.render(run));
        Path folder = ReportFiles.write(out != null ? out : Path.of("eval-reports", id), json, html);
        stdout.println("Reports: " + folder.resolve(ReportFiles.JSON)
                + (html == null ? "" : ", " + folder.resolve(ReportFiles.HTML)));
        if (EvalRun.DONE.equals(run.status())) {
            return DONE;
        }
        return fail(NOT_DONE, "the run ended " + run.status() + (run.error() == null ? "" : ": " + run.error()));
    }

    private int cancel(String id) {
        stderr.println("eval: cancelling the run " + id + " on the router...");
        try {
            EvalRun run = evals.cancel(id);
            stderr.println("eval: run " + id + " " + run.status());
        } catch (RouterError e) {
            stderr.println("eval: " + (e.status() == 409 ? "the run had already finished" : "cancel refused: "
                    + e.getMessage()));
        } catch (RuntimeException e) {
            stderr.println("eval: could not cancel the run " + id + ": " + message(e));
        }
        return INTERRUPTED;
    }

    private int routerFailed(String what, RuntimeException e) {
        if (e instanceof RouterError error) {
            int status = error.status();
            if (status == 401 || status == 403) {
                return fail(UNREACHABLE, what + ": the router refused the key (" + status + "): " + error.getMessage()
                        + (key == null || key.isBlank() ? " (set --key or ROUTER_ADMIN_KEY)" : ""));
            }
            if (status == 404 && what.startsWith("could not start")) {
                return fail(UNREACHABLE, what + ": " + router + " has no eval API (404): " + error.getMessage());
            }
            return fail(status == 400 || status == 413 || status == 415 ? BAD_USAGE : NOT_DONE,
                    what + " (" + status + "): " + error.getMessage());
        }
        if (e instanceof RouterUnreachable || e instanceof TimeoutException || e instanceof CircuitBreakerOpenException) {
            return fail(UNREACHABLE, what + ": " + message(e));
        }
        throw e;
    }

    private static String message(RuntimeException e) {
        if (e instanceof TimeoutException) {
            return "the router did not answer in time";
        }
        if (e instanceof CircuitBreakerOpenException) {
            return "the router failed too often just now";
        }
        return e.getMessage();
    }

    private int fail(int code, String message) {
        stderr.println("eval: " + message);
        return code;
    }
}
