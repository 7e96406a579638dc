package dev.localai.router.evals;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.localai.openai.ApiException;
import dev.localai.router.Backend;
import dev.localai.router.config.RouterConfig;
import dev.localai.router.routing.RoutingTableHolder;
import dev.localai.router.routing.policy.RoutingTable;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.net.URI;
import java.net.http.HttpClient;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs eval runs in this router: every prompt under every policy setting, through the router's own chat
 * endpoint ({@link EvalCalls}), at most {@code concurrency} calls at once, each within its time limit. Each
 * answer is checked and stored as it comes; when all are in (and their request log rows, which carry their
 * cost), the run's summary and recommendation are stored. A cancel stops the calls in flight and starts no
 * more. A failed call is a failed answer, never the run's end.
 */
@Singleton
public class EvalRunner {

    private static final Logger LOG = Logger.getLogger(EvalRunner.class);
    static final Duration HEARTBEAT = Duration.ofSeconds(5);
    /** How long a finished run waits for its requests' log rows (which carry their cost) before it is summed up. */
    static final Duration LOG_WAIT = Duration.ofSeconds(30);

    private final EvalStore store;
    private final ObjectMapper json;
    private final RoutingTableHolder routing;
    private final Optional<String> adminKey;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "eval-timers");
        t.setDaemon(true);
        return t;
    });
    /** Runs' heartbeats: database writes, kept off the thread that ends calls at their time limit. */
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "eval-heartbeats");
        t.setDaemon(true);
        return t;
    });
    private final Map<UUID, Running> running = new ConcurrentHashMap<>();

    public EvalRunner(EvalStore store, ObjectMapper json, RoutingTableHolder routing, RouterConfig config) {
        this.store = store;
        this.json = json;
        this.routing = routing;
        this.adminKey = config.adminKey().filter(k -> !k.isBlank());
    }

    /**
     * Starts a run of {@code parsed} and returns its id at once.
     *
     * @param router where this router's chat endpoint is reached, e.g. {@code http://127.0.0.1:8000}
     * @throws ApiException 400 when the reference or judge model is unknown to the routing table
     */
    public UUID start(String name, EvalCsv.Parsed parsed, EvalSettings settings, URI router) throws SQLException {
        RoutingTable table = routing.table();
        if (settings.policies().contains(EvalSettings.Policy.CLOUD) && !known(table, settings.reference())) {
            throw ApiException.badRequest("The reference '" + settings.reference() + "' is neither an alias nor a"
                    + " backend/model of the routing table.", "reference", "model_not_found");
        }
        if (settings.policies().contains(EvalSettings.Policy.LOCAL) && settings.local() != null
                && !known(table, settings.local())) {
            throw ApiException.badRequest("The local model '" + settings.local() + "' is neither an alias nor a"
                    + " backend/model of the routing table.", "local", "model_not_found");
        }
        boolean judged = parsed.prompts().stream().anyMatch(p -> p.check().kind() == EvalCheck.Kind.JUDGE);
        if (judged && !known(table, settings.judge())) {
            throw ApiException.badRequest("The judge '" + settings.judge() + "' is neither an alias nor a backend/model"
                    + " of the routing table.", "judge", "model_not_found");
        }
        List<EvalSettings.Policy> policies = settings.expand();
        UUID id = UUID.randomUUID();
        int total = parsed.prompts().size() * policies.size();
        store.create(id, name, write(settings), write(parsed.errors()), parsed.prompts().size(), total);
        Running run = new Running(id, settings, total, new EvalCalls(http, json, router.resolve("/v1/chat/completions"),
                adminKey, timers));
        running.put(id, run);
        run.heartbeat = heartbeats.scheduleWithFixedDelay(() -> heartbeat(run), HEARTBEAT.toMillis(), HEARTBEAT.toMillis(),
                TimeUnit.MILLISECONDS);
        for (EvalPrompt prompt : parsed.prompts()) {
            for (EvalSettings.Policy policy : policies) {
                run.workers.execute(() -> answer(run, prompt, policy));
            }
        }
        run.workers.shutdown();
        LOG.infof("eval run %s (%s): %d prompts × %d policy settings, %d at a time", id, name,
                parsed.prompts().size(), policies.size(), settings.concurrency());
        return id;
    }

    /** Whether the run is going on in this router. */
    public boolean runsHere(UUID id) {
        return running.containsKey(id);
    }

    /** Cancels a running run: the calls in flight are closed, no more are made. False when it was not running. */
    public boolean cancel(UUID id) throws SQLException {
        Running run = running.get(id);
        boolean was = store.cancel(id);
        if (run != null) {
            run.cancel();
        }
        return was;
    }

    private void answer(Running run, EvalPrompt prompt, EvalSettings.Policy policy) {
        try {
            if (run.cancelled) {
                return;
            }
            EvalCalls.Result got = run.calls.send(run.calls.request(run.id, prompt, policy, run.settings),
                    run.settings.timeoutS(), run);
            if (run.cancelled) {
                return;                         // an answer cut by the cancel says nothing about the policy
            }
            if (got.requestId() != null) {
                run.requests.add(got.requestId());
            }
            EvalCheck.Verdict verdict = verdict(run, prompt, got);
            Backend backend = got.backend() == null ? null : routing.table().backends().get(got.backend());
            store.result(run.id, new EvalResult(prompt.line(), policy.name(), verdict.passed(), prompt.check().spec(),
                    verdict.detail(), got.status(), got.requestId(), got.backend(), got.model(),
                    backend != null && !backend.leavesHouse(), got.latencyMs(), got.ttftMs(), null, null,
                    EvalCalls.clip(got.answer(), EvalCalls.ANSWER_CHARS), got.error()));
        } catch (Exception e) {
            LOG.warnf("eval run %s: line %d under %s could not be recorded: %s", run.id, prompt.line(), policy.name(),
                    e.toString());
        } finally {
            if (run.done.incrementAndGet() == run.total) {
                finish(run);
            }
        }
    }

    private EvalCheck.Verdict verdict(Running run, EvalPrompt prompt, EvalCalls.Result got) {
        if (got.status() != 200 || got.error() != null) {
            return new EvalCheck.Verdict(false, got.error() != null ? got.error() : "HTTP " + got.status());
        }
        if (prompt.check().kind() != EvalCheck.Kind.JUDGE) {
            return prompt.check().verdict(got.answer());
        }
        if (got.answer().isBlank()) {
            return new EvalCheck.Verdict(false, "the answer is empty");
        }
        EvalCalls.Result judged = run.calls.send(run.calls.judgeRequest(run.id, prompt, got.answer(), run.settings),
                run.settings.timeoutS(), run);
        Double score = judged.status() == 200 && judged.error() == null ? EvalCalls.judgeScore(judged.answer()) : null;
        if (score == null) {
            return new EvalCheck.Verdict(false, "the judge (" + run.settings.judge() + ") gave no score: "
                    + (judged.error() != null ? judged.error() : "'" + EvalCalls.clip(judged.answer(), 60) + "'"));
        }
        return new EvalCheck.Verdict(score >= EvalCheck.JUDGE_PASS, String.format("the judge (%s) scored it %.0f/10",
                run.settings.judge(), score * 10));
    }

    /** Every answer is in: wait for their log rows, then store the summary. */
    private void finish(Running run) {
        run.heartbeat.cancel(false);
        try {
            List<UUID> requests = new ArrayList<>(run.requests);
            Instant until = Instant.now().plus(LOG_WAIT);
            while (!run.cancelled && store.logged(requests) < requests.size() && Instant.now().isBefore(until)) {
                Thread.sleep(100);        // the request log writes in batches behind the answers
            }
            List<EvalResult> results = store.results(run.id);
            EvalSummary summary = EvalSummary.of(run.settings, results, !run.cancelled);
            if (run.cancelled || !store.finish(run.id, "done", null, write(summary))) {
                store.summary(run.id, write(summary));
            }
            LOG.infof("eval run %s %s", run.id, run.cancelled ? "cancelled" : "done");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warnf("eval run %s could not be summed up: %s", run.id, e.toString());
            try {
                store.finish(run.id, "failed", "the run could not be summed up: " + e.getMessage(), null);
            } catch (SQLException ignored) {
                // the heartbeat's staleness marks it failed
            }
        } finally {
            running.remove(run.id);
        }
    }

    private void heartbeat(Running run) {
        try {
            Optional<String> status = store.heartbeat(run.id);
            if (status.isEmpty() || !"running".equals(status.get())) {
                run.cancel();                   // cancelled through another router, or deleted
            }
        } catch (Exception e) {
            LOG.debugf("eval run %s: heartbeat failed: %s", run.id, e.toString());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        for (Running run : running.values()) {
            run.cancel();
            try {
                store.finish(run.id, "failed", "the router stopped during the run", null);
            } catch (SQLException e) {
                LOG.debugf("eval run %s: not marked failed at shutdown: %s", run.id, e.toString());
            }
        }
        timers.shutdownNow();
        heartbeats.shutdownNow();
    }

    private static boolean known(RoutingTable table, String model) {
        return model != null && (table.aliases().containsKey(model) || table.concrete(model).isPresent());
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A run going on here: its workers, its calls in flight, how many answers are in. */
    private static final class Running implements EvalCalls.Tracker {
        final UUID id;
        final EvalSettings settings;
        final int total;
        final EvalCalls calls;
        final ExecutorService workers;
        final AtomicInteger done = new AtomicInteger();
        final Set<UUID> requests = ConcurrentHashMap.newKeySet();
        final Set<EvalCalls.Open> open = ConcurrentHashMap.newKeySet();
        volatile boolean cancelled;
        volatile ScheduledFuture<?> heartbeat;

        Running(UUID id, EvalSettings settings, int total, EvalCalls calls) {
            this.id = id;
            this.settings = settings;
            this.total = total;
            this.calls = calls;
            AtomicInteger n = new AtomicInteger();
            this.workers = Executors.newFixedThreadPool(settings.concurrency(), r -> {
                Thread t = new Thread(r, "eval-" + id.toString().substring(0, 8) + "-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }

        @Override
        public boolean opened(EvalCalls.Open call) {
            open.add(call);
            if (cancelled) {
                open.remove(call);
                return false;
            }
            return true;
        }

        @Override
        public void closed(EvalCalls.Open call) {
            open.remove(call);
        }

        void cancel() {
            cancelled = true;
            for (EvalCalls.Open call : open) {
                call.close();
            }
        }
    }
}
