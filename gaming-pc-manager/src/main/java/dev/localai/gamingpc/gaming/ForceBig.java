package dev.localai.gamingpc.gaming;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpServerRequest;

import java.io.IOException;
import java.util.Arrays;

/**
 * Whether a request may use the GPU in gaming mode: {@code X-Force-Big: true}, {@code force_big} in the
 * {@code X-Router-Tags} header (comma or space separated), or in a {@code tags} array of the body, as
 * the router's design describes.
 */
public final class ForceBig {

    public static final String TAG = "force_big";

    private ForceBig() {
    }

    public static boolean requested(HttpServerRequest request, byte[] body, ObjectMapper json) {
        if ("true".equalsIgnoreCase(trim(request.getHeader("X-Force-Big")))) {
            return true;
        }
        String tags = request.getHeader("X-Router-Tags");
        if (tags != null && Arrays.stream(tags.split("[,\\s]+")).anyMatch(t -> t.replace("#", "").equalsIgnoreCase(TAG))) {
            return true;
        }
        try {
            JsonNode node = json.readTree(body).path("tags");
            for (JsonNode tag : node) {
                if (TAG.equalsIgnoreCase(tag.asText())) {
                    return true;
                }
            }
        } catch (IOException | RuntimeException unparseable) {
            return false;                         // the request parser says what is wrong with the body
        }
        return false;
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }
}
