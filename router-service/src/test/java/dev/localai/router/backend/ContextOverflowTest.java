package dev.localai.router.backend;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each backend's way of saying "the prompt does not fit", as its documented error answers word it. */
class ContextOverflowTest {

    @Test
    void recognisesEveryBackendsWordsForAPromptOverItsContext() {
        // OpenAI and the router's own 3070 service: code context_length_exceeded
        assertTrue(ChatForwarder.contextOverflow(400, "context_length_exceeded", "invalid_request_error",
                "This model's maximum context length is 128000 tokens."));
        // llama-server: type exceed_context_size_error
        assertTrue(ChatForwarder.contextOverflow(400, "", "exceed_context_size_error",
                "the request exceeds the available context size, try increasing it"));
        // vLLM and OpenRouter: a BadRequestError in words
        assertTrue(ChatForwarder.contextOverflow(400, "", "BadRequestError", "This model's maximum context length is"
                + " 8192 tokens. However, you requested 9000 tokens (8000 in the messages, 1000 in the completion)."));
        // Anthropic (docs.anthropic.com/en/api/errors): invalid_request_error
        assertTrue(ChatForwarder.contextOverflow(400, "", "invalid_request_error",
                "prompt is too long: 210000 tokens > 200000 maximum"));
        // Gemini's OpenAI-compatible endpoint
        assertTrue(ChatForwarder.contextOverflow(400, "", "", "The input token count (1200000) exceeds the maximum"
                + " number of tokens allowed (1048576)."));
    }

    @Test
    void otherRequestErrorsAndServerErrorsAreNotOverflows() {
        assertFalse(ChatForwarder.contextOverflow(400, "", "invalid_request_error", "'top_p' must be at most 1"));
        assertFalse(ChatForwarder.contextOverflow(500, "context_length_exceeded", "", "odd, but a server error"));
        assertFalse(ChatForwarder.contextOverflow(422, "", "", "maximum context length"));
    }
}
