package dev.localai.evalcli;

import sun.misc.Signal;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C (SIGINT) as a request to stop, not an exit: the runner waits on it between polls, cancels the run on the
 * router and exits 130. A second Ctrl-C while that is under way exits at once. (The JVM's own handler would start the
 * shutdown, stopping the HTTP client the cancel needs.)
 */
final class CtrlC {

    private final CountDownLatch pressed = new CountDownLatch(1);

    static CtrlC install() {
        CtrlC ctrlC = new CtrlC();
        Signal.handle(new Signal("INT"), signal -> {
            if (ctrlC.pressed.getCount() == 0) {
                Runtime.getRuntime().halt(ExitCodes.INTERRUPTED);
            }
            ctrlC.pressed.countDown();
        });
        return ctrlC;
    }

    /** Waits up to {@code millis}; true when Ctrl-C was pressed. */
    boolean await(long millis) throws InterruptedException {
        return pressed.await(millis, TimeUnit.MILLISECONDS);
    }

    boolean pressed() {
        return pressed.getCount() == 0;
    }
}
