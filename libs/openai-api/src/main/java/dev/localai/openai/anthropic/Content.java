package dev.localai.openai.anthropic;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Anthropic's "string or array of content blocks": a message's {@code content}, the top-level
 * {@code system} prompt, and a {@code tool_result}'s {@code content}
 * (https://docs.anthropic.com/en/api/messages). A string is shorthand for one text block; each form
 * is written back in the form it was read.
 */
@JsonDeserialize(using = Content.Reader.class)
public sealed interface Content {

    /** The text of the content: the string, or the text blocks joined by a newline. */
    String text();

    /** The content as blocks: the string becomes one text block (none when it is empty). */
    List<ContentBlock> blocks();

    static Content text(String text) {
        return new Text(text);
    }

    static Content blocks(List<ContentBlock> blocks) {
        return new Blocks(blocks);
    }

    /** Content sent as one string. */
    record Text(@JsonValue String value) implements Content {
        @Override
        public String text() {
            return value;
        }

        @Override
        public List<ContentBlock> blocks() {
            return value == null || value.isEmpty() ? List.of() : List.of(ContentBlock.text(value));
        }
    }

    /** Content sent as an array of blocks. */
    record Blocks(@JsonValue List<ContentBlock> blocks) implements Content {
        public Blocks {
            blocks = List.copyOf(blocks);
        }

        @Override
        public String text() {
            return blocks.stream().filter(b -> ContentBlock.TEXT.equals(b.type()) && b.text() != null)
                    .map(ContentBlock::text).collect(Collectors.joining("\n"));
        }
    }

    /** Reads a string as {@link Text} and an array as {@link Blocks}; anything else is a clear error. */
    final class Reader extends JsonDeserializer<Content> {
        @Override
        public Content deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken token = p.currentToken();
            if (token == JsonToken.VALUE_STRING) {
                return new Text(p.getText());
            }
            if (token == JsonToken.START_ARRAY) {
                return new Blocks(Arrays.asList(ctxt.readValue(p, ContentBlock[].class)));
            }
            return (Content) ctxt.handleUnexpectedToken(Content.class, token, p,
                    "content must be a string or an array of content blocks");
        }
    }
}
