package dev.localai.openai.anthropic;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.localai.openai.Extras;

import java.io.IOException;
import java.util.Map;

/**
 * One event of a streamed message (https://docs.anthropic.com/en/docs/build-with-claude/streaming). A
 * stream is {@code message_start}; per content block {@code content_block_start}, one or more
 * {@code content_block_delta} and {@code content_block_stop}; one or more {@code message_delta}; and
 * {@code message_stop}, with any number of {@code ping} events between, and possibly an {@code error}
 * event ({@link AnthropicError}). The SSE event name equals the {@code type} of the data. An event type
 * this library does not know is read as {@link Unknown}, which the documentation asks clients to ignore.
 */
@JsonDeserialize(using = StreamEvent.Reader.class)
public sealed interface StreamEvent permits StreamEvent.MessageStart, StreamEvent.ContentBlockStart,
        StreamEvent.ContentBlockDelta, StreamEvent.ContentBlockStop, StreamEvent.MessageDelta, StreamEvent.MessageStop,
        StreamEvent.Ping, StreamEvent.Unknown, AnthropicError {

    String MESSAGE_START = "message_start";
    String CONTENT_BLOCK_START = "content_block_start";
    String CONTENT_BLOCK_DELTA = "content_block_delta";
    String CONTENT_BLOCK_STOP = "content_block_stop";
    String MESSAGE_DELTA = "message_delta";
    String MESSAGE_STOP = "message_stop";
    String PING = "ping";

    /** The event type, also the SSE event name. */
    String type();

    /** The message with empty {@code content}, {@code stop_reason} null, and the input usage. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonDeserialize(using = JsonDeserializer.None.class)
    record MessageStart(String type, Message message,
                        @JsonAnyGetter @JsonAnySetter Map<String, JsonNode> extra) implements StreamEvent {
        public MessageStart {
            extra = Extras.copy(extra);
        }
    }

    /** A content block begins at {@code index}: a text block with empty text, or a tool_use block with input {}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonDeserialize(using = JsonDeserializer.None.class)
    record ContentBlockStart(String type, int index, @JsonProperty("content_block") ContentBlock contentBlock,
                             @JsonAnyGetter @JsonAnySetter Map<String, JsonNode> extra) implements StreamEvent {
        public ContentBlockStart {
            extra = Extras.copy(extra);
        }
    }

    /** A piece of the block at {@code index}: {@code text_delta}, {@code input_json_delta}, … */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonDeserialize(using = JsonDeserializer.None.class)
    record ContentBlockDelta(String type, int index, Delta delta,
                             @JsonAnyGetter @JsonAnySetter Map<String, JsonNode> extra) implements StreamEvent {
        public ContentBlockDelta {
            extra = Extras.copy(extra);
        }
    }

    /** The block at {@code index} is complete. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonDeserialize(using = JsonDeserializer.None.class)
    record ContentBlockStop(String type, int index,
                            @JsonAnyGetter @JsonAnySetter Map<String, JsonNode> extra) implements StreamEvent {
        public ContentBlockStop {
            extra = Extras.copy(extra);
        }
    }

    /** Top-level changes: the stop reason, and the usage so far (the counts are cumulative). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonDeserialize(using = JsonDeserializer.None.class)
    record MessageDelta(String type, MessageChange delta, MessageUsage usage,
                        @JsonAnyGetter @JsonAnySetter Map<String, JsonNode> extra) implements StreamEvent {
        public MessageDelta {
            extra = Extras.copy(extra);
        }
    }

    /** The end of the stream. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonDeserialize(using = JsonDeserializer.None.class)
    record MessageStop(String type,
                       @JsonAnyGetter @JsonAnySetter Map<String, JsonNode> extra) implements StreamEvent {
        public MessageStop {
            extra = Extras.copy(extra);
        }
    }

    /** A keep-alive. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonDeserialize(using = JsonDeserializer.None.class)
    record Ping(String type, @JsonAnyGetter @JsonAnySetter Map<String, JsonNode> extra) implements StreamEvent {
        public Ping {
            extra = Extras.copy(extra);
        }
    }

    /** An event type this library does not know; everything but {@code type} is in extra. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonDeserialize(using = JsonDeserializer.None.class)
    record Unknown(String type, @JsonAnyGetter @JsonAnySetter Map<String, JsonNode> extra) implements StreamEvent {
        public Unknown {
            extra = Extras.copy(extra);
        }
    }

    /**
     * The {@code delta} of a {@code content_block_delta}: {@code text_delta} with {@code text}, or
     * {@code input_json_delta} with {@code partial_json} (a fragment of the tool input's JSON text);
     * {@code thinking_delta} and {@code signature_delta} keep their field in extra.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Delta(String type, String text, @JsonProperty("partial_json") String partialJson,
                 @JsonAnyGetter @JsonAnySetter Map<String, JsonNode> extra) {
        public static final String TEXT = "text_delta";
        public static final String INPUT_JSON = "input_json_delta";
        public static final String THINKING = "thinking_delta";

        public Delta {
            extra = Extras.copy(extra);
        }

        /** The {@code thinking} text of a thinking delta; null otherwise. */
        public String thinking() {
            JsonNode thinking = extra.get("thinking");
            return thinking == null || thinking.isNull() ? null : thinking.asText();
        }
    }

    /** The {@code delta} of a {@code message_delta}; both fields are always written, null when unset. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record MessageChange(@JsonProperty("stop_reason") String stopReason,
                         @JsonProperty("stop_sequence") String stopSequence,
                         @JsonAnyGetter @JsonAnySetter Map<String, JsonNode> extra) {
        public MessageChange {
            extra = Extras.copy(extra);
        }
    }

    static MessageStart messageStart(Message message) {
        return new MessageStart(MESSAGE_START, message, null);
    }

    static ContentBlockStart textBlockStart(int index) {
        return new ContentBlockStart(CONTENT_BLOCK_START, index, ContentBlock.text(""), null);
    }

    static ContentBlockStart toolUseBlockStart(int index, String id, String name) {
        return new ContentBlockStart(CONTENT_BLOCK_START, index,
                ContentBlock.toolUse(id, name, JsonNodeFactory.instance.objectNode()), null);
    }

    static ContentBlockDelta textDelta(int index, String text) {
        return new ContentBlockDelta(CONTENT_BLOCK_DELTA, index, new Delta(Delta.TEXT, text, null, null), null);
    }

    static ContentBlockDelta inputJsonDelta(int index, String partialJson) {
        return new ContentBlockDelta(CONTENT_BLOCK_DELTA, index, new Delta(Delta.INPUT_JSON, null, partialJson, null),
                null);
    }

    static ContentBlockStop blockStop(int index) {
        return new ContentBlockStop(CONTENT_BLOCK_STOP, index, null);
    }

    static MessageDelta messageDelta(String stopReason, String stopSequence, MessageUsage usage) {
        return new MessageDelta(MESSAGE_DELTA, new MessageChange(stopReason, stopSequence, null), usage, null);
    }

    static MessageStop messageStop() {
        return new MessageStop(MESSAGE_STOP, null);
    }

    static Ping ping() {
        return new Ping(PING, null);
    }

    /** Reads an event by its {@code type}; an unknown type becomes {@link Unknown}. */
    final class Reader extends JsonDeserializer<StreamEvent> {
        @Override
        public StreamEvent deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode node = ctxt.readTree(p);
            Class<? extends StreamEvent> type = switch (node.path("type").asText("")) {
                case MESSAGE_START -> MessageStart.class;
                case CONTENT_BLOCK_START -> ContentBlockStart.class;
                case CONTENT_BLOCK_DELTA -> ContentBlockDelta.class;
                case CONTENT_BLOCK_STOP -> ContentBlockStop.class;
                case MESSAGE_DELTA -> MessageDelta.class;
                case MESSAGE_STOP -> MessageStop.class;
                case PING -> Ping.class;
                case AnthropicError.TYPE -> AnthropicError.class;
                default -> Unknown.class;
            };
            return ctxt.readTreeAsValue(node, type);
        }
    }
}
