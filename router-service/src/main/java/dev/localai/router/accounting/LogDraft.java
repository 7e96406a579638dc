package dev.localai.router.accounting;

/**
 * A finished request on its way to the log: its row, and what the tokens are counted from when the
 * backend reported no usage (-1): the router's prompt estimate, and the answer's text ({@code answer}
 * is the kept start of {@code answerChars} characters).
 */
public record LogDraft(LogRow row, int estimatedPromptTokens, int usagePrompt, int usageCompletion, String answer,
                       long answerChars) {
}
