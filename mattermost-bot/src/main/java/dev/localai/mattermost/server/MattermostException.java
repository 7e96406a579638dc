package dev.localai.mattermost.server;

/**
 * Mattermost answered an error: its body is {@code {"id","message","detailed_error","request_id","status_code"}}
 * (API v4 reference, "errors").
 */
public class MattermostException extends RuntimeException {

    private final int status;
    private final String errorId;

    public MattermostException(int status, String errorId, String message) {
        super(status + " " + errorId + ": " + message);
        this.status = status;
        this.errorId = errorId;
    }

    public int status() {
        return status;
    }

    public String errorId() {
        return errorId;
    }
}
