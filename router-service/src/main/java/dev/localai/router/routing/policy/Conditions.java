package dev.localai.router.routing.policy;

import dev.localai.router.Signals;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The {@code when} of a rule. Every condition that is set must hold; an empty {@code when} always
 * matches. {@code tokens-below}/{@code tokens-from} compare the estimate of prompt plus
 * {@code max_tokens}. {@code complexity} lists labels ({@code simple}, {@code medium}, {@code complex},
 * {@code reasoning}) of the complexity signal.
 */
public record Conditions(
        List<String> requested,
        List<String> alias,
        @JsonProperty("tags") List<String> tags,
        @JsonProperty("tokens-from") Integer tokensFrom,
        @JsonProperty("tokens-below") Integer tokensBelow,
        @JsonProperty("task-type") List<String> taskType,
        @JsonProperty("complex-task") Boolean complexTask,
        @JsonProperty("gaming-mode") Boolean gamingMode,
        @JsonProperty("force-big") Boolean forceBig,
        Boolean background,
        List<String> available,
        Map<String, String> header,
        List<String> complexity) {

    public static final Conditions ALWAYS = new Conditions(null, null, null, null, null, null, null, null, null, null,
            null, null, null);

    /**
     * Why this does not match, or an empty list when it does.
     *
     * @param isAvailable whether a backend can take requests now (up, and not held by gaming mode)
     * @param complex   whether the request's task type is marked complex
     */
    List<String> mismatches(Signals s, Predicate<String> isAvailable, boolean complex) {
        List<String> why = new ArrayList<>();
        if (requested != null && !requested.contains(s.requestedKind())) {
            why.add("requested is " + s.requestedKind());
        }
        if (alias != null && !alias.contains(s.requested())) {
            why.add("alias is " + s.requested());
        }
        if (tags != null && !s.tags().known().containsAll(tags)) {
            why.add("tags " + tags + " not all present");
        }
        if (tokensFrom != null && s.totalTokens() < tokensFrom) {
            why.add(s.totalTokens() + " tokens < " + tokensFrom);
        }
        if (tokensBelow != null && s.totalTokens() >= tokensBelow) {
            why.add(s.totalTokens() + " tokens >= " + tokensBelow);
        }
        if (taskType != null && (s.taskType() == null || !taskType.contains(s.taskType()))) {
            why.add("task type is " + s.taskType());
        }
        if (complexTask != null && complexTask != complex) {
            why.add(complex ? "task is complex" : "task is not complex");
        }
        if (gamingMode != null && gamingMode != s.gamingMode()) {
            why.add("gaming mode is " + (s.gamingMode() ? "on" : "off"));
        }
        if (forceBig != null && forceBig != s.forceBig()) {
            why.add("force_big is " + s.forceBig());
        }
        if (background != null && background != (s.background() != null)) {
            why.add(s.background() != null ? "a background task" : "not a background task");
        }
        if (available != null) {
            for (String backend : available) {
                if (!isAvailable.test(backend)) {
                    why.add(backend + " is not available");
                }
            }
        }
        if (complexity != null && (s.complexity() == null || !complexity.contains(s.complexity().label()))) {
            why.add("complexity is " + (s.complexity() == null ? "unknown" : s.complexity().label()));
        }
        if (header != null) {
            header.forEach((name, value) -> {
                String actual = s.headers().get(name.toLowerCase(Locale.ROOT));
                if (actual == null || !actual.equalsIgnoreCase(value)) {
                    why.add("header " + name + " is not " + value);
                }
            });
        }
        return why;
    }
}
