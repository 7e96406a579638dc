package dev.localai.router.accounting;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/**
 * One answer a quality cascade asked for: which model, its score and what became of it, its tokens
 * (-1 until counted: the backend's usage, else the router counts {@code text}), its time and cost. Kept
 * in the request log's {@code attempts}; the ones not returned are the request's waste.
 *
 * @param verdict {@link #ACCEPTED}, {@link #BEST}, {@link #ESCALATED}, {@link #REJECTED}, {@link #FAILED},
 *                {@link #UNSCORED}; for consensus members also {@link #AGREED} and {@link #OUTVOTED}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Attempt(String backend, String model, Double score, String verdict, List<String> reasons,
                      @JsonProperty("ms") double ms, @JsonProperty("prompt_tokens") int promptTokens,
                      @JsonProperty("completion_tokens") int completionTokens, @JsonIgnore String text,
                      @JsonProperty("cost_usd") BigDecimal costUsd) {

    /** At or above the threshold: returned. */
    public static final String ACCEPTED = "accepted";
    /** Below the threshold, but the best of all answers: returned, and the response says so. */
    public static final String BEST = "best";
    /** Below the threshold: not returned, the next backend asked. */
    public static final String ESCALATED = "escalated";
    /** Below the threshold and not the best: not returned, nothing further to ask. */
    public static final String REJECTED = "rejected";
    /** No answer: the backend failed. */
    public static final String FAILED = "failed";
    /** A consensus member whose answer agreed with the one returned (its tokens are still the request's waste). */
    public static final String AGREED = "agreed";
    /** A consensus member whose answer the majority did not give. */
    public static final String OUTVOTED = "outvoted";
    /** Streamed unheld (the last that could answer), so not scored before the client saw it. */
    public static final String UNSCORED = "unscored";

    public Attempt {
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }

    /** Whether the client got this answer. */
    @JsonIgnore
    public boolean served() {
        return ACCEPTED.equals(verdict) || BEST.equals(verdict) || UNSCORED.equals(verdict);
    }

    public Attempt withVerdict(String newVerdict) {
        return new Attempt(backend, model, score, newVerdict, reasons, ms, promptTokens, completionTokens, text,
                costUsd);
    }

    public Attempt counted(int prompt, int completion, BigDecimal cost) {
        return new Attempt(backend, model, score, verdict, reasons, ms, prompt, completion, null, cost);
    }

    /** {@code backend/model;score=0.42;verdict=escalated}, as {@code X-Router-Attempts} lists it. */
    public String header() {
        return backend + "/" + model + (score == null ? "" : String.format(Locale.ROOT, ";score=%.2f", score))
                + ";verdict=" + verdict;
    }
}
