package dev.localai.inference.serving.generation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.UncheckedIOException;

/** JSON text helpers for the streaming hot path. */
final class JsonText {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private JsonText() {
    }

    static String write(ObjectMapper json, Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Appends {@code text} as the inside of a JSON string the way Jackson's default generator writes it:
     * {@code "} and {@code \} and control characters escaped ({@code \n}, {@code \t}, ..., else
     * a backslash, {@code u00} and two upper-case hex digits), everything else as it is.
     */
    static void escape(String text, StringBuilder out) {
        int n = text.length();
        int plain = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(text, plain, i);
            plain = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        out.append(text, plain, n);
    }

    /** Whether {@link #escape} agrees with how {@code json} writes strings (it may be configured otherwise). */
    static boolean escapesLike(ObjectMapper json) {
        StringBuilder sample = new StringBuilder();
        for (char c = 0; c < 0x800; c++) {
            sample.append(c);
        }
        sample.append("\u2028\u2029\uFEFF\uFFFD日本語 😀 </script> '\\\"/");
        String text = sample.toString();
        StringBuilder ours = new StringBuilder("\"");
        escape(text, ours);
        ours.append('"');
        try {
            return ours.toString().equals(json.writeValueAsString(text));
        } catch (JsonProcessingException | RuntimeException e) {
            return false;
        }
    }
}
