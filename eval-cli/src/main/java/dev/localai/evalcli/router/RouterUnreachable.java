package dev.localai.evalcli.router;

/**
 * The router could not be reached or did not answer in time (also a 502/503/504 from a proxy in front of it).
 * {@link #nothingSent()} when the connection was refused, so even a request that changes something is safe to repeat.
 */
public class RouterUnreachable extends RuntimeException {

    private final boolean nothingSent;

    public RouterUnreachable(String message, boolean nothingSent, Throwable cause) {
        super(message, cause);
        this.nothingSent = nothingSent;
    }

    public boolean nothingSent() {
        return nothingSent;
    }

    /** A refused connection: the request never reached the router. */
    public static final class Refused extends RouterUnreachable {
        public Refused(String message, Throwable cause) {
            super(message, true, cause);
        }
    }
}
