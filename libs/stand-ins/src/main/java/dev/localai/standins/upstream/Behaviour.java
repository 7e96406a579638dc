package dev.localai.standins.upstream;

import java.time.Duration;
import java.util.Objects;

/**
 * How the {@link FakeUpstream} answers a chat request: normally (with optional delays and chunking)
 * or with one of the failures real backends show. Immutable: start from a factory method, then
 * refine with the copy methods, e.g.
 * {@code Behaviour.normal().chunks(5).chunkDelay(Duration.ofMillis(20)).headerDelay(Duration.ofMillis(100))}.
 *
 * <p>Timing, on the event loop with timers only:
 * <ul>
 *   <li>{@code headerDelay}: before the status line and headers (every kind that answers at all);</li>
 *   <li>{@code firstChunkDelay}: streams only, after the headers and before the first event;</li>
 *   <li>{@code chunkDelay}: streams only, between two events.</li>
 * </ul>
 * A non-streaming answer waits {@code headerDelay} only.
 *
 * @param kind            what the fake does
 * @param chunks          stream pieces the answer is split into; 0 (the default) = one piece per word,
 *                        spaces kept, so the pieces join to the exact answer
 * @param chunkDelay      pause between two stream events
 * @param headerDelay     pause before the status line and headers
 * @param firstChunkDelay pause after the headers, before the first stream event
 * @param status          the HTTP status of {@link Kind#STATUS} and {@link Kind#RATE_LIMITED}; 200 otherwise
 * @param errorBody       the body of {@link Kind#STATUS}, sent as is; null: an OpenAI error envelope
 * @param retryAfter      the {@code Retry-After} of {@link Kind#RATE_LIMITED}; null otherwise
 * @param dropAfter       content chunks sent before {@link Kind#DROP_MID_STREAM} closes the connection
 */
public record Behaviour(Kind kind, int chunks, Duration chunkDelay, Duration headerDelay, Duration firstChunkDelay,
                        int status, String errorBody, Duration retryAfter, int dropAfter) {

    /** The ways the fake can answer. */
    public enum Kind {
        /** Answers as configured. */
        NORMAL,
        /** Stops listening: connections are refused until the standing behaviour changes. */
        REFUSE,
        /** Accepts the request and never sends a byte, until the client gives up. */
        HANG,
        /** Sends 200 and the headers (event stream, or JSON when not streaming), then nothing. */
        HANG_AFTER_HEADERS,
        /** Answers with a fixed status and error body. */
        STATUS,
        /** 429 with {@code Retry-After} and OpenAI's rate-limit error body. */
        RATE_LIMITED,
        /** Streams some chunks, then closes the TCP connection; a JSON answer is cut in half. */
        DROP_MID_STREAM,
        /** Streams good chunks, then lines that are neither SSE fields nor JSON, then [DONE]. */
        MALFORMED_SSE
    }

    public Behaviour {
        Objects.requireNonNull(kind, "kind");
        requireNotNegative(chunkDelay, "chunkDelay");
        requireNotNegative(headerDelay, "headerDelay");
        requireNotNegative(firstChunkDelay, "firstChunkDelay");
        if (chunks < 0) {
            throw new IllegalArgumentException("chunks must be 0 (one per word) or more, was " + chunks);
        }
        if (dropAfter < 0) {
            throw new IllegalArgumentException("dropAfter must be 0 or more, was " + dropAfter);
        }
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("not an HTTP status: " + status);
        }
        if (retryAfter != null) {
            requireNotNegative(retryAfter, "retryAfter");
        }
    }

    /** Answers as configured: one stream chunk per word, no delays. */
    public static Behaviour normal() {
        return new Behaviour(Kind.NORMAL, 0, Duration.ZERO, Duration.ZERO, Duration.ZERO, 200, null, null, 0);
    }

    /**
     * Closes the listening socket, so new connections are refused (open ones are closed too). Only
     * as a standing behaviour ({@link FakeUpstream#behave}); {@link FakeUpstream#reset()} or any other
     * standing behaviour listens again on the same port.
     */
    public static Behaviour refuse() {
        return normal().kind(Kind.REFUSE);
    }

    /** Accepts the request and never answers (no status line) until the client gives up. */
    public static Behaviour hang() {
        return normal().kind(Kind.HANG);
    }

    /** Sends 200 and the headers, then nothing until the client gives up. */
    public static Behaviour hangAfterHeaders() {
        return normal().kind(Kind.HANG_AFTER_HEADERS);
    }

    /** Answers {@code code} with an OpenAI error envelope that names it. */
    public static Behaviour status(int code) {
        return status(code, null);
    }

    /** Answers {@code code} with {@code body} sent as is (null: an OpenAI error envelope naming the status). */
    public static Behaviour status(int code, String body) {
        return new Behaviour(Kind.STATUS, 0, Duration.ZERO, Duration.ZERO, Duration.ZERO, code, body, null, 0);
    }

    /** 429 with {@code Retry-After} (whole seconds, rounded up) and OpenAI's rate-limit error body. */
    public static Behaviour rateLimited(Duration retryAfter) {
        requireNotNegative(retryAfter, "retryAfter");
        return new Behaviour(Kind.RATE_LIMITED, 0, Duration.ZERO, Duration.ZERO, Duration.ZERO, 429, null,
                retryAfter, 0);
    }

    /**
     * Streams {@code afterChunks} content chunks (all of them if the answer has fewer), then closes the
     * TCP connection: no finish chunk, no [DONE], no end of the chunked body. A non-streaming request
     * gets its headers and half of its JSON body, then the same close.
     */
    public static Behaviour dropMidStream(int afterChunks) {
        return normal().kind(Kind.DROP_MID_STREAM).withDropAfter(afterChunks);
    }

    /**
     * Streams up to two good chunks, then <code>data: &#123;not json</code> and a line with no field name, then
     * {@code data: [DONE]}. A non-streaming request gets 200 with a body that is not valid JSON.
     */
    public static Behaviour malformedSse() {
        return normal().kind(Kind.MALFORMED_SSE);
    }

    /** A very slow stream: one character per chunk, {@code perChunk} apart. */
    public static Behaviour trickle(Duration perChunk) {
        return normal().chunks(Integer.MAX_VALUE).chunkDelay(perChunk);
    }

    /** Splits the streamed answer into {@code count} pieces of about equal length (0: one per word). */
    public Behaviour chunks(int count) {
        return new Behaviour(kind, count, chunkDelay, headerDelay, firstChunkDelay, status, errorBody, retryAfter,
                dropAfter);
    }

    public Behaviour chunkDelay(Duration delay) {
        return new Behaviour(kind, chunks, delay, headerDelay, firstChunkDelay, status, errorBody, retryAfter,
                dropAfter);
    }

    public Behaviour headerDelay(Duration delay) {
        return new Behaviour(kind, chunks, chunkDelay, delay, firstChunkDelay, status, errorBody, retryAfter,
                dropAfter);
    }

    public Behaviour firstChunkDelay(Duration delay) {
        return new Behaviour(kind, chunks, chunkDelay, headerDelay, delay, status, errorBody, retryAfter, dropAfter);
    }

    private Behaviour kind(Kind newKind) {
        return new Behaviour(newKind, chunks, chunkDelay, headerDelay, firstChunkDelay, status, errorBody, retryAfter,
                dropAfter);
    }

    private Behaviour withDropAfter(int newDropAfter) {
        return new Behaviour(kind, chunks, chunkDelay, headerDelay, firstChunkDelay, status, errorBody, retryAfter,
                newDropAfter);
    }

    private static void requireNotNegative(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + duration);
        }
    }
}
