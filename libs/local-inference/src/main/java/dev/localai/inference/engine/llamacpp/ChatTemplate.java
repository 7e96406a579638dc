package dev.localai.inference.engine.llamacpp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.kherud.llama.LlamaModel;
import dev.localai.inference.ChatTurn;

import java.util.List;
import java.util.Locale;

/**
 * Renders chat messages into a prompt with the model's own chat template (Jinja is enabled at load,
 * else llama.cpp falls back to ChatML for a template it does not know by name). {@code generate} itself
 * ignores messages: it reads only the prompt, so rendering is a separate step.
 *
 * <p>The JSON handed to llama.cpp holds only {@code messages} with string roles and contents, because
 * a C++ exception from a malformed field would end the JVM.
 */
final class ChatTemplate {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ChatTemplate() {
    }

    static String render(LlamaModel model, List<ChatTurn> turns) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode messages = body.putArray("messages");
        for (ChatTurn turn : turns) {
            messages.addObject().put("role", role(turn.role())).put("content", turn.content());
        }
        return model.applyTemplate(body.toString());
    }

    /** OpenAI's {@code developer} is a system message to a chat template; unknown roles pass as written. */
    private static String role(String role) {
        String r = role.toLowerCase(Locale.ROOT);
        return "developer".equals(r) ? "system" : r;
    }
}
