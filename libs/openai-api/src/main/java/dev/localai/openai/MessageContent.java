package dev.localai.openai;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A message's {@code content}: either a plain string or an array of content parts. Each form is
 * written back in the form it was read.
 */
@JsonDeserialize(using = MessageContent.Reader.class)
public sealed interface MessageContent {

    /** The text of the content: the string, or the text parts joined by a newline. */
    String text();

    static MessageContent text(String text) {
        return new Text(text);
    }

    static MessageContent parts(List<Part> parts) {
        return new Parts(parts);
    }

    /** Content sent as one string. */
    record Text(@JsonValue String value) implements MessageContent {
        @Override
        public String text() {
            return value;
        }
    }

    /** Content sent as an array of parts. */
    record Parts(@JsonValue List<Part> parts) implements MessageContent {
        public Parts {
            parts = List.copyOf(parts);
        }

        @Override
        public String text() {
            return parts.stream().filter(p -> "text".equals(p.type()) && p.text() != null)
                    .map(Part::text).collect(Collectors.joining("\n"));
        }
    }

    /**
     * One content part: {@code {"type":"text","text":…}}, {@code {"type":"image_url","image_url":{…}}},
     * {@code input_audio}, {@code file}, or a newer type kept whole in extra.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Part(
            String type,
            String text,
            @JsonProperty("image_url") JsonNode imageUrl,
            @JsonProperty("input_audio") JsonNode inputAudio,
            JsonNode file,
            @JsonAnyGetter @JsonAnySetter Map<String, JsonNode> extra) {
        public Part {
            extra = Extras.copy(extra);
        }

        public static Part text(String text) {
            return new Part("text", text, null, null, null, null);
        }

        /** The same part with other text; every other field is kept. */
        public Part withText(String newText) {
            return new Part(type, newText, imageUrl, inputAudio, file, extra);
        }
    }

    /** Reads a string as {@link Text} and an array as {@link Parts}; anything else is a clear error. */
    final class Reader extends JsonDeserializer<MessageContent> {
        @Override
        public MessageContent deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken token = p.currentToken();
            if (token == JsonToken.VALUE_STRING) {
                return new Text(p.getText());
            }
            if (token == JsonToken.START_ARRAY) {
                Part[] parts = ctxt.readValue(p, Part[].class);
                return new Parts(Arrays.asList(parts));
            }
            return (MessageContent) ctxt.handleUnexpectedToken(MessageContent.class, token, p,
                    "content must be a string or an array of content parts");
        }
    }
}
