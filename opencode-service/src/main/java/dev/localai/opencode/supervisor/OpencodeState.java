package dev.localai.opencode.supervisor;

/** Where the supervised OpenCode is; the table of transitions is in this package's README. */
public enum OpencodeState {
    /** Being started (or, for {@code opencode.url}, connected to): not serving yet. */
    STARTING,
    /** Healthy, its instance booted, its event stream open: requests are served. */
    READY,
    /** It exited, failed to start or lost its event stream; the next attempt waits out a backoff. */
    RESTARTING,
    /** The service is shutting down; OpenCode was stopped. */
    STOPPED
}
