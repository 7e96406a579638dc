package dev.localai.router.console;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.localai.openai.ApiError;
import dev.localai.openai.ApiException;
import io.agroal.api.AgroalDataSource;
import jakarta.inject.Singleton;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The console's conversations in PostgreSQL ({@code conversation}, {@code conversation_message}), always
 * read and written for one owner: a conversation of another owner does not exist for the caller (404).
 */
@Singleton
public class ChatStore {

    static final int MAX_TITLE = 120;

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Conversation(UUID id, String title, boolean titled, String model, boolean forceLocal,
                               Instant createdAt, Instant updatedAt, List<Message> messages) {
    }

    /**
     * One message. An answer's {@code costUsd} comes from its request's row in the request log (null until
     * that row is written).
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Message(int seq, String role, String content, UUID requestId, String backend, String model,
                          Integer promptTokens, Integer completionTokens, Double tokensPerSecond, boolean stopped,
                          String error, Instant createdAt, BigDecimal costUsd) {
        Message withCost(BigDecimal cost, Integer prompt, Integer completion) {
            return new Message(seq, role, content, requestId, backend, model, prompt, completion, tokensPerSecond,
                    stopped, error, createdAt, cost);
        }
    }

    private final AgroalDataSource dataSource;

    public ChatStore(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The owner's conversations, newest first; {@code query} matches titles and message text. */
    public List<Conversation> list(String owner, String query) throws SQLException {
        String sql = "select id, title, titled, model, force_local, created_at, updated_at from conversation c"
                + " where owner = ?" + (query == null ? "" : " and (title ilike ? or exists (select 1 from"
                + " conversation_message m where m.conversation_id = c.id and m.content ilike ?))")
                + " order by updated_at desc, id limit 500";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, owner);
            if (query != null) {
                String like = "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
                s.setString(2, like);
                s.setString(3, like);
            }
            List<Conversation> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(conversation(r, List.of()));
                }
            }
            return out;
        }
    }

    public Conversation create(String owner, String model, boolean forceLocal) throws SQLException {
        UUID id = UUID.randomUUID();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "insert into conversation (id, owner, model, force_local) values (?, ?, ?, ?)")) {
            s.setObject(1, id);
            s.setString(2, owner);
            s.setString(3, model(model));
            s.setBoolean(4, forceLocal);
            s.executeUpdate();
        }
        return get(owner, id);
    }

    /** One conversation with its messages; 404 when the owner has none by that id. */
    public Conversation get(String owner, UUID id) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            Conversation head;
            try (PreparedStatement s = c.prepareStatement("select id, title, titled, model, force_local, created_at,"
                    + " updated_at from conversation where owner = ? and id = ?")) {
                s.setString(1, owner);
                s.setObject(2, id);
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        throw notFound(id);
                    }
                    head = conversation(r, List.of());
                }
            }
            List<Message> messages = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("select seq, role, content, request_id, backend, model,"
                    + " prompt_tokens, completion_tokens, tokens_per_second, stopped, error, created_at"
                    + " from conversation_message where conversation_id = ? order by seq")) {
                s.setObject(1, id);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        messages.add(new Message(r.getInt(1), r.getString(2), r.getString(3),
                                r.getObject(4, UUID.class), r.getString(5), r.getString(6),
                                (Integer) r.getObject(7), (Integer) r.getObject(8), (Double) r.getObject(9),
                                r.getBoolean(10), r.getString(11), r.getTimestamp(12).toInstant(), null));
                    }
                }
            }
            return new Conversation(head.id(), head.title(), head.titled(), head.model(), head.forceLocal(),
                    head.createdAt(), head.updatedAt(), messages);
        }
    }

    /** Renames (a title set by a person is never replaced by the generated one) and keeps the settings. */
    public Conversation update(String owner, UUID id, String title, String model, Boolean forceLocal)
            throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "update conversation set title = coalesce(?, title), titled = titled or ? is not null,"
                        + " model = coalesce(?, model), force_local = coalesce(?, force_local), updated_at = now()"
                        + " where owner = ? and id = ?")) {
            String t = title == null ? null : title(title);
            s.setString(1, t);
            s.setString(2, t);
            s.setString(3, model == null ? null : model(model));
            if (forceLocal == null) {
                s.setNull(4, Types.BOOLEAN);
            } else {
                s.setBoolean(4, forceLocal);
            }
            s.setString(5, owner);
            s.setObject(6, id);
            if (s.executeUpdate() == 0) {
                throw notFound(id);
            }
        }
        return get(owner, id);
    }

    public void delete(String owner, UUID id) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "delete from conversation where owner = ? and id = ?")) {
            s.setString(1, owner);
            s.setObject(2, id);
            if (s.executeUpdate() == 0) {
                throw notFound(id);
            }
        }
    }

    /**
     * Adds a message at the end, or at {@code fromSeq} replacing that message and all after it (regenerate,
     * edit and resend). Returns the conversation as it is now.
     */
    public Conversation put(String owner, UUID id, Integer fromSeq, Message m) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement s = c.prepareStatement(
                        "select 1 from conversation where owner = ? and id = ? for update")) {
                    s.setString(1, owner);
                    s.setObject(2, id);
                    try (ResultSet r = s.executeQuery()) {
                        if (!r.next()) {
                            throw notFound(id);
                        }
                    }
                }
                if (fromSeq != null) {
                    try (PreparedStatement s = c.prepareStatement(
                            "delete from conversation_message where conversation_id = ? and seq >= ?")) {
                        s.setObject(1, id);
                        s.setInt(2, fromSeq);
                        s.executeUpdate();
                    }
                }
                try (PreparedStatement s = c.prepareStatement("insert into conversation_message (conversation_id, seq,"
                        + " role, content, request_id, backend, model, prompt_tokens, completion_tokens,"
                        + " tokens_per_second, stopped, error) select ?, coalesce(max(seq) + 1, 0), ?, ?, ?, ?, ?, ?, ?,"
                        + " ?, ?, ? from conversation_message where conversation_id = ?")) {
                    s.setObject(1, id);
                    s.setString(2, m.role());
                    s.setString(3, m.content());
                    s.setObject(4, m.requestId());
                    s.setString(5, m.backend());
                    s.setString(6, m.model());
                    s.setObject(7, m.promptTokens(), Types.INTEGER);
                    s.setObject(8, m.completionTokens(), Types.INTEGER);
                    s.setObject(9, m.tokensPerSecond(), Types.DOUBLE);
                    s.setBoolean(10, m.stopped());
                    s.setString(11, m.error());
                    s.setObject(12, id);
                    s.executeUpdate();
                }
                try (PreparedStatement s = c.prepareStatement(
                        "update conversation set updated_at = now() where id = ?")) {
                    s.setObject(1, id);
                    s.executeUpdate();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        return get(owner, id);
    }

    /** Sets the generated title, unless a person named the conversation meanwhile. */
    public boolean generatedTitle(UUID id, String title) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "update conversation set title = ?, titled = true where id = ? and not titled")) {
            s.setString(1, title(title));
            s.setObject(2, id);
            return s.executeUpdate() == 1;
        }
    }

    private static Conversation conversation(ResultSet r, List<Message> messages) throws SQLException {
        return new Conversation(r.getObject(1, UUID.class), r.getString(2), r.getBoolean(3), r.getString(4),
                r.getBoolean(5), r.getTimestamp(6).toInstant(), r.getTimestamp(7).toInstant(), messages);
    }

    static String title(String title) {
        String t = title.strip().replaceAll("\\s+", " ");
        if (t.isEmpty()) {
            throw ApiException.badRequest("A title cannot be empty.", "title", "invalid_value");
        }
        return t.length() > MAX_TITLE ? t.substring(0, MAX_TITLE) : t;
    }

    private static String model(String model) {
        String m = model == null || model.isBlank() ? "auto" : model.strip();
        if (m.length() > 200) {
            throw ApiException.badRequest("'model' is too long.", "model", "invalid_value");
        }
        return m;
    }

    static ApiException notFound(Object id) {
        return new ApiException(404, ApiError.of("No conversation '" + id + "'.", ApiError.INVALID_REQUEST, "id",
                "not_found"));
    }

    static Optional<UUID> uuid(String id) {
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
