package dev.localai.inference;

import java.util.Locale;

/**
 * Where a model is in its life. Only {@code ManagedModel} changes it; see
 * {@code lifecycle/README.md} for the transition table.
 */
public enum ModelState {
    /** Nothing in memory; the next request loads it. */
    NOT_LOADED,
    /** A load is under way; requests wait for it. */
    LOADING,
    /** Loaded and idle: no request in flight. */
    READY,
    /** Loaded, at least one request in flight. */
    IN_USE,
    /** The last load failed; {@link ModelStatus#reason()} says why. Requests are refused until an explicit load. */
    ERROR;

    /** The lower-case name used on the wire ({@code not_loaded}, {@code in_use}, …). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the model holds memory (counts against the budget). */
    public boolean holdsMemory() {
        return this == LOADING || this == READY || this == IN_USE;
    }
}
