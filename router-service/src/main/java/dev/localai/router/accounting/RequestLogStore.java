package dev.localai.router.accounting;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.List;

/**
 * Writes request-log rows to PostgreSQL, a batch in one transaction. Each row's id is made by the
 * router and a row already there is skipped, so a batch retried after a commit whose answer was
 * lost (PostgreSQL stopped at that moment) never writes a request twice.
 */
@ApplicationScoped
public class RequestLogStore {

    private static final String INSERT = "insert into request_log (id, ts, client_key, requested_model, backend,"
            + " served_model, route_reason, tags, task_type, stream, prompt_tokens, completion_tokens, tokens_counted,"
            + " latency_ms, ttft_ms, status, error, partial, cache_hit, cost_usd, saved_usd, prompt_text, answer_text)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (id) do nothing";

    private final AgroalDataSource dataSource;

    public RequestLogStore(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A row as written. */
    public record Row(LoggedRequest request, Costing.Figures figures, boolean keepText) {
    }

    public void write(List<Row> rows) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            boolean auto = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                for (Row row : rows) {
                    bind(insert, row);
                    insert.addBatch();
                }
                insert.executeBatch();
                connection.commit();
            } catch (SQLException e) {
                try {
                    connection.rollback();
                } catch (SQLException ignored) {
                    // the connection is gone; the pool drops it
                }
                throw e;
            } finally {
                try {
                    connection.setAutoCommit(auto);
                } catch (SQLException ignored) {
                    // as above
                }
            }
        }
    }

    private static void bind(PreparedStatement s, Row row) throws SQLException {
        LoggedRequest r = row.request();
        Costing.Figures f = row.figures();
        s.setObject(1, r.id());
        s.setTimestamp(2, Timestamp.from(r.startedAt()));
        s.setString(3, r.clientKey());
        s.setString(4, r.requestedModel());
        s.setString(5, r.backend());
        s.setString(6, r.servedModel());
        s.setString(7, r.reason());
        s.setString(8, r.tags().isEmpty() ? null : r.tags());
        s.setString(9, r.taskType());
        s.setBoolean(10, r.stream());
        s.setInt(11, f.promptTokens());
        s.setInt(12, f.completionTokens());
        s.setBoolean(13, f.counted());
        s.setDouble(14, r.latencyMs());
        if (r.ttftMs() == null) {
            s.setNull(15, Types.DOUBLE);
        } else {
            s.setDouble(15, r.ttftMs());
        }
        s.setInt(16, r.status());
        s.setString(17, r.error());
        s.setBoolean(18, r.partial());
        s.setBoolean(19, r.cacheHit());
        s.setBigDecimal(20, BigDecimal.valueOf(f.cost()));
        s.setBigDecimal(21, BigDecimal.valueOf(f.saved()));
        s.setString(22, row.keepText() ? r.promptText() : null);
        s.setString(23, row.keepText() ? r.answer() : null);
    }
}
