package dev.localai.router.accounting;

import java.time.Instant;
import java.util.UUID;

/**
 * One finished request as handed to the request log. Token counts of -1 mean the backend reported
 * none; the log then counts the answer text ({@code answerChars} long, of which {@code answer} is
 * the kept start) and takes the router's own prompt estimate.
 */
public record LoggedRequest(UUID id, Instant startedAt, String clientKey, String requestedModel, String backend,
                            String servedModel, String reason, String tags, String taskType, boolean stream,
                            int estimatedPromptTokens, int usagePrompt, int usageCompletion, String answer,
                            long answerChars, double latencyMs, Double ttftMs, int status, String error,
                            boolean partial, boolean cacheHit, String promptText) {
}
