package dev.localai.router.rest;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AttributeKey;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Closes connections that sit idle, but never one that waits for its answer. The HTTP server's idle
 * timeout ({@code quarkus.http.idle-timeout}) closes a connection that sends or receives nothing for
 * that long: a client that opens a connection and sends half a request line, or keeps an unused
 * keep-alive connection, is dropped, so such connections cannot pile up. But a request in flight may
 * rightly be silent for much longer (a GPU loading a model before its first token, a whole answer
 * collected before it is sent), so once a chat request's body has been read whole its connection's
 * idle timer is taken out of the pipeline, and put back when the last response on it has ended.
 * Until the body is in, the timer runs: a body that stops arriving is cut like a half-sent head.
 */
final class IdleConnections {

    private static final String IDLE = "idle";                 // the name Vert.x gives its IdleStateHandler
    private static final AttributeKey<Parked> PARKED = AttributeKey.valueOf("router.idle-parked");

    /** The idle timer taken out while requests are in flight, and where it goes back. */
    private static final class Parked {
        int inFlight;
        long readerMs;
        long writerMs;
        long allMs;
        String before;
    }

    private IdleConnections() {
    }

    /** Call once the request's body is in: its connection is not cut for idling until its response has ended. */
    static void whileAnswering(RoutingContext rc) {
        Channel channel = channel(rc.request().connection());
        if (channel != null && channel.eventLoop().inEventLoop()) {
            park(channel);
            rc.addEndHandler(done -> unpark(channel));
        }
    }

    private static Channel channel(HttpConnection connection) {
        return connection instanceof ConnectionBase base ? base.channel() : null;
    }

    private static void park(Channel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        Parked parked = channel.attr(PARKED).get();
        if (parked == null) {
            parked = new Parked();
            channel.attr(PARKED).set(parked);
        }
        if (parked.inFlight++ > 0) {
            return;
        }
        ChannelHandler handler = pipeline.get(IDLE);
        if (handler instanceof IdleStateHandler idle) {
            List<String> names = pipeline.names();
            int at = names.indexOf(IDLE);
            parked.before = at + 1 < names.size() ? names.get(at + 1) : null;
            parked.readerMs = idle.getReaderIdleTimeInMillis();
            parked.writerMs = idle.getWriterIdleTimeInMillis();
            parked.allMs = idle.getAllIdleTimeInMillis();
            pipeline.remove(IDLE);
        } else {
            parked.allMs = -1;                                   // no idle timeout configured: nothing to do
        }
    }

    private static void unpark(Channel channel) {
        Parked parked = channel.attr(PARKED).get();
        if (parked == null || --parked.inFlight > 0 || parked.allMs < 0 || !channel.isActive()) {
            return;
        }
        ChannelPipeline pipeline = channel.pipeline();
        if (pipeline.get(IDLE) != null) {
            return;
        }
        IdleStateHandler idle = new IdleStateHandler(parked.readerMs, parked.writerMs, parked.allMs,
                TimeUnit.MILLISECONDS);
        if (parked.before != null && pipeline.get(parked.before) != null) {
            pipeline.addBefore(parked.before, IDLE, idle);
        } else {
            pipeline.addLast(IDLE, idle);
        }
    }
}
