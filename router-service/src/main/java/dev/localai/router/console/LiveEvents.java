package dev.localai.router.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.localai.router.accounting.AccountingQueries;
import dev.localai.router.accounting.LogFilter;
import dev.localai.router.accounting.LogRow;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code GET /api/console/events}: Server-Sent Events for the console's live pages, admin only (as all of
 * {@code /api}). {@code event: request} carries each request-log row as it is written (without prompt and
 * answer text), {@code event: overview} an {@link Overview.Snapshot} every two seconds. The log is read
 * once a second, and only while someone is watching: no hook in the request path. A request whose row is
 * written later than {@link #RECENT} after it started is not sent live (it is in the table on reload).
 */
@Singleton
public class LiveEvents {

    private static final Logger LOG = Logger.getLogger(LiveEvents.class);
    static final Duration RECENT = Duration.ofMinutes(10);
    private static final long TICK_MS = 1000;

    private final Vertx vertx;
    private final AccountingQueries queries;
    private final Overview overview;
    private final ObjectMapper json;
    private final Set<HttpServerResponse> watchers = ConcurrentHashMap.newKeySet();
    /** Ids already sent, with their start time, for the rows of the last {@link #RECENT}. */
    private final Map<UUID, Instant> sent = new LinkedHashMap<>();
    private final AtomicBoolean busy = new AtomicBoolean();
    private long ticks;
    private Long timer;

    public LiveEvents(Vertx vertx, AccountingQueries queries, Overview overview, ObjectMapper json) {
        this.vertx = vertx;
        this.queries = queries;
        this.overview = overview;
        this.json = json;
    }

    void routes(@Observes Router router) {
        router.get("/api/console/events").handler(this::subscribe);
    }

    void stop(@Observes ShutdownEvent stop) {
        watchers.forEach(w -> w.end());
    }

    private void subscribe(RoutingContext rc) {
        HttpServerResponse response = rc.response().setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8").putHeader("Cache-Control", "no-store")
                .putHeader("X-Accel-Buffering", "no");
        response.write(": console events\n\n");
        watchers.add(response);
        response.closeHandler(v -> watchers.remove(response));
        synchronized (this) {
            if (timer == null) {
                timer = vertx.setPeriodic(0, TICK_MS, t -> tick());
            }
        }
        vertx.executeBlocking(() -> {
            send(response, "overview", json.writeValueAsString(overview.now()));
            return null;
        }, false);
    }

    private void tick() {
        if (watchers.isEmpty()) {
            synchronized (this) {
                if (timer != null) {
                    vertx.cancelTimer(timer);
                    timer = null;
                }
            }
            return;
        }
        if (!busy.compareAndSet(false, true)) {
            return;                       // the last read has not finished: skip a beat rather than pile up
        }
        boolean withOverview = ticks++ % 2 == 1;
        vertx.executeBlocking(() -> {
            try {
                for (LogRow row : fresh()) {
                    broadcast("request", json.writeValueAsString(withoutText(row)));
                }
                if (withOverview) {
                    broadcast("overview", json.writeValueAsString(overview.now()));
                }
            } catch (Exception e) {
                LOG.debugf("console events skipped a beat: %s", e.getMessage());
            } finally {
                busy.set(false);
            }
            return null;
        }, false);
    }

    /** Rows of the last {@link #RECENT} not sent yet, oldest first (a page drops those it has by their id). */
    private List<LogRow> fresh() throws java.sql.SQLException {
        Instant now = Instant.now();
        List<LogRow> rows = queries.page(new LogFilter(now.minus(RECENT), null, null, null, null), 0, 200).data();
        List<LogRow> out = new ArrayList<>();
        synchronized (sent) {
            sent.values().removeIf(ts -> ts.isBefore(now.minus(RECENT)));
            for (LogRow r : rows) {
                if (sent.putIfAbsent(r.id(), r.ts()) == null) {
                    out.add(0, r);
                }
            }
        }
        return out;
    }

    static LogRow withoutText(LogRow r) {
        return new LogRow(r.id(), r.ts(), r.clientKey(), r.requestedModel(), r.backend(), r.servedModel(),
                r.routeReason(), r.tags(), r.taskType(), r.stream(), r.promptTokens(), r.completionTokens(),
                r.tokensCounted(), r.latencyMs(), r.ttftMs(), r.status(), r.error(), r.partial(), r.cacheHit(),
                r.costUsd(), r.savedUsd(), null, null, r.attempts(), r.escalations(), r.wastedTokens(), r.wastedUsd(), r.evalRun());
    }

    private void broadcast(String event, String data) {
        for (HttpServerResponse w : watchers) {
            send(w, event, data);
        }
    }

    private void send(HttpServerResponse w, String event, String data) {
        vertx.runOnContext(v -> {
            if (!w.closed() && !w.ended()) {
                w.write("event: " + event + "\ndata: " + data + "\n\n");
            }
        });
    }
}
