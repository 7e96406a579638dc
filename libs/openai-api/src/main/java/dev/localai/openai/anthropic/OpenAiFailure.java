package dev.localai.openai.anthropic;

import dev.localai.openai.ApiError;

/** A failure as an OpenAI client sees it: the HTTP status and OpenAI's error envelope. */
public record OpenAiFailure(int status, ApiError body) {
}
