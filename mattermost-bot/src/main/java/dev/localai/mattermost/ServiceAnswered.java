package dev.localai.mattermost;

/**
 * A service answered with an HTTP error: it is up (so this does not open a circuit breaker), but said no.
 */
public class ServiceAnswered extends RuntimeException {

    private final int status;

    public ServiceAnswered(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
