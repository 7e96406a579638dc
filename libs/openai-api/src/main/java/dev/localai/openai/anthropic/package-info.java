/**
 * Anthropic's Messages API as records, and the translation to and from the OpenAI records of
 * {@code dev.localai.openai}. The shapes follow https://docs.anthropic.com/en/api/messages (request and
 * Message), https://docs.anthropic.com/en/docs/build-with-claude/streaming (events and their order) and
 * https://docs.anthropic.com/en/api/errors (error body and statuses). Unknown fields are kept in each
 * record's {@code extra}, as in the OpenAI records.
 *
 * <p>Calling Claude as a backend (an OpenAI request in, an OpenAI answer out):
 * {@link dev.localai.openai.anthropic.OpenAiRequestToAnthropic},
 * {@link dev.localai.openai.anthropic.AnthropicMessageToOpenAi},
 * {@link dev.localai.openai.anthropic.AnthropicStreamToOpenAi} (stateful, one event at a time),
 * {@link dev.localai.openai.anthropic.AnthropicErrorToOpenAi}.
 *
 * <p>Serving {@code POST /v1/messages} from OpenAI-compatible backends:
 * {@link dev.localai.openai.anthropic.AnthropicRequestToOpenAi},
 * {@link dev.localai.openai.anthropic.OpenAiCompletionToAnthropic},
 * {@link dev.localai.openai.anthropic.OpenAiStreamToAnthropic} (stateful, one chunk at a time),
 * {@link dev.localai.openai.anthropic.OpenAiErrorToAnthropic}.
 *
 * <p>Shared mappings: {@link dev.localai.openai.anthropic.StopReasons} ({@code stop_reason} ⇄
 * {@code finish_reason}) and {@link dev.localai.openai.anthropic.Usages} (token counts, cache tokens
 * included). A request that cannot be expressed on the other side throws
 * {@link dev.localai.openai.anthropic.TranslationException} (a 400 for the client).
 */
package dev.localai.openai.anthropic;
