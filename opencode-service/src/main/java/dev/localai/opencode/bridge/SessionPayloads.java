package dev.localai.opencode.bridge;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.localai.opencode.ServedModel;
import dev.localai.opencode.config.OpencodeConfigJson;
import dev.localai.opencode.server.OpencodeIds;

import java.util.Set;

/**
 * What the bridge sends OpenCode for one conversation, in OpenCode's own shapes: the earlier turns as stored
 * events for {@code POST /sync/replay} ({@code message.updated.1} and {@code message.part.updated.1}, as
 * {@code POST /sync/history} lists a session's own), so they become real user and assistant messages of the
 * session and reach the provider as sent; and the last user turn as the body of {@code prompt_async}, with the
 * client's system prompt in its {@code system} field (the bridge plugin puts it in place of OpenCode's).
 */
final class SessionPayloads {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Conversation conversation;
    private final OpencodeIds ids;
    private final Set<String> ownMessages;

    /** @param ownMessages receives the id of every message the bridge writes (the answer's are OpenCode's) */
    SessionPayloads(Conversation conversation, OpencodeIds ids, Set<String> ownMessages) {
        this.conversation = conversation;
        this.ids = ids;
        this.ownMessages = ownMessages;
    }

    /** The replay events of the history, numbered on from the session's creation (sequence 0). */
    ArrayNode history(String sessionId, String directory) {
        ArrayNode events = JSON.createArrayNode();
        ServedModel model = conversation.model();
        String lastUser = null;
        int seq = 1;
        for (Conversation.Turn turn : conversation.history()) {
            String messageId = ids.next("msg");
            ownMessages.add(messageId);
            long created = ids.lastMillis();
            ObjectNode info = JSON.createObjectNode().put("id", messageId).put("sessionID", sessionId)
                    .put("role", turn.role());
            if ("user".equals(turn.role())) {
                info.putObject("time").put("created", created);
                info.put("agent", OpencodeConfigJson.AGENT);
                info.putObject("model").put("providerID", model.providerId()).put("modelID", model.modelId());
                lastUser = messageId;
            } else {
                info.put("parentID", lastUser != null ? lastUser : messageId);
                info.put("mode", OpencodeConfigJson.AGENT).put("agent", OpencodeConfigJson.AGENT);
                info.putObject("path").put("cwd", directory).put("root", directory);
                info.put("cost", 0);
                ObjectNode tokens = info.putObject("tokens").put("input", 0).put("output", 0).put("reasoning", 0);
                tokens.putObject("cache").put("read", 0).put("write", 0);
                info.put("modelID", model.modelId()).put("providerID", model.providerId());
                info.putObject("time").put("created", created).put("completed", created);
                info.put("finish", "stop");
            }
            events.add(event(sessionId, seq++, "message.updated.1", JSON.createObjectNode().put("sessionID", sessionId)
                    .set("info", info)));
            for (Conversation.Part part : turn.parts()) {
                ObjectNode stored = part(part).put("id", ids.next("prt")).put("sessionID", sessionId)
                        .put("messageID", messageId);
                ObjectNode data = JSON.createObjectNode().put("sessionID", sessionId);
                data.set("part", stored);
                data.put("time", created);
                events.add(event(sessionId, seq++, "message.part.updated.1", data));
            }
        }
        return events;
    }

    /** The {@code prompt_async} body: the last user turn, with a message id of the bridge's. */
    ObjectNode prompt() {
        String messageId = ids.next("msg");
        ownMessages.add(messageId);
        ServedModel model = conversation.model();
        ObjectNode body = JSON.createObjectNode().put("messageID", messageId).put("agent", OpencodeConfigJson.AGENT);
        body.putObject("model").put("providerID", model.providerId()).put("modelID", model.modelId());
        if (!conversation.system().isEmpty()) {
            body.put("system", conversation.system());
        }
        ArrayNode parts = body.putArray("parts");
        conversation.prompt().parts().forEach(p -> parts.add(part(p)));
        return body;
    }

    private static ObjectNode part(Conversation.Part part) {
        ObjectNode node = JSON.createObjectNode().put("type", part.type());
        if ("text".equals(part.type())) {
            node.put("text", part.text());
        } else {
            node.put("mime", part.mime()).put("url", part.url()).put("filename", "image");
        }
        return node;
    }

    private ObjectNode event(String sessionId, int seq, String type, ObjectNode data) {
        ObjectNode event = JSON.createObjectNode().put("id", ids.next("evt")).put("aggregateID", sessionId)
                .put("seq", seq).put("type", type);
        event.set("data", data);
        return event;
    }

    /** Whether the conversation has earlier turns to replay. */
    boolean hasHistory() {
        return !conversation.history().isEmpty();
    }
}
