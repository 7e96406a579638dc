package dev.localai.standins.mattermost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Actions a client sends over the WebSocket, routed as {@code platform/websocket_router.go} does: no action →
 * {@code no_action}; {@code seq} below 1 → {@code bad_seq}; {@code authentication_challenge} (a bad or missing
 * token closes the socket; ignored once authenticated); anything else before authenticating →
 * {@code not_authenticated} (401); {@code ping} → {@code pong} (from {@code wsapi/system.go}), {@code user_typing}
 * → OK; any other action → {@code bad_action}. A message that is not JSON closes the socket, as the server's
 * decoder does.
 */
final class SocketActions {

    private final SocketHub hub;
    private final MattermostState state;
    private final SocketConnection connection;

    SocketActions(SocketHub hub, MattermostState state, SocketConnection connection) {
        this.hub = hub;
        this.state = state;
        this.connection = connection;
    }

    void handle(String text) {
        ObjectNode request = MattermostJson.object(text);
        if (request == null) {
            connection.socket.close();
            return;
        }
        String action = request.path("action").asText("");
        long seq = request.path("seq").asLong(0);
        if (action.isEmpty()) {
            fail(seq, 400, "api.web_socket_router.no_action.app_error", "No websocket action.");
        } else if (seq <= 0) {
            fail(seq, 400, "api.web_socket_router.bad_seq.app_error", "Invalid sequence for WebSocket message.");
        } else if ("authentication_challenge".equals(action)) {
            challenge(request.path("data").path("token"), seq);
        } else if (connection.user == null) {
            fail(seq, 401, "api.web_socket_router.not_authenticated.app_error",
                    "Connection is not authenticated. Please log in and try again.");
        } else if ("ping".equals(action)) {
            if (hub.answersPings()) {
                ObjectNode data = MattermostJson.JSON.createObjectNode().put("node_id", "")
                        .put("server_time", System.currentTimeMillis()).put("text", "pong")
                        .put("version", MattermostJson.SERVER_VERSION);
                connection.socket.writeTextMessage(ok(seq, data));
            }
        } else if ("user_typing".equals(action)) {
            connection.socket.writeTextMessage(ok(seq, null));
        } else {
            fail(seq, 500, "api.web_socket_router.bad_action.app_error", "Unknown WebSocket action.");
        }
    }

    private void challenge(JsonNode token, long seq) {
        if (connection.user != null) {
            return;
        }
        ChatUser user = token.isTextual() ? state.userByToken(token.asText()).orElse(null) : null;
        if (user == null) {
            connection.socket.close();
            return;
        }
        hub.authenticated(connection, user, seq);
    }

    private void fail(long seq, int status, String id, String message) {
        ObjectNode reply = MattermostJson.JSON.createObjectNode().put("status", "FAIL").put("seq_reply", seq);
        reply.set("error", new MattermostJson.AppError(status, id, message).json(""));
        connection.socket.writeTextMessage(MattermostJson.text(reply));
    }

    static String ok(long seq, ObjectNode data) {
        ObjectNode reply = MattermostJson.JSON.createObjectNode().put("status", "OK").put("seq_reply", seq);
        if (data != null) {
            reply.set("data", data);
        }
        return MattermostJson.text(reply);
    }
}
