package dev.localai.standins.mattermost;

import io.netty.channel.ChannelHandlerContext;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.impl.ConnectionBase;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * One registered WebSocket connection ({@code platform.WebConn}), which outlives its socket so a client can resume it:
 * the next {@code seq}, the dead queue of the last {@value #DEAD_QUEUE} events sent (with their {@code seq}), and the
 * events broadcast while no socket was attached (the "active queue", up to {@value #SEND_QUEUE}). Event loop only.
 */
final class SocketConnection {

    static final int DEAD_QUEUE = 128;
    static final int SEND_QUEUE = 256;

    /** An event as sent, with its sequence number. */
    record Sent(long seq, String json, SocketEvent event) {
    }

    String id;
    ChatUser user;                  // null until authenticated
    long sequence;
    final Deque<Sent> dead = new ArrayDeque<>();
    final Deque<SocketEvent> pending = new ArrayDeque<>();
    ServerWebSocket socket;
    HttpConnection tcp;

    SocketConnection(String id, ChatUser user) {
        this.id = id;
        this.user = user;
    }

    /**
     * Ends the TCP connection under the socket without a close frame, as a network failure does (Vert.x's own
     * {@code close()} would send one first).
     */
    void dropTcp() {
        if (tcp instanceof ConnectionBase base) {
            ChannelHandlerContext first = base.channel().pipeline().firstContext();
            if (first != null) {
                first.close();                 // past every handler, one of which would send a close frame
            } else {
                base.channel().close();        // closing already: its handlers are gone
            }
        } else {
            tcp.close();
        }
    }

    boolean attached() {
        return socket != null;
    }

    /** Sends {@code event} with the next {@code seq} and keeps it in the dead queue. */
    void send(SocketEvent event) {
        String json = event.json(sequence);
        dead.addLast(new Sent(sequence, json, event));
        if (dead.size() > DEAD_QUEUE) {
            dead.removeFirst();
        }
        sequence++;
        socket.writeTextMessage(json);
    }

    /** Sends again what was sent before, unchanged ({@code seq} included), as {@code drainDeadQueue} does. */
    void resend(Sent sent) {
        sequence = sent.seq() + 1;
        socket.writeTextMessage(sent.json());
    }

    boolean deadQueueHas(long seq) {
        return dead.stream().anyMatch(s -> s.seq() == seq);
    }

    /** {@code hasMsgLoss}: the last event kept is not the one just before {@code wanted}. */
    boolean lostBefore(long wanted) {
        return !dead.isEmpty() && dead.peekLast().seq() != wanted - 1;
    }
}
