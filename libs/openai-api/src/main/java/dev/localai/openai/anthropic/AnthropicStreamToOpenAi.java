package dev.localai.openai.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.localai.openai.ChatCompletionChunk;
import dev.localai.openai.ToolCall;
import dev.localai.openai.Usage;
import dev.localai.openai.sse.SseEvent;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an Anthropic message stream (https://docs.anthropic.com/en/docs/build-with-claude/streaming)
 * into OpenAI {@code chat.completion.chunk}s, one event at a time, without buffering:
 * <ul>
 *   <li>{@code message_start}: a chunk with {@code role: assistant} and empty content; the message's id
 *       and model become every chunk's;</li>
 *   <li>{@code content_block_start} of a {@code tool_use} block: a tool call chunk with the call's own
 *       {@code index} (counting tool calls only), {@code id}, {@code type: function}, the name and empty
 *       arguments; a text block that starts with text: that text;</li>
 *   <li>{@code content_block_delta}: {@code text_delta} → content, {@code input_json_delta} → that tool
 *       call's arguments fragment, {@code thinking_delta} → a {@code reasoning_content} delta;</li>
 *   <li>{@code message_delta}: nothing yet; its stop reason and cumulative usage are kept;</li>
 *   <li>{@code message_stop}: the finish chunk (empty delta, {@code finish_reason} by
 *       {@link StopReasons}), then, when the client asked {@code include_usage}, a chunk with empty
 *       {@code choices} and the usage ({@link Usages});</li>
 *   <li>{@code ping}, {@code content_block_stop} and unknown events: nothing;</li>
 *   <li>{@code error}: throws {@link AnthropicStreamException}, which carries the OpenAI error to end the
 *       client's stream with.</li>
 * </ul>
 * The caller writes {@code data: [DONE]} after the last chunk. Not thread-safe: one converter per stream.
 */
public final class AnthropicStreamToOpenAi {

    private final boolean includeUsage;
    private final long created;
    private final Map<Integer, Integer> toolCallByBlock = new HashMap<>();
    private String id = "msg_unknown";
    private String model;
    private MessageUsage usage;
    private String stopReason;
    private boolean finished;

    /**
     * @param includeUsage whether to end with a usage chunk ({@code stream_options.include_usage})
     * @param created      the {@code created} epoch seconds of every chunk
     */
    public AnthropicStreamToOpenAi(boolean includeUsage, long created) {
        this.includeUsage = includeUsage;
        this.created = created;
    }

    /** Reads one server-sent event and converts it; see {@link #accept(StreamEvent)}. */
    public List<ChatCompletionChunk> accept(SseEvent event) {
        return accept(AnthropicSse.read(event));
    }

    /**
     * The chunks for one event, often none.
     *
     * @throws AnthropicStreamException for an {@code error} event
     */
    public List<ChatCompletionChunk> accept(StreamEvent event) {
        if (event instanceof StreamEvent.MessageStart start) {
            return started(start.message());
        }
        if (event instanceof StreamEvent.ContentBlockStart start) {
            return blockStarted(start.index(), start.contentBlock());
        }
        if (event instanceof StreamEvent.ContentBlockDelta delta) {
            return delta(delta.index(), delta.delta());
        }
        if (event instanceof StreamEvent.MessageDelta delta) {
            if (delta.delta() != null && delta.delta().stopReason() != null) {
                stopReason = delta.delta().stopReason();
            }
            usage = merge(usage, delta.usage());
            return List.of();
        }
        if (event instanceof StreamEvent.MessageStop) {
            return stopped();
        }
        if (event instanceof AnthropicError error) {
            finished = true;
            throw new AnthropicStreamException(error);
        }
        return List.of();
    }

    /** Whether {@code message_stop} (or an error) has ended the stream. */
    public boolean finished() {
        return finished;
    }

    /** The usage so far, as OpenAI counts it; null before {@code message_start}. */
    public Usage usage() {
        return Usages.toOpenAi(usage);
    }

    private List<ChatCompletionChunk> started(Message message) {
        if (message != null) {
            id = message.id() == null ? id : message.id();
            model = message.model();
            usage = merge(usage, message.usage());
        }
        return List.of(chunk(new ChatCompletionChunk.Delta(InputMessage.ASSISTANT, "", null, null, null), null));
    }

    private List<ChatCompletionChunk> blockStarted(int index, ContentBlock block) {
        if (block == null) {
            return List.of();
        }
        if (block.is(ContentBlock.TOOL_USE)) {
            int call = toolCallByBlock.size();
            toolCallByBlock.put(index, call);
            ToolCall start = new ToolCall(call, block.id(), "function",
                    new ToolCall.FunctionCall(block.name(), "", null), null);
            return List.of(chunk(new ChatCompletionChunk.Delta(null, null, List.of(start), null, null), null));
        }
        if (block.is(ContentBlock.TEXT) && block.text() != null && !block.text().isEmpty()) {
            return List.of(content(block.text()));
        }
        return List.of();
    }

    private List<ChatCompletionChunk> delta(int index, StreamEvent.Delta delta) {
        if (delta == null || delta.type() == null) {
            return List.of();
        }
        switch (delta.type()) {
            case StreamEvent.Delta.TEXT -> {
                return delta.text() == null || delta.text().isEmpty() ? List.of() : List.of(content(delta.text()));
            }
            case StreamEvent.Delta.INPUT_JSON -> {
                Integer call = toolCallByBlock.get(index);
                if (call == null || delta.partialJson() == null || delta.partialJson().isEmpty()) {
                    return List.of();
                }
                ToolCall piece = new ToolCall(call, null, null,
                        new ToolCall.FunctionCall(null, delta.partialJson(), null), null);
                return List.of(chunk(new ChatCompletionChunk.Delta(null, null, List.of(piece), null, null), null));
            }
            case StreamEvent.Delta.THINKING -> {
                if (delta.thinking() == null || delta.thinking().isEmpty()) {
                    return List.of();
                }
                Map<String, JsonNode> reasoning = Map.of("reasoning_content", TextNode.valueOf(delta.thinking()));
                return List.of(chunk(new ChatCompletionChunk.Delta(null, null, null, null, reasoning), null));
            }
            default -> {
                return List.of();
            }
        }
    }

    private List<ChatCompletionChunk> stopped() {
        finished = true;
        String finish = stopReason == null ? "stop" : StopReasons.toFinishReason(stopReason);
        ChatCompletionChunk last = chunk(new ChatCompletionChunk.Delta(null, null, null, null, null), finish);
        if (!includeUsage) {
            return List.of(last);
        }
        ChatCompletionChunk usageChunk = new ChatCompletionChunk(id, ChatCompletionChunk.OBJECT, created, model,
                List.of(), Usages.toOpenAi(usage == null ? MessageUsage.of(0, 0) : usage), null, null, null);
        return List.of(last, usageChunk);
    }

    private ChatCompletionChunk content(String text) {
        return chunk(new ChatCompletionChunk.Delta(null, text, null, null, null), null);
    }

    private ChatCompletionChunk chunk(ChatCompletionChunk.Delta delta, String finishReason) {
        return new ChatCompletionChunk(id, ChatCompletionChunk.OBJECT, created, model,
                List.of(new ChatCompletionChunk.Choice(0, delta, finishReason, null, null)), null, null, null, null);
    }

    /** Fields the newer usage sets replace the older; the counts are cumulative, not increments. */
    static MessageUsage merge(MessageUsage older, MessageUsage newer) {
        if (newer == null) {
            return older;
        }
        if (older == null) {
            return newer;
        }
        return new MessageUsage(
                newer.inputTokens() != null ? newer.inputTokens() : older.inputTokens(),
                newer.outputTokens() != null ? newer.outputTokens() : older.outputTokens(),
                newer.cacheCreationInputTokens() != null ? newer.cacheCreationInputTokens()
                        : older.cacheCreationInputTokens(),
                newer.cacheReadInputTokens() != null ? newer.cacheReadInputTokens() : older.cacheReadInputTokens(),
                older.extra());
    }
}
