package dev.localai.testsupport.upstream;

import java.time.Duration;

/**
 * How the {@link FakeUpstream} answers: normally (with optional delays and chunking) or with one of
 * the failures real backends show. Immutable; the {@code with…}-style methods return copies.
 *
 * @param kind            what the fake does
 * @param chunks          stream pieces the answer is split into; 0 = one piece per word
 * @param chunkDelay      pause between two stream chunks
 * @param headerDelay     pause before the status line and headers
 * @param firstChunkDelay pause after the headers before the first chunk
 * @param status          HTTP status for {@link Kind#STATUS}
 * @param errorBody       body for {@link Kind#STATUS}; an OpenAI error envelope when null
 * @param retryAfter      {@code Retry-After} for {@link Kind#RATE_LIMITED}
 * @param dropAfter       chunks sent before the connection is dropped, for {@link Kind#DROP_MID_STREAM}
 */
public record Behaviour(Kind kind, int chunks, Duration chunkDelay, Duration headerDelay, Duration firstChunkDelay,
                        int status, String errorBody, Duration retryAfter, int dropAfter) {

    public enum Kind {
        /** Answers as configured. */
        NORMAL,
        /** Stops listening: clients get connection refused until the behaviour changes. */
        REFUSE,
        /** Accepts the request and never sends a byte. */
        HANG,
        /** Sends 200 and event-stream headers, then nothing. */
        HANG_AFTER_HEADERS,
        /** Answers with a fixed status and error body. */
        STATUS,
        /** 429 with {@code Retry-After}, OpenAI's rate-limit body. */
        RATE_LIMITED,
        /** Streams some chunks then closes the TCP connection; a JSON answer is cut in half. */
        DROP_MID_STREAM,
        /** Streams good chunks, then lines that are neither valid SSE fields nor JSON, then [DONE]. */
        MALFORMED_SSE
    }

    public static Behaviour normal() {
        return new Behaviour(Kind.NORMAL, 0, Duration.ZERO, Duration.ZERO, Duration.ZERO, 200, null, null, 0);
    }

    public static Behaviour refuse() {
        return normal().kind(Kind.REFUSE);
    }

    public static Behaviour hang() {
        return normal().kind(Kind.HANG);
    }

    public static Behaviour hangAfterHeaders() {
        return normal().kind(Kind.HANG_AFTER_HEADERS);
    }

    public static Behaviour status(int code) {
        return status(code, null);
    }

    /** A fixed status; {@code body} is sent as is (null: an OpenAI error envelope naming the status). */
    public static Behaviour status(int code, String body) {
        return new Behaviour(Kind.STATUS, 0, Duration.ZERO, Duration.ZERO, Duration.ZERO, code, body, null, 0);
    }

    public static Behaviour rateLimited(Duration retryAfter) {
        return new Behaviour(Kind.RATE_LIMITED, 0, Duration.ZERO, Duration.ZERO, Duration.ZERO, 429, null,
                retryAfter, 0);
    }

    public static Behaviour dropMidStream(int afterChunks) {
        return new Behaviour(Kind.DROP_MID_STREAM, 0, Duration.ZERO, Duration.ZERO, Duration.ZERO, 200, null, null,
                afterChunks);
    }

    public static Behaviour malformedSse() {
        return normal().kind(Kind.MALFORMED_SSE);
    }

    /** A very slow stream: one character per chunk, {@code perChunk} apart. */
    public static Behaviour trickle(Duration perChunk) {
        return normal().chunks(Integer.MAX_VALUE).chunkDelay(perChunk);
    }

    private Behaviour kind(Kind newKind) {
        return new Behaviour(newKind, chunks, chunkDelay, headerDelay, firstChunkDelay, status, errorBody, retryAfter,
                dropAfter);
    }

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
}
