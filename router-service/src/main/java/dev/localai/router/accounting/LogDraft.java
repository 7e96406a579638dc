package dev.localai.router.accounting;

import java.util.List;

/**
 * A finished request on its way to the log: its row, and what the tokens are counted from when the
 * backend reported no usage (-1): the router's prompt estimate, and the answer's text ({@code answer}
 * is the kept start of {@code answerChars} characters). {@code attempts} are a quality cascade's answers,
 * in order (empty without a cascade).
 */
public record LogDraft(LogRow row, int estimatedPromptTokens, int usagePrompt, int usageCompletion, String answer,
                       long answerChars, List<Attempt> attempts) {

    public LogDraft {
        attempts = attempts == null ? List.of() : List.copyOf(attempts);
    }

    public LogDraft(LogRow row, int estimatedPromptTokens, int usagePrompt, int usageCompletion, String answer,
                    long answerChars) {
        this(row, estimatedPromptTokens, usagePrompt, usageCompletion, answer, answerChars, List.of());
    }
}
