package dev.localai.openai.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.localai.openai.ChatCompletionChunk;
import dev.localai.openai.ToolCall;
import dev.localai.openai.Usage;
import dev.localai.openai.sse.SseEvent;
import dev.localai.openai.sse.SseFormatException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an OpenAI chunk stream into the events of an Anthropic message stream, in the order the
 * streaming documentation shows (https://docs.anthropic.com/en/docs/build-with-claude/streaming):
 * {@code message_start} (content empty, {@code stop_reason} null, the input tokens known up front);
 * per block {@code content_block_start}, {@code content_block_delta}s, {@code content_block_stop}, with one
 * {@code ping} after the first block's start, as in the documentation's example;
 * then {@code message_delta} (stop reason, cumulative usage) and {@code message_stop}.
 * <ul>
 *   <li>content deltas go to a text block, opened at the first text;</li>
 *   <li>each new tool call (a new {@code index}, or an {@code id}) closes the open block and opens a
 *       {@code tool_use} block with its id and name and {@code input: {}}; its argument fragments become
 *       {@code input_json_delta}s;</li>
 *   <li>{@code finish_reason} closes the open block and is kept ({@link StopReasons}); the usage chunk
 *       (asked with {@code include_usage}) is kept;</li>
 *   <li>{@link #finish()}, at {@code [DONE]} or the end of the body, sends {@code message_delta} and
 *       {@code message_stop}.</li>
 * </ul>
 * Write each event with {@link AnthropicSse#format}. Not thread-safe: one converter per stream.
 */
public final class OpenAiStreamToAnthropic {

    private final String messageId;
    private final String model;
    private final int inputTokens;
    private final Map<Integer, Integer> blockByToolCall = new HashMap<>();
    private boolean started;
    private boolean finished;
    private boolean pinged;
    private int openBlock = -1;
    private String openType;
    private int nextBlock;
    private String stopReason;
    private Usage usage;

    /**
     * @param messageId   the id of the message ({@code msg_…}); see {@link OpenAiCompletionToAnthropic#messageId}
     * @param model       the model to report; null: the chunks' model
     * @param inputTokens the input tokens {@code message_start} reports (an estimate; the final count
     *                    comes in {@code message_delta} when the backend reports usage)
     */
    public OpenAiStreamToAnthropic(String messageId, String model, int inputTokens) {
        this.messageId = messageId;
        this.model = model;
        this.inputTokens = inputTokens;
    }

    /** One OpenAI stream event: a chunk, or {@code [DONE]} (which {@link #finish() finishes}). */
    public List<StreamEvent> accept(SseEvent event) {
        if (event.isDone()) {
            return finish();
        }
        try {
            return accept(AnthropicSse.JSON.readValue(event.data(), ChatCompletionChunk.class));
        } catch (JsonProcessingException e) {
            throw new SseFormatException("an OpenAI stream chunk is not JSON: " + AnthropicSse.abbreviate(event.data()));
        }
    }

    /** The events for one chunk, often just one delta. */
    public List<StreamEvent> accept(ChatCompletionChunk chunk) {
        List<StreamEvent> events = new ArrayList<>();
        if (finished) {
            return events;
        }
        start(events, chunk.model());
        if (chunk.usage() != null) {
            usage = chunk.usage();
        }
        if (chunk.choices() == null || chunk.choices().isEmpty()) {
            return events;
        }
        ChatCompletionChunk.Choice choice = chunk.choices().get(0);
        ChatCompletionChunk.Delta delta = choice.delta();
        if (delta != null) {
            String text = delta.content() != null ? delta.content() : delta.refusal();
            if (text != null && !text.isEmpty()) {
                if (!ContentBlock.TEXT.equals(openType)) {
                    open(events, ContentBlock.TEXT, StreamEvent.textBlockStart(nextBlock));
                }
                events.add(StreamEvent.textDelta(openBlock, text));
            }
            if (delta.toolCalls() != null) {
                delta.toolCalls().forEach(call -> toolCall(events, call));
            }
        }
        if (choice.finishReason() != null) {
            stopReason = StopReasons.toStopReason(choice.finishReason());
            close(events);
        }
        return events;
    }

    /** Ends the message: closes the open block, then {@code message_delta} and {@code message_stop}. Once only. */
    public List<StreamEvent> finish() {
        List<StreamEvent> events = new ArrayList<>();
        if (finished) {
            return events;
        }
        start(events, null);
        close(events);
        MessageUsage totals = usage == null ? new MessageUsage(null, 0, null, null, null) : Usages.toAnthropic(usage);
        events.add(StreamEvent.messageDelta(stopReason == null ? StopReasons.END_TURN : stopReason, null, totals));
        events.add(StreamEvent.messageStop());
        finished = true;
        return events;
    }

    /** Whether {@link #finish()} has run. */
    public boolean finished() {
        return finished;
    }

    private void start(List<StreamEvent> events, String chunkModel) {
        if (!started) {
            started = true;
            Message message = Message.of(messageId, model != null ? model : chunkModel, List.of(), null, null,
                    MessageUsage.of(inputTokens, 0));
            events.add(StreamEvent.messageStart(message));
        }
    }

    private void toolCall(List<StreamEvent> events, ToolCall call) {
        int index = call.index() == null ? 0 : call.index();
        Integer block = blockByToolCall.get(index);
        if (block == null || (call.id() != null && block != openBlock)) {
            String name = call.function() == null ? null : call.function().name();
            String id = OpenAiCompletionToAnthropic.toolUseId(call.id(), index);
            block = nextBlock;
            blockByToolCall.put(index, block);
            open(events, ContentBlock.TOOL_USE, StreamEvent.toolUseBlockStart(block, id, name == null ? "" : name));
        }
        String arguments = call.function() == null ? null : call.function().arguments();
        if (arguments != null && !arguments.isEmpty()) {
            events.add(StreamEvent.inputJsonDelta(block, arguments));
        }
    }

    private void open(List<StreamEvent> events, String type, StreamEvent.ContentBlockStart start) {
        close(events);
        events.add(start);
        if (!pinged) {
            pinged = true;
            events.add(StreamEvent.ping());     // where Anthropic's own streams carry one
        }
        openBlock = start.index();
        openType = type;
        nextBlock = openBlock + 1;
    }

    private void close(List<StreamEvent> events) {
        if (openBlock >= 0) {
            events.add(StreamEvent.blockStop(openBlock));
            openBlock = -1;
            openType = null;
        }
    }
}
