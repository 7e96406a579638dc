package dev.localai.opencode.server;

/**
 * A call to OpenCode's HTTP API that failed: a status other than the expected one (with OpenCode's
 * {@code {"name", "data": {"message"}}} message when it sent one), or no answer at all ({@code status} 0).
 */
public final class OpencodeCallException extends RuntimeException {

    private final int status;

    public OpencodeCallException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status OpenCode answered, or 0 when it did not answer. */
    public int status() {
        return status;
    }
}
