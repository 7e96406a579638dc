package dev.localai.standins.mattermost;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The stub's {@code GET /api/v4/websocket}, as {@code api4/websocket.go}, {@code platform/web_conn.go},
 * {@code web_hub.go} and {@code websocket_router.go} behave:
 * <ul>
 *   <li>A bearer (or {@code Token}) header or {@code access_token} on the upgrade authenticates at once and a
 *       {@code hello} ({@code server_version}, {@code connection_id}; {@code seq} 0) follows. Without one the socket
 *       waits for {@code {"seq":n,"action":"authentication_challenge","data":{"token"}}}, answered with
 *       {@code {"status":"OK","seq_reply":n}} and a {@code hello}; a bad token closes it, and a socket still
 *       unauthenticated after {@link #authTimeout} is closed.</li>
 *   <li>{@code connection_id} with {@code sequence_number} resumes a known connection (authenticated upgrades only):
 *       the events from that {@code seq} still in the dead queue (the last 128) are sent again, then what was
 *       broadcast meanwhile, with no {@code hello}; when events were lost the server issues a new connection id,
 *       {@code seq} restarts at 0 with a new {@code hello}. An unknown id is a new connection. {@code connection_id}
 *       without a valid {@code sequence_number}, or an invalid id, closes the socket.</li>
 *   <li>Actions need {@code seq} of 1 or more; replies are {@code {"status":"OK"|"FAIL","seq_reply",...}} with
 *       {@code error} ({@code api.web_socket_router.*} ids) on failure; {@code ping} answers
 *       {@code data.text: "pong"} with {@code version}, {@code server_time}, {@code node_id}.</li>
 * </ul>
 * Event loop only, except the records and counters tests read.
 */
final class SocketHub {

    private final Vertx vertx;
    private final MattermostState state;
    private final Map<String, SocketConnection> connections = new HashMap<>();
    final SocketRecords records = new SocketRecords();
    volatile Duration authTimeout = Duration.ofSeconds(5);
    volatile boolean answerPings = true;
    private int repeat;

    SocketHub(Vertx vertx, MattermostState state) {
        this.vertx = vertx;
        this.state = state;
    }

    void upgrade(HttpServerRequest request) {
        ChatUser user = state.userByToken(MattermostRoutes.token(request)).orElse(null);
        String askedId = request.getParam("connection_id");
        String askedSeq = request.getParam("sequence_number");
        request.toWebSocket().onSuccess(socket -> {
            SocketConnection connection;
            SocketOpen.Outcome outcome = SocketOpen.Outcome.NEW;
            if (askedId == null || askedId.isEmpty() || user == null) {
                connection = new SocketConnection(MattermostIds.newId(), user);
            } else if (!MattermostIds.isValid(askedId) || !isLong(askedSeq)) {
                records.opened(new SocketOpen(user.username(), askedId, askedSeq, null, SocketOpen.Outcome.CLOSED));
                socket.close();
                return;
            } else {
                SocketConnection known = connections.get(askedId);
                if (known != null && known.user.id().equals(user.id())) {
                    if (known.attached()) {
                        known.tcp.close();
                        detach(known);
                    }
                    connection = known;
                    outcome = resume(known, Long.parseLong(askedSeq));
                } else {
                    connection = new SocketConnection(MattermostIds.newId(), user);
                }
            }
            attach(connection, socket, request);
            if (user == null) {
                records.opened(new SocketOpen(null, askedId, askedSeq, null, SocketOpen.Outcome.WAITING_FOR_CHALLENGE));
                long timer = vertx.setTimer(Math.max(1, authTimeout.toMillis()), t -> {
                    if (connection.user == null) {
                        socket.close();
                    }
                });
                socket.closeHandler(v -> vertx.cancelTimer(timer));
                return;
            }
            connections.put(connection.id, connection);
            SocketOpen.Outcome how = outcome;
            if (how == SocketOpen.Outcome.NEW) {
                connection.send(SocketEvent.hello(connection.id, user.id()));
            } else {
                startAfterResume(connection, Long.parseLong(askedSeq), how);
            }
            records.opened(new SocketOpen(user.username(), askedId, askedSeq, connection.id, how));
            flushPending(connection);
        });
    }

    /** What a resume finds, before anything is written (the write pump's start in {@code web_conn.go}). */
    private static SocketOpen.Outcome resume(SocketConnection known, long wanted) {
        if (wanted != 0 && known.deadQueueHas(wanted)) {
            return SocketOpen.Outcome.REPLAYED;
        }
        return wanted != 0 && known.lostBefore(wanted) ? SocketOpen.Outcome.LOST : SocketOpen.Outcome.RESUMED;
    }

    private void startAfterResume(SocketConnection connection, long wanted, SocketOpen.Outcome how) {
        switch (how) {
            case REPLAYED, RESUMED -> {
                List<SocketConnection.Sent> kept = new ArrayList<>(connection.dead);
                connection.sequence = wanted;
                if (how == SocketOpen.Outcome.REPLAYED) {
                    kept.stream().filter(s -> s.seq() >= wanted).forEach(connection::resend);
                }
                long from = wanted - repeat;
                repeat = 0;
                kept.stream().filter(s -> s.seq() >= from && s.seq() < wanted && !"hello".equals(s.event().event()))
                        .forEach(s -> connection.send(s.event()));
            }
            case LOST -> {
                connections.remove(connection.id);
                connection.dead.clear();
                connection.id = MattermostIds.newId();
                connection.sequence = 0;
                connections.put(connection.id, connection);
                connection.send(SocketEvent.hello(connection.id, connection.user.id()));
            }
            default -> throw new IllegalStateException(how.name());
        }
    }

    private void attach(SocketConnection connection, ServerWebSocket socket, HttpServerRequest request) {
        connection.socket = socket;
        connection.tcp = request.connection();
        if (connection.user != null) {
            records.attached(connection.user.id(), 1);
        }
        socket.textMessageHandler(text -> new SocketActions(this, state, connection).handle(text));
        socket.closeHandler(v -> {
            if (connection.socket == socket) {
                detach(connection);
            }
        });
    }

    private void detach(SocketConnection connection) {
        if (connection.user != null && connection.socket != null) {
            records.attached(connection.user.id(), -1);
        }
        connection.socket = null;
        connection.tcp = null;
    }

    /** After {@code authentication_challenge}: registered as a new connection, with its {@code hello}. */
    void authenticated(SocketConnection connection, ChatUser user, long seq) {
        connection.user = user;
        records.attached(user.id(), 1);
        connections.put(connection.id, connection);
        connection.send(SocketEvent.hello(connection.id, user.id()));
        connection.socket.writeTextMessage(SocketActions.ok(seq, null));
        records.opened(new SocketOpen(user.username(), null, null, connection.id, SocketOpen.Outcome.NEW));
    }

    /** Sends an event to every connection of the users {@code dataFor} gives data for (null: not to that user). */
    void broadcast(String event, String channelId, List<ChatUser> to, Function<ChatUser, ObjectNode> dataFor) {
        for (SocketConnection connection : new ArrayList<>(connections.values())) {
            if (!to.contains(connection.user)) {
                continue;
            }
            ObjectNode data = dataFor.apply(connection.user);
            if (data == null) {
                continue;
            }
            SocketEvent socketEvent = new SocketEvent(event, data, channelId, "");
            if (connection.attached()) {
                connection.send(socketEvent);
            } else if (connection.pending.size() >= SocketConnection.SEND_QUEUE) {
                connections.remove(connection.id);               // the hub drops a connection whose queue is full
            } else {
                connection.pending.addLast(socketEvent);
            }
        }
    }

    private static void flushPending(SocketConnection connection) {
        while (connection.attached() && !connection.pending.isEmpty()) {
            connection.send(connection.pending.removeFirst());
        }
    }

    // ---- test hooks, on the event loop

    /** Closes every socket's TCP connection without a close frame; the connections stay known for a resume. */
    int dropSockets() {
        int dropped = 0;
        for (SocketConnection connection : new ArrayList<>(connections.values())) {
            if (connection.attached()) {
                connection.dropTcp();
                detach(connection);
                dropped++;
            }
        }
        return dropped;
    }

    /** As a restart: every socket dropped and every connection forgotten, so a resume gets a new connection id. */
    int forgetConnections() {
        int dropped = dropSockets();
        connections.clear();
        return dropped;
    }

    void repeatOnNextResume(int events) {
        repeat = events;
    }

    private static boolean isLong(String text) {
        try {
            Long.parseLong(text);
            return true;
        } catch (NumberFormatException | NullPointerException e) {
            return false;
        }
    }

    boolean answersPings() {
        return answerPings;
    }
}
