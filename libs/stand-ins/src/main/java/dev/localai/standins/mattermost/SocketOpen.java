package dev.localai.standins.mattermost;

/**
 * One WebSocket the {@link MattermostStub} accepted (or closed at once), as the client asked for it and as the server
 * answered.
 *
 * @param user                 the authenticated user's name; null while not authenticated
 * @param askedConnectionId    the {@code connection_id} query parameter; null when absent
 * @param askedSequenceNumber  the {@code sequence_number} query parameter; null when absent
 * @param connectionId         the connection id in force after the handshake; null for a socket closed at once
 * @param outcome              {@link Outcome what happened}
 */
public record SocketOpen(String user, String askedConnectionId, String askedSequenceNumber, String connectionId,
                         Outcome outcome) {

    /** How the server treated the socket, as {@code web_conn.go} and {@code web_hub.go} do. */
    public enum Outcome {
        /** A new connection: {@code hello} with a new connection id and {@code seq} 0. */
        NEW,
        /** A known connection whose wanted {@code seq} was still kept: missed events replayed, no {@code hello}. */
        REPLAYED,
        /** A known connection that had missed nothing: events continue, no {@code hello}. */
        RESUMED,
        /** A known connection that had missed events no longer kept: new connection id, {@code seq} 0, {@code hello}. */
        LOST,
        /** Not authenticated yet: waiting for {@code authentication_challenge}. */
        WAITING_FOR_CHALLENGE,
        /** Closed at once: {@code connection_id} without a valid {@code sequence_number}, or an invalid id. */
        CLOSED
    }
}
