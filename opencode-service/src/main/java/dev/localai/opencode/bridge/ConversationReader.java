package dev.localai.opencode.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.localai.opencode.BridgeError;
import dev.localai.opencode.ServedModel;
import dev.localai.opencode.config.ServedModels;
import dev.localai.openai.ChatCompletionRequest;
import dev.localai.openai.ChatMessage;
import dev.localai.openai.MessageContent;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a chat request and turns it into a {@link Conversation}, or refuses it with a 4xx that names the field:
 * nothing reaches OpenCode half-formed. What cannot be passed is refused rather than dropped: tools (the
 * bridge's agent has none), more than one choice, a structured response format, tool messages, system messages
 * after the conversation began, content parts other than text and {@code data:} images, a last message that is
 * not the user's. Sampling settings ({@code temperature}, {@code max_tokens}, …) have no place in OpenCode's
 * prompt and are ignored, as the README says. The rules are listed in this package's README.
 */
@ApplicationScoped
public class ConversationReader {

    private static final Pattern DATA_URL = Pattern.compile("^data:(image/[\\w.+-]+);base64,", Pattern.CASE_INSENSITIVE);

    private final ServedModels models;

    public ConversationReader(ServedModels models) {
        this.models = models;
    }

    public Conversation read(ChatCompletionRequest request) {
        ServedModel model = model(request.model());
        refuseWhatCannotBePassed(request);
        List<ChatMessage> messages = request.messages();
        if (messages == null || messages.isEmpty()) {
            throw BridgeError.badRequest("messages: at least one message is required", "messages");
        }
        StringBuilder system = new StringBuilder();
        List<Conversation.Turn> turns = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage message = messages.get(i);
            String where = "messages[" + i + "]";
            if (message == null || message.role() == null) {
                throw BridgeError.badRequest(where + ".role is required", where + ".role");
            }
            switch (message.role()) {
                case "system", "developer" -> {
                    if (!turns.isEmpty()) {
                        throw BridgeError.badRequest(where + ": a " + message.role() + " message after the conversation"
                                + " began cannot be passed to OpenCode, whose system prompt comes before every turn;"
                                + " put system messages first", where + ".role");
                    }
                    String text = systemText(message, where);
                    if (!text.isEmpty()) {
                        system.append(system.length() == 0 ? "" : "\n\n").append(text);
                    }
                }
                case "user" -> turns.add(new Conversation.Turn("user", userParts(message, where)));
                case "assistant" -> turns.add(new Conversation.Turn("assistant", assistantParts(message, where)));
                case "tool", "function" -> throw BridgeError.badRequest(where + ": " + message.role() + " messages"
                        + " cannot be passed: the OpenCode bridge offers the model no tools", where + ".role");
                default -> throw BridgeError.badRequest(where + ".role: unknown role '" + message.role() + "'",
                        where + ".role");
            }
        }
        if (turns.isEmpty() || !"user".equals(turns.get(turns.size() - 1).role())) {
            int last = messages.size() - 1;
            throw BridgeError.badRequest("messages[" + last + "]: the last message must be the user's; OpenCode"
                    + " answers a user prompt", "messages[" + last + "].role");
        }
        Conversation.Turn prompt = turns.remove(turns.size() - 1);
        if (prompt.parts().stream().allMatch(p -> "text".equals(p.type()) && p.text().isBlank())) {
            int last = messages.size() - 1;
            throw BridgeError.badRequest("messages[" + last + "].content is empty", "messages[" + last + "].content");
        }
        return new Conversation(model, system.toString(), List.copyOf(turns), prompt, request.wantsStream(),
                request.includeUsage());
    }

    private ServedModel model(String name) {
        if (name == null || name.isBlank()) {
            throw BridgeError.badRequest("model is required; the OpenCode bridge serves "
                    + String.join(", ", models.names()), "model");
        }
        return models.find(name).orElseThrow(() -> BridgeError.unknownModel(name, models.names()));
    }

    private static void refuseWhatCannotBePassed(ChatCompletionRequest request) {
        if (request.tools() != null && !request.tools().isEmpty()) {
            throw BridgeError.badRequest("tools cannot be honoured: the OpenCode bridge runs OpenCode's plain chat"
                    + " agent, which offers the model no tools", "tools");
        }
        JsonNode functions = request.extra().get("functions");
        if (functions != null && !functions.isNull() && !functions.isEmpty()) {
            throw BridgeError.badRequest("functions cannot be honoured: the OpenCode bridge offers the model no"
                    + " tools", "functions");
        }
        if (request.n() != null && request.n() != 1) {
            throw BridgeError.badRequest("n: the OpenCode bridge answers one choice, " + request.n()
                    + " were asked for", "n");
        }
        if (request.responseFormat() != null && request.responseFormat().type() != null
                && !"text".equals(request.responseFormat().type())) {
            throw BridgeError.badRequest("response_format: only 'text' can be passed to OpenCode, not '"
                    + request.responseFormat().type() + "'", "response_format");
        }
    }

    private static String systemText(ChatMessage message, String where) {
        MessageContent content = message.content();
        if (content instanceof MessageContent.Parts parts) {
            for (int j = 0; j < parts.parts().size(); j++) {
                if (!"text".equals(parts.parts().get(j).type())) {
                    throw BridgeError.badRequest(where + ".content[" + j + "]: a system message can hold text only",
                            where + ".content");
                }
            }
        }
        return message.text();
    }

    private static List<Conversation.Part> userParts(ChatMessage message, String where) {
        MessageContent content = message.content();
        if (content == null) {
            throw BridgeError.badRequest(where + ".content is required", where + ".content");
        }
        if (content instanceof MessageContent.Text text) {
            return List.of(Conversation.Part.text(text.value()));
        }
        List<Conversation.Part> out = new ArrayList<>();
        List<MessageContent.Part> parts = ((MessageContent.Parts) content).parts();
        for (int j = 0; j < parts.size(); j++) {
            MessageContent.Part part = parts.get(j);
            String at = where + ".content[" + j + "]";
            String type = part == null ? null : part.type();
            if ("text".equals(type)) {
                out.add(Conversation.Part.text(part.text() == null ? "" : part.text()));
            } else if ("image_url".equals(type)) {
                out.add(image(part, at));
            } else {
                throw BridgeError.badRequest(at + ": content of type '" + type + "' cannot be passed to OpenCode;"
                        + " text and image_url (as a data: URL) can", at + ".type");
            }
        }
        if (out.isEmpty()) {
            throw BridgeError.badRequest(where + ".content is empty", where + ".content");
        }
        return out;
    }

    private static Conversation.Part image(MessageContent.Part part, String at) {
        JsonNode imageUrl = part.imageUrl();
        String url = imageUrl == null ? null : imageUrl.isTextual() ? imageUrl.asText() : imageUrl.path("url").asText(null);
        if (url == null) {
            throw BridgeError.badRequest(at + ".image_url.url is required", at + ".image_url");
        }
        Matcher data = DATA_URL.matcher(url);
        if (!data.find()) {
            throw BridgeError.badRequest(at + ".image_url: only a data: URL (data:image/…;base64,…) can be passed to"
                    + " OpenCode; it does not fetch images", at + ".image_url");
        }
        return Conversation.Part.file(data.group(1).toLowerCase(java.util.Locale.ROOT), url);
    }

    private static List<Conversation.Part> assistantParts(ChatMessage message, String where) {
        if (message.toolCalls() != null && !message.toolCalls().isEmpty()) {
            throw BridgeError.badRequest(where + ".tool_calls cannot be passed: the OpenCode bridge offers the model"
                    + " no tools", where + ".tool_calls");
        }
        MessageContent content = message.content();
        if (content instanceof MessageContent.Parts parts) {
            for (int j = 0; j < parts.parts().size(); j++) {
                if (!"text".equals(parts.parts().get(j).type())) {
                    throw BridgeError.badRequest(where + ".content[" + j + "]: an assistant message can hold text"
                            + " only", where + ".content");
                }
            }
            List<Conversation.Part> out = new ArrayList<>();
            parts.parts().forEach(p -> out.add(Conversation.Part.text(p.text() == null ? "" : p.text())));
            return out;
        }
        String text = content == null ? (message.refusal() == null ? "" : message.refusal()) : message.text();
        return List.of(Conversation.Part.text(text));
    }
}
