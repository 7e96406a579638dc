package dev.localai.inference;

import java.time.Duration;
import java.time.Instant;

/**
 * What a reader sees of one model at one moment; every field is read from atomics, never under a lock.
 *
 * @param reason          why the model is in {@link ModelState#ERROR}; null otherwise
 * @param loadTime        how long the last successful load took; null before the first
 * @param lastUse         when the last request started or ended; null before the first
 * @param inFlight        requests being served now
 * @param queued          requests waiting for a slot
 * @param tokensPerSecond completion tokens per second of the last finished request; 0 before the first
 */
public record ModelStatus(String name, EngineKind engine, ModelState state, String reason, Duration loadTime,
                          Instant lastUse, int inFlight, int queued, double tokensPerSecond, long memoryMb,
                          int slots, int queue) {
}
