package dev.localai.router.quality;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.localai.openai.ApiError;
import dev.localai.openai.ApiException;
import dev.localai.openai.ChatCompletionRequest;
import dev.localai.router.Route;
import dev.localai.router.accounting.Attempt;
import dev.localai.router.accounting.RequestRecord;
import dev.localai.router.backend.ChatForwarder;
import dev.localai.router.backend.RouterHeaders;
import dev.localai.router.cache.CachedReplay;
import dev.localai.router.client.ClientWriter;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Consensus: the members answer the same request in parallel (each as a plain JSON answer); the answer that
 * at least {@code agree} of them give is returned, from the first member (in the rule's order) that gave it,
 * with {@code X-Router-Consensus: 2/3}. A streaming client gets the winner as a stream once it is decided.
 * Which answers agree is {@link Agreement}'s to say (long ones by the routing file's judge model when it names
 * one, else by word overlap); how long ones were compared is in {@code X-Router-Consensus-Similarity} and the
 * reason. No majority: the caller walks the rule's route instead. Every member's answer is an attempt in the request log; those not returned
 * are the request's waste.
 */
@Singleton
public class Consensus {

    public static final String HEADER = "X-Router-Consensus";
    /** How long answers were compared: {@code judge backend/model}, or {@code word overlap} (and why). */
    public static final String SIMILARITY = "X-Router-Consensus-Similarity";

    private final ChatForwarder forwarder;
    private final ObjectMapper json;
    private final Agreement agreement;

    public Consensus(ChatForwarder forwarder, ObjectMapper json, Agreement agreement) {
        this.forwarder = forwarder;
        this.json = json;
        this.agreement = agreement;
    }

    /** What the members said: whether a majority answered the client, and a note for the reason shown. */
    public record Outcome(boolean answered, String note) {
    }

    /** Asks {@code members} (routes to backends the request may use) and answers the client when {@code agree} agree. */
    public Future<Outcome> ask(List<Route> members, int agree, ChatCompletionRequest request, ClientWriter client,
                               RequestRecord record) {
        return ask(members, agree, null, request, client, record);
    }

    /** {@link #ask(List, int, ChatCompletionRequest, ClientWriter, RequestRecord)}, long answers compared by {@code plan}'s judge when it has one. */
    public Future<Outcome> ask(List<Route> members, int agree, dev.localai.router.routing.policy.CascadePlan plan,
                               ChatCompletionRequest request, ClientWriter client, RequestRecord record) {
        ChatCompletionRequest plain = request.withoutStream();
        List<Member> asked = new ArrayList<>();
        List<Future<Void>> all = new ArrayList<>();
        for (Route route : members) {
            Member m = new Member(route, client.response(), record);
            asked.add(m);
            all.add(forwarder.forward(route, plain, m, m.events).onFailure(e -> m.failure = e.getMessage()));
        }
        return Future.join(all).transform(done -> decide(asked, agree, plan, request, client, record));
    }

    private Future<Outcome> decide(List<Member> asked, int agree, dev.localai.router.routing.policy.CascadePlan plan,
                                   ChatCompletionRequest request, ClientWriter client, RequestRecord record) {
        if (client.response().closed()) {
            return Future.succeededFuture(new Outcome(true, "the client left"));
        }
        List<String> texts = new ArrayList<>();
        for (Member m : asked) {
            texts.add(m.body == null ? null : text(m.body));
        }
        return agreement.compare(texts, request, plan).compose(agreement -> tally(asked, agree, texts, agreement, request, client,
                record));
    }

    private Future<Outcome> tally(List<Member> asked, int agree, List<String> texts, Agreement.Pairs agreement,
                                  ChatCompletionRequest request, ClientWriter client, RequestRecord record) {
        if (client.response().closed()) {
            return Future.succeededFuture(new Outcome(true, "the client left"));
        }
        int best = -1;
        List<Integer> bestGroup = List.of();
        for (int i = 0; i < asked.size(); i++) {
            if (texts.get(i) == null || texts.get(i).isBlank()) {
                continue;
            }
            List<Integer> group = new ArrayList<>();
            for (int j = 0; j < asked.size(); j++) {
                if (agreement.same()[i][j]) {
                    group.add(j);
                }
            }
            if (group.size() > bestGroup.size()) {
                best = i;
                bestGroup = group;
            }
        }
        String compared = agreement.how() == null ? "" : "; long answers compared by " + agreement.how();
        if (agreement.how() != null) {
            client.response().putHeader(SIMILARITY, agreement.how());
        }
        String tally = bestGroup.size() + "/" + asked.size();
        boolean won = bestGroup.size() >= agree;
        List<Attempt> attempts = new ArrayList<>();
        for (int i = 0; i < asked.size(); i++) {
            Member m = asked.get(i);
            String verdict = m.body == null ? Attempt.FAILED : won && i == best ? Attempt.ACCEPTED
                    : won && bestGroup.contains(i) ? Attempt.AGREED : Attempt.OUTVOTED;
            attempts.add(new Attempt(m.route.backend().name(), m.route.upstreamModel(), null, verdict,
                    m.failure == null ? List.of() : List.of(m.failure), m.millis, m.events.promptTokens(),
                    m.events.completionTokens(), m.events.receivedText(), null));
        }
        record.attempts(attempts);
        if (!won) {
            return Future.succeededFuture(new Outcome(false, "no consensus (" + tally + " agreed, " + agree
                    + " needed)" + compared));
        }
        Member winner = asked.get(best);
        Route route = new Route(winner.route.backend(), winner.route.upstreamModel(), winner.route.reason()
                + "; consensus " + tally + compared, winner.route.forceBig());
        record.routed(route);
        winner.events.release();
        record.answerBody(winner.body);
        HttpServerResponse response = client.response();
        RouterHeaders.apply(response, route);
        response.putHeader(HEADER, tally);
        response.putHeader(Cascade.ATTEMPTS, attempts.stream().map(Attempt::header).collect(Collectors.joining(",")));
        return CachedReplay.answer(winner.body, request.wantsStream(), request.includeUsage(), client, json)
                .map(new Outcome(true, "consensus " + tally + compared));
    }

    private String text(Buffer body) {
        try {
            return json.readTree(body.getBytes()).path("choices").path(0).path("message").path("content").asText("");
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** One member: its answer captured, its events kept until it wins. */
    private static final class Member implements ClientWriter {
        final Route route;
        final HttpServerResponse response;
        final AttemptEvents events;
        final long start = System.nanoTime();
        Buffer body;
        double millis;
        String failure;

        Member(Route route, HttpServerResponse response, RequestRecord record) {
            this.route = route;
            this.response = response;
            this.events = new AttemptEvents(record);
        }

        @Override
        public HttpServerResponse response() {
            return response;
        }

        @Override
        public Future<Void> answer(Buffer completion) {
            body = completion;
            millis = (System.nanoTime() - start) / 1e6;
            return Future.succeededFuture();
        }

        @Override
        public void chunk(String chunk) {
            throw new IllegalStateException("consensus members answer plain requests");
        }

        @Override
        public void streamError(ApiError error) {
        }

        @Override
        public void endStream() {
        }

        @Override
        public void fail(ApiException error) {
        }
    }
}
