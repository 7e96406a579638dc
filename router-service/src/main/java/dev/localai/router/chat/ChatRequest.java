package dev.localai.router.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.localai.openai.ApiError;
import dev.localai.openai.ApiException;
import dev.localai.openai.ChatCompletionRequest;
import dev.localai.openai.ChatMessage;
import dev.localai.router.client.ClientWriter;
import dev.localai.router.Backend;
import dev.localai.router.Price;
import dev.localai.router.RouterErrors;
import dev.localai.router.Target;
import dev.localai.router.accounting.LogDraft;
import dev.localai.router.accounting.RequestRecord;
import dev.localai.router.cache.CachedReplay;
import dev.localai.router.cache.ResponseCache;
import dev.localai.router.keys.ClientKey;
import dev.localai.router.chat.Decider;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;

import java.util.Map;
import java.util.Optional;

/**
 * One chat request, owned from its body to its log row: parse → signals and decision (once) →
 * the cache → the gaming PC woken if it must be → the chain walked → accounting (the log row, the
 * budget settled, the answer cached, the error written). Confined to the request's event loop.
 */
public final class ChatRequest {

    private final ChatService s;
    private final Map<String, String> headers;
    private final ClientKey key;
    private final ClientWriter client;
    private final HttpServerResponse response;
    private final RequestRecord record = new RequestRecord();
    /** The budget's settling, queued as the last bytes went out; completed by {@link #finish}. */
    private io.vertx.core.Promise<LogDraft> settling;
    private boolean ending;

    ChatRequest(ChatService service, Map<String, String> headers, ClientKey key, ClientWriter client) {
        this.s = service;
        this.headers = headers;
        this.key = key;
        this.client = new EndsAfterAccounting(client);
        this.response = client.response();
        if (key != null) {
            record.clientKey(key.name());
            if (!key.forcedTags().isEmpty()) {
                headers.merge("x-router-tags", String.join(",", key.forcedTags()), (mine, forced) -> mine + "," + forced);
            }
        }
        response.putHeader("X-Request-Id", record.id().toString());
    }

    /** Runs the request from its body; completes when it has been answered and handed to the request log. */
    public Future<Void> run(byte[] body) {
        ChatCompletionRequest request;
        try {
            request = s.parser.parse(body);
        } catch (RuntimeException e) {
            return refuse(e);
        }
        return run(request);
    }

    /** Runs a request already read (an Anthropic client's, translated). */
    public Future<Void> run(ChatCompletionRequest request) {
        Future<Void> answered;
        try {
            answered = route(request);
        } catch (RuntimeException e) {
            answered = Future.failedFuture(e);
        }
        return answered.transform(this::finish);
    }

    /** Fails the request before its body could be read (too large, cut off, not JSON). */
    public Future<Void> refuse(Throwable why) {
        return Future.<Void>failedFuture(why).transform(this::finish);
    }

    private Future<Void> route(ChatCompletionRequest request) {
        record.requested(request.model(), request.wantsStream(), s.keepText ? lastUserText(request) : null);
        record.evalRun(EvalTraffic.run(headers));
        Double threshold = EvalTraffic.threshold(headers, record.evalRun());
        return s.decider.decideLabelled(request, headers)
                .compose(decided -> routeDecided(request, EvalTraffic.withThreshold(decided, threshold), threshold));
    }

    private Future<Void> routeDecided(ChatCompletionRequest request, Decider.Decided decided, Double threshold) {
        record.signals(decided.signals());
        ResponseCache.Lookup lookup = record.evalRun() != null ? ResponseCache.Lookup.NONE
                : s.cache.lookup(decided.request(), headers, key);
        if (lookup.key() != null) {
            Optional<ResponseCache.Entry> hit = s.cache.get(lookup, entry -> servable(entry, decided));
            if (hit.isPresent()) {
                record.cacheHit(hit.get().backend(), hit.get().model());
                record.usage(usageOf(hit.get()));
                record.firstByte();
                return CachedReplay.write(hit.get(), request.wantsStream(), request.includeUsage(), client, s.json);
            }
            record.cacheLookup(lookup);
        }
        Optional<Backend> asleep = GamingPcWake.asleep(decided.table(), decided.decision());
        if (asleep.isPresent()) {
            return s.wake.wakeThenWalk(asleep.get(), () -> EvalTraffic.withThreshold(s.decider.decide(request, headers),
                    threshold), response, fresh -> {
                record.signals(fresh.signals());
                return walk(fresh, asleep.get().name() + " woken by wake-on-lan");
            });
        }
        if (decided.decision().chain().isEmpty()) {
            return Future.failedFuture(new ApiException(503, ApiError.of(decided.decision().reason(),
                    ApiError.UNAVAILABLE, null, "no_backend_available")));
        }
        return walk(decided, null);
    }

    private Future<Void> walk(Decider.Decided decided, String note) {
        return s.walk.walk(decided.table(), decided.decision(), decided.request(), client, record, key, note);
    }

    /** Accounting: the error (if any) written, the log row submitted, the budget settled, the answer cached. */
    private Future<Void> finish(AsyncResult<Void> done) {
        if (done.failed()) {
            ApiException error = RouterErrors.forClient(done.cause());
            record.failed(error.error().error().message());
            client.fail(error);
        }
        LogDraft logged = record.finish(loggedStatus(response), s.keepText);
        s.spending.settle(record, logged, settling);
        s.log.submit(logged);
        return Future.succeededFuture();
    }

    /**
     * Whether a cached answer may serve this request: what first answered it must be a backend this
     * request may use (privacy tags keep out answers that came from outside the house, a key's
     * allowed backends hold for the cache too, and a key with a budget gets no paid answer it did
     * not pay for itself).
     */
    private boolean servable(ResponseCache.Entry entry, Decider.Decided decided) {
        Backend origin = decided.table().backends().get(entry.backend());
        if (origin == null || origin.leavesHouse() && decided.signals().tags().staysHome()) {
            return false;
        }
        if (key == null) {
            return true;
        }
        if (!Spending.allowed(key, origin)) {
            return false;
        }
        return !key.hasBudget() || key.name().equals(entry.clientKey())
                || decided.table().price(new Target(origin.name(), entry.model())).equals(Price.FREE);
    }

    /** The status the client got; 499 (as nginx logs it) when the client left before the end. */
    static int loggedStatus(HttpServerResponse response) {
        return response.closed() && !response.ended() ? 499 : response.getStatusCode();
    }

    private JsonNode usageOf(ResponseCache.Entry entry) {
        try {
            return s.json.readTree(entry.body().getBytes()).path("usage");
        } catch (java.io.IOException e) {
            return s.json.missingNode();
        }
    }

    private static String lastUserText(ChatCompletionRequest request) {
        for (int i = request.messages().size() - 1; i >= 0; i--) {
            ChatMessage message = request.messages().get(i);
            if ("user".equals(message.role())) {
                return message.text();
            }
        }
        return null;
    }

    /**
     * What a client may act on the moment it has its answer is done before the answer's end goes out: the
     * answer cached, the budget's settling queued (its cost follows in {@link #finish}). A client that sends
     * the same question next, or its next paid request, sees this one's effect, not a race with it.
     */
    private final class EndsAfterAccounting implements ClientWriter {

        private final ClientWriter out;

        EndsAfterAccounting(ClientWriter out) {
            this.out = out;
        }

        private void ending(boolean answered) {
            if (ending) {
                return;
            }
            ending = true;
            if (answered && record.answerBody() != null) {
                s.cache.put(record.cacheLookup(), record.answerBody(), record.backend(), record.servedModel());
            }
            settling = s.spending.ending(record);
        }

        @Override
        public HttpServerResponse response() {
            return out.response();
        }

        @Override
        public Future<Void> answer(io.vertx.core.buffer.Buffer completion) {
            ending(true);
            return out.answer(completion);
        }

        @Override
        public void chunk(String json) {
            out.chunk(json);
        }

        @Override
        public void streamError(ApiError error) {
            ending(false);
            out.streamError(error);
        }

        @Override
        public void endStream() {
            ending(false);
            out.endStream();
        }

        @Override
        public void fail(ApiException error) {
            ending(false);
            out.fail(error);
        }

        @Override
        public void onCancel(Runnable cancel) {
            out.onCancel(cancel);
        }

        @Override
        public boolean started() {
            return out.started();
        }
    }
}
