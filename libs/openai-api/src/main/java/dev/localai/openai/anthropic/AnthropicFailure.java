package dev.localai.openai.anthropic;

/** A failure as an Anthropic client sees it: the HTTP status and Anthropic's error body. */
public record AnthropicFailure(int status, AnthropicError body) {
}
