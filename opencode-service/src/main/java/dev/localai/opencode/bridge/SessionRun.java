package dev.localai.opencode.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.localai.opencode.BridgeError;
import dev.localai.opencode.server.EventStream;
import dev.localai.opencode.server.OpencodeApi;
import dev.localai.opencode.server.OpencodeEvent;
import dev.localai.opencode.server.OpencodeIds;
import dev.localai.opencode.supervisor.Connection;
import dev.localai.openai.Usage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One chat request as one OpenCode session, from creation to deletion: take a session (made ahead of time by
 * the {@link SessionPool}, or now), replay the history,
 * listen to the session's events, send the prompt; forward the answer's text and reasoning as they arrive; end
 * with the message's finish and token counts; turn a failure into an OpenAI error at once; abort the session on a
 * timeout or when the client goes away; delete it in every case, and only then give back the in-flight place.
 *
 * <p>Events arrive on the event stream's thread, timers and the client's departure on others: every method that
 * reads or changes the run's state holds its lock, and once the run is {@code done} nothing more reaches the sink.
 */
final class SessionRun implements EventStream.Listener {

    /** What the run reports when it is over. */
    interface Outcome {
        void firstToken(Duration sinceStart);

        void finished(Usage usage);

        void failed(String kind);

        /** The session is deleted (or could not be): the in-flight place is free. */
        void closed();
    }

    private static final Logger LOG = Logger.getLogger(SessionRun.class);

    private final Conversation conversation;
    private final AnswerSink sink;
    private final Connection connection;
    private final OpencodeApi api;
    private final SessionPool sessions;
    private final Vertx vertx;
    private final Duration firstTokenTimeout;
    private final Duration totalTimeout;
    private final Outcome outcome;
    private final long startNanos = System.nanoTime();

    private final Set<String> ownMessages = ConcurrentHashMap.newKeySet();     // written as the payloads are made
    private final Map<String, String> partTypes = new HashMap<>();
    private final Map<String, Integer> partSent = new HashMap<>();
    private final Map<String, List<String>> pendingDeltas = new HashMap<>();
    private String sessionId;
    private boolean done;
    private boolean aborting;
    private boolean gotToken;
    private boolean closed;
    private JsonNode answerInfo;
    private long firstTokenTimer = -1;
    private long totalTimer = -1;

    SessionRun(Conversation conversation, AnswerSink sink, Connection connection, OpencodeApi api,
               SessionPool sessions, Vertx vertx, Duration firstTokenTimeout, Duration totalTimeout, Outcome outcome) {
        this.conversation = conversation;
        this.sink = sink;
        this.connection = connection;
        this.api = api;
        this.sessions = sessions;
        this.vertx = vertx;
        this.firstTokenTimeout = firstTokenTimeout;
        this.totalTimeout = totalTimeout;
        this.outcome = outcome;
    }

    void start() {
        synchronized (this) {
            totalTimer = vertx.setTimer(totalTimeout.toMillis(), id -> timedOut("OpenCode did not finish the answer"
                    + " within " + seconds(totalTimeout) + " (opencode.timeouts.total)"));
        }
        sink.onClientGone(this::clientGone);
        SessionPayloads payloads = new SessionPayloads(conversation, new OpencodeIds(), ownMessages);
        sessions.take(connection)
                .compose(session -> {
                    synchronized (this) {
                        sessionId = session.id();
                        if (done) {
                            return Future.failedFuture(new IllegalStateException("the request ended already"));
                        }
                        connection.events().register(sessionId, this);
                    }
                    return payloads.hasHistory()
                            ? api.replay(connection.endpoint(), session.directory(), payloads.history(session.id(),
                            session.directory())) : Future.succeededFuture();
                })
                .compose(replayed -> {
                    synchronized (this) {
                        if (done) {
                            return Future.failedFuture(new IllegalStateException("the request ended already"));
                        }
                        firstTokenTimer = vertx.setTimer(firstTokenTimeout.toMillis(), id -> timedOut("no first token"
                                + " from OpenCode within " + seconds(firstTokenTimeout)
                                + " (opencode.timeouts.first-token, or the model's first-token-timeout)"));
                    }
                    return api.promptAsync(connection.endpoint(), sessionId, payloads.prompt());
                })
                .onFailure(failure -> {
                    synchronized (this) {
                        if (!done) {
                            fail(Failures.call(failure), true);
                        }
                        if (sessionId != null) {
                            cleanUp(false);           // the run ended meanwhile; the session exists now
                        } else if (!closed) {
                            closed = true;            // no session was made: nothing to delete
                            outcome.closed();
                        }
                    }
                });
    }

    @Override
    public void onEvent(OpencodeEvent event) {
        synchronized (this) {
            if (done) {
                return;
            }
            JsonNode p = event.properties();
            switch (event.type()) {
                case "message.part.delta" -> delta(p);
                case "message.part.updated" -> partUpdated(p.path("part"));
                case "message.updated" -> messageUpdated(p.path("info"));
                case "session.status" -> {
                    if ("retry".equals(p.path("status").path("type").asText())) {
                        fail(Failures.retry(p.path("status"), System.currentTimeMillis()), true);
                    }
                }
                case "session.error" -> sessionError(p.path("error"));
                case "session.idle" -> complete();
                default -> { }
            }
        }
    }

    @Override
    public void onStreamLost(String reason) {
        fail(BridgeError.unavailable("OpenCode stopped during the answer: " + reason), false);
    }

    private void delta(JsonNode p) {
        if (!"text".equals(p.path("field").asText()) || ownMessages.contains(p.path("messageID").asText())) {
            return;
        }
        String partId = p.path("partID").asText();
        String text = p.path("delta").asText("");
        String type = partTypes.get(partId);
        if (type == null) {
            pendingDeltas.computeIfAbsent(partId, k -> new ArrayList<>()).add(text);   // announced later
        } else {
            emit(partId, type, text);
        }
    }

    private void partUpdated(JsonNode part) {
        if (ownMessages.contains(part.path("messageID").asText())) {
            return;
        }
        String partId = part.path("id").asText();
        String type = part.path("type").asText();
        partTypes.put(partId, type);
        List<String> pending = pendingDeltas.remove(partId);
        if (pending != null) {
            pending.forEach(text -> emit(partId, type, text));
        }
        if (part.path("time").has("end") && part.has("text")) {
            String full = part.path("text").asText("");
            int sent = partSent.getOrDefault(partId, 0);
            if (full.length() > sent) {
                emit(partId, type, full.substring(sent));      // text that came without deltas
            }
        }
    }

    private void emit(String partId, String type, String text) {
        if (text.isEmpty() || done || !("text".equals(type) || "reasoning".equals(type))) {
            return;
        }
        if (!gotToken) {
            gotToken = true;
            vertx.cancelTimer(firstTokenTimer);
            outcome.firstToken(Duration.ofNanos(System.nanoTime() - startNanos));
        }
        partSent.merge(partId, text.length(), Integer::sum);
        if ("text".equals(type)) {
            sink.content(text);
        } else {
            sink.reasoning(text);
        }
    }

    private void messageUpdated(JsonNode info) {
        if (!"assistant".equals(info.path("role").asText()) || ownMessages.contains(info.path("id").asText())) {
            return;
        }
        if (info.path("time").has("completed")) {
            answerInfo = info;
        }
    }

    private void sessionError(JsonNode error) {
        if (Failures.isAborted(error) && aborting) {
            return;
        }
        if (Failures.isOutputLength(error)) {
            return;              // the answer ends at its length; session.idle follows
        }
        fail(Failures.error(error), false);
    }

    private void complete() {
        JsonNode info = answerInfo;
        if (info != null && info.has("error") && !Failures.isOutputLength(info.path("error"))) {
            fail(Failures.error(info.path("error")), false);
            return;
        }
        done = true;
        cancelTimers();
        Usage usage = usage(info);
        String finish = info == null ? "stop" : finishReason(info);
        sink.finish(finish, usage);
        outcome.finished(usage);
        cleanUp(false);
    }

    private void clientGone() {
        synchronized (this) {
            if (done) {
                return;
            }
            done = true;
            cancelTimers();
            outcome.failed("client_gone");
            cleanUp(true);
        }
    }

    private void timedOut(String message) {
        fail(BridgeError.timeout(message), true);
    }

    private synchronized void fail(BridgeError error, boolean abort) {
        if (done) {
            return;
        }
        done = true;
        cancelTimers();
        sink.fail(error);
        outcome.failed(error.kind());
        cleanUp(abort);
    }

    /** Aborts the session if asked (OpenCode then cancels its provider call), deletes it, frees the place. */
    private void cleanUp(boolean abort) {
        if (closed) {
            return;
        }
        String id = sessionId;
        if (id == null) {
            return;              // not created (yet): start() settles it when the creation completes
        }
        closed = true;
        connection.events().unregister(id);
        aborting = abort;
        Future<Void> stopped = abort ? api.abort(connection.endpoint(), id).recover(e -> Future.succeededFuture())
                : Future.succeededFuture();
        stopped.compose(v -> api.delete(connection.endpoint(), id)).onComplete(deleted -> {
            if (deleted.failed()) {
                LOG.debugf("deleting OpenCode session %s failed: %s", id, deleted.cause().getMessage());
            }
            outcome.closed();
            sessions.refill(connection);
        });
    }

    private void cancelTimers() {
        vertx.cancelTimer(firstTokenTimer);
        vertx.cancelTimer(totalTimer);
    }

    private static Usage usage(JsonNode info) {
        if (info == null) {
            return Usage.of(0, 0);
        }
        JsonNode tokens = info.path("tokens");
        int cacheRead = tokens.path("cache").path("read").asInt(0);
        int prompt = tokens.path("input").asInt(0) + cacheRead + tokens.path("cache").path("write").asInt(0);
        int reasoning = tokens.path("reasoning").asInt(0);
        int completion = tokens.path("output").asInt(0) + reasoning;
        var factory = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
        return new Usage(prompt, completion, prompt + completion,
                cacheRead > 0 ? factory.objectNode().put("cached_tokens", cacheRead) : null,
                reasoning > 0 ? factory.objectNode().put("reasoning_tokens", reasoning) : null, null);
    }

    private static String finishReason(JsonNode info) {
        if (info.has("error") && Failures.isOutputLength(info.path("error"))) {
            return "length";
        }
        return switch (info.path("finish").asText("stop")) {
            case "length" -> "length";
            case "content-filter" -> "content_filter";
            default -> "stop";
        };
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }
}
