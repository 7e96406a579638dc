package dev.localai.router.routing;

import dev.localai.router.HouseState;
import dev.localai.router.Complexity;
import dev.localai.router.routing.signals.ComplexityHeuristic;

import dev.localai.router.RouterErrors;
import dev.localai.openai.ChatCompletionRequest;
import dev.localai.openai.ApiException;
import dev.localai.router.routing.policy.RoutingTable;
import dev.localai.router.Signals;
import dev.localai.router.routing.signals.BackgroundRequests;
import dev.localai.router.routing.signals.HashTags;
import dev.localai.router.Tags;
import dev.localai.router.routing.signals.TaskTypes;
import dev.localai.router.routing.signals.TokenEstimator;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a request's {@link Signals} and returns the request as it should be forwarded: known
 * {@code #tags} removed from the last user message, the router-only {@code tags} body field removed.
 */
@Singleton
public class SignalReader {

    /** What the router forwards, and what it decided on. */
    public record Prepared(ChatCompletionRequest request, Signals signals) {
    }

    private final TokenEstimator tokens = new TokenEstimator();

    /**
     * @param headers request headers with lower-case names
     * @param house   gaming mode and the backends unavailable now
     * @throws ApiException 404 when the model is neither an alias nor one a backend serves
     */
    public Prepared read(ChatCompletionRequest original, Map<String, String> headers, RoutingTable table,
                         HouseState house) {
        return read(original, headers, table, house, null);
    }

    /**
     * @param labelled the small model's complexity label for this request, or null: the heuristic's, when a
     *                 rule asks for complexity at all
     */
    public Prepared read(ChatCompletionRequest original, Map<String, String> headers, RoutingTable table,
                         HouseState house, Complexity labelled) {
        String requested = original.model() == null || original.model().isBlank() ? "auto" : original.model();
        String kind = "auto".equals(requested) ? "auto" : table.aliases().containsKey(requested) ? "alias"
                : table.concrete(requested).isPresent() ? "model" : null;
        if (kind == null) {
            throw RouterErrors.modelNotFound(requested);
        }
        HashTags.Result hashTags = HashTags.extract(original);
        ChatCompletionRequest request = hashTags.request();
        List<String> raw = new ArrayList<>();
        String header = headers.get("x-router-tags");
        if (header != null) {
            raw.addAll(List.of(header.split("[,\\s]+")));
        }
        if (request.extra().containsKey("tags")) {
            com.fasterxml.jackson.databind.JsonNode field = request.extra().get("tags");
            if (field.isTextual()) {
                raw.addAll(List.of(field.asText().split("[,\\s]+")));     // "private" or "private, code"
            } else {
                field.forEach(t -> raw.add(t.asText()));
            }
            request = request.withoutExtra("tags");
        }
        Tags tags = hashTags.tags().plus(Tags.of(raw));
        boolean forceBig = tags.has(Tags.FORCE_BIG) || "true".equalsIgnoreCase(headers.get("x-force-big"));
        String task = tags.taskType();
        if (task == null && headers.get("x-task-type") != null) {
            task = headers.get("x-task-type").strip().toLowerCase(Locale.ROOT);
        }
        if (task == null) {
            task = taskTypes(table).detect(lastUserText(request));
        }
        Integer limit = request.completionTokenLimit();
        Complexity complexity = labelled != null ? labelled
                : table.usesComplexity() ? ComplexityHeuristic.of(lastUserText(request)) : null;
        Signals signals = new Signals(requested, kind, tags, tokens.promptTokens(request), limit == null ? 0 : limit,
                task, BackgroundRequests.detect(request), forceBig, house.gamingMode(), house.unavailable(), complexity,
                headers);
        return new Prepared(request, signals);
    }

    private TaskTypes cachedTypes;
    private RoutingTable cachedFor;

    /** Keyword tables from the routing file, rebuilt only when the table changes. */
    private synchronized TaskTypes taskTypes(RoutingTable table) {
        if (table != cachedFor) {
            Map<String, List<String>> keywords = new LinkedHashMap<>();
            table.taskTypes().forEach((name, type) -> {
                if (!type.keywords().isEmpty()) {
                    keywords.put(name, type.keywords());
                }
            });
            cachedTypes = keywords.isEmpty() ? TaskTypes.defaultTable() : new TaskTypes(keywords);
            cachedFor = table;
        }
        return cachedTypes;
    }

    /** The text of the last user message (what the task type and complexity are read from), or "". */
    public static String lastUserText(ChatCompletionRequest request) {
        for (int i = request.messages().size() - 1; i >= 0; i--) {
            if ("user".equals(request.messages().get(i).role())) {
                return request.messages().get(i).text();
            }
        }
        return "";
    }
}
