package dev.localai.evalcli.router;

/** The router answered, with an error: its HTTP status and the message of its OpenAI-shaped error body. */
public class RouterError extends RuntimeException {

    private final int status;

    public RouterError(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
