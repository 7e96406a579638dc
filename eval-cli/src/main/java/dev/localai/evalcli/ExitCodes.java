package dev.localai.evalcli;

/** How ./eval.sh ends (its --help lists them too). */
final class ExitCodes {

    static final int DONE = 0;
    /** The run failed, or was cancelled on the router. */
    static final int NOT_DONE = 1;
    /** Bad usage, or the router refused the CSV or a setting (400). */
    static final int BAD_USAGE = 2;
    /** The router cannot be reached, or refused the key (401/403). */
    static final int UNREACHABLE = 3;
    /** Ctrl-C: the run was cancelled on the router. */
    static final int INTERRUPTED = 130;

    private ExitCodes() {
    }
}
