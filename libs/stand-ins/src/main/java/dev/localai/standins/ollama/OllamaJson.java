package dev.localai.standins.ollama;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;

import java.io.IOException;

/**
 * JSON as Ollama's Go server writes and reads it. Writing escapes {@code <}, {@code >}, {@code &}, U+2028 and
 * U+2029 as {@code \u003c}… the way Go's {@code encoding/json} does by default, so a client that matches text
 * instead of parsing JSON fails here as it would against Ollama. Reading refuses a body the way gin's
 * {@code ShouldBindJSON} does, in Go's words for the common cases: an empty body ("missing request body", the
 * handlers' own check), a first character that cannot start a value, a misspelt literal, a body cut short
 * ("unexpected EOF"), and a JSON value that is not an object; other syntax errors keep Jackson's description.
 */
final class OllamaJson {

    static final ObjectMapper JSON = new ObjectMapper();

    static {
        JSON.getFactory().setCharacterEscapes(new GoEscapes());
    }

    private OllamaJson() {
    }

    /** The body as a JSON object; throws {@link BadBody} with Go's message when it is not one. */
    static JsonNode object(String body, String goType) throws BadBody {
        if (body.isBlank()) {
            throw new BadBody("missing request body");
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (JsonParseException e) {
            throw new BadBody(goMessage(body, e));
        } catch (IOException e) {
            throw new BadBody("unexpected EOF");
        }
        if (json == null || json.isMissingNode()) {
            throw new BadBody("missing request body");
        }
        if (!json.isObject()) {
            throw new BadBody("json: cannot unmarshal " + goKind(json.getNodeType()) + " into Go value of type "
                    + goType);
        }
        return json;
    }

    private static String goMessage(String body, JsonParseException e) {
        String trimmed = body.strip();
        char first = trimmed.charAt(0);
        if ("{[\"-0123456789tfn".indexOf(first) < 0) {
            return "invalid character '" + first + "' looking for beginning of value";
        }
        if ("tfn".indexOf(first) >= 0) {
            String literal = first == 't' ? "true" : first == 'f' ? "false" : "null";
            for (int i = 1; i < literal.length(); i++) {
                if (i >= trimmed.length()) {
                    return "unexpected EOF";
                }
                if (trimmed.charAt(i) != literal.charAt(i)) {
                    return "invalid character '" + trimmed.charAt(i) + "' in literal " + literal + " (expecting '"
                            + literal.charAt(i) + "')";
                }
            }
        }
        String reason = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        return reason.startsWith("Unexpected end-of-input") ? "unexpected EOF" : "invalid character in JSON: " + reason;
    }

    private static String goKind(JsonNodeType type) {
        return switch (type) {
            case ARRAY -> "array";
            case STRING -> "string";
            case NUMBER -> "number";
            case BOOLEAN -> "bool";
            default -> "value";
        };
    }

    /** A request body gin would refuse with a 400; the message is Go's. */
    static final class BadBody extends Exception {
        BadBody(String message) {
            super(message, null, false, false);
        }
    }

    /** Go's HTML-safe escaping on top of JSON's standard escapes. */
    private static final class GoEscapes extends CharacterEscapes {

        private final int[] ascii = standardAsciiEscapesForJSON();

        GoEscapes() {
            ascii['<'] = ESCAPE_CUSTOM;
            ascii['>'] = ESCAPE_CUSTOM;
            ascii['&'] = ESCAPE_CUSTOM;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return switch (ch) {
                case '<', '>', '&', '\u2028', '\u2029' -> new SerializedString(String.format("\\u%04x", ch));
                default -> null;
            };
        }
    }
}
