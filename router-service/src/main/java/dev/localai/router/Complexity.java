package dev.localai.router;

import java.util.List;
import java.util.Set;

/**
 * How hard a request looks: {@code simple}, {@code medium}, {@code complex} or {@code reasoning}, with the
 * heuristic's score in [0, 1], who decided ({@code heuristic}, or {@code model <backend/model>}) and why.
 */
public record Complexity(String label, double score, String by, List<String> reasons) {

    public static final String SIMPLE = "simple";
    public static final String MEDIUM = "medium";
    public static final String COMPLEX = "complex";
    public static final String REASONING = "reasoning";
    public static final Set<String> LABELS = Set.of(SIMPLE, MEDIUM, COMPLEX, REASONING);

    public Complexity {
        reasons = List.copyOf(reasons);
    }

    /** The same score and reasons, labelled by someone else (the small model), or noting why it could not. */
    public Complexity by(String newLabel, String who, String note) {
        List<String> more = new java.util.ArrayList<>(reasons);
        if (note != null) {
            more.add(note);
        }
        return new Complexity(newLabel, score, who, more);
    }
}
