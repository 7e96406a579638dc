package dev.localai.openai;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fields a record does not model, kept so that they are forwarded unchanged.
 * Every wire record carries one of these maps as its {@code extra} component.
 */
public final class Extras {
    private Extras() {
    }

    /** An unmodifiable copy; {@code null} becomes an empty map. */
    public static Map<String, JsonNode> copy(Map<String, JsonNode> extra) {
        if (extra == null || extra.isEmpty()) {
            return Map.of();
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }
}
