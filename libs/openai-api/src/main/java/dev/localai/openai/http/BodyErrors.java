package dev.localai.openai.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.localai.openai.MessageContent;
import dev.localai.openai.ApiException;

import java.util.Collection;

/**
 * Request bodies read strictly, and their mistakes told in the API's words: the field's path as
 * the API writes it ({@code messages[0].content}) and the JSON type it needs, never a Java class
 * name or a parser's internals.
 */
public final class BodyErrors {

    private BodyErrors() {
    }

    /**
     * A copy of {@code json} that takes no value for another type: {@code "5"} is not an integer,
     * {@code 1} not a boolean, {@code 5} not a string, {@code 2.5} not an integer.
     */
    public static ObjectMapper strict(ObjectMapper json) {
        ObjectMapper strict = json.copy().disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        for (LogicalType type : new LogicalType[]{LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            strict.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        strict.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        for (CoercionInputShape shape : new CoercionInputShape[]{CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean}) {
            strict.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        return strict;
    }

    /** A 400 for a body that is not JSON at all, or JSON beyond the parser's limits. */
    public static ApiException notJson(JsonProcessingException e, String code) {
        if (e instanceof StreamConstraintsException) {
            return ApiException.badRequest("The request body is beyond what this router reads: JSON nested too"
                    + " deeply, or a number or text too long.", null, code);
        }
        return ApiException.badRequest("The request body is not valid JSON" + location(e) + ".", null, code);
    }

    /** A 400 naming the field whose value has the wrong type. */
    public static ApiException wrongType(JsonMappingException e) {
        if (e.getCause() instanceof StreamConstraintsException limits) {
            return notJson(limits, "invalid_json");
        }
        if (e.getCause() instanceof com.fasterxml.jackson.core.exc.StreamReadException broken) {
            return notJson(broken, "invalid_json");      // malformed JSON inside a field, wrapped with the field's path
        }
        String param = path(e);
        return ApiException.badRequest("Invalid type for '" + param + "': " + expected(e) + ".", param,
                "invalid_type");
    }

    /** What the field should have been, in JSON terms rather than Java class names. */
    public static String expected(JsonMappingException e) {
        Class<?> type = e instanceof MismatchedInputException m ? m.getTargetType() : null;
        if (type == null) {
            return "the value does not fit";
        }
        if (type == MessageContent.class) {
            return "expected a string or an array of content parts";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "expected an integer";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "expected a number";
        }
        if (type == String.class) {
            return "expected a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "expected a boolean";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "expected an array";
        }
        return "expected an object";
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    /** Jackson's path as OpenAI writes params: {@code messages[0].content}. */
    public static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.isEmpty() ? "body" : out.toString();
    }
}
