package dev.localai.standins.mattermost;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A WebSocket event as Mattermost frames it ({@code model.WebSocketEvent}):
 * {@code {"event","data","broadcast":{"omit_users","user_id","channel_id","team_id",...},"seq"}}.
 */
record SocketEvent(String event, ObjectNode data, String channelId, String userId) {

    static SocketEvent hello(String connectionId, String userId) {
        ObjectNode data = MattermostJson.JSON.createObjectNode().put("server_version", MattermostJson.SERVER_VERSION)
                .put("connection_id", connectionId);
        return new SocketEvent("hello", data, "", userId);
    }

    String json(long seq) {
        ObjectNode json = MattermostJson.JSON.createObjectNode().put("event", event);
        json.set("data", data);
        json.putObject("broadcast").putNull("omit_users").put("user_id", userId).put("channel_id", channelId)
                .put("team_id", "").put("connection_id", "").put("omit_connection_id", "");
        json.put("seq", seq);
        return MattermostJson.text(json);
    }
}
