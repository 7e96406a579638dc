package dev.localai.evalcli;

/**
 * Whether stderr is a terminal. Java cannot tell for stderr itself, so eval.sh passes {@code -Deval.stderr.tty}
 * (from {@code [ -t 2 ]}); without it, a console attached to the process counts.
 */
final class Terminal {

    private Terminal() {
    }

    static boolean stderrIsTerminal() {
        String told = System.getProperty("eval.stderr.tty");
        if (told != null) {
            return Boolean.parseBoolean(told);
        }
        return System.console() != null;
    }
}
