package dev.localai.router.accounting;

import org.postgresql.PGConnection;
import io.agroal.api.AgroalDataSource;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.Statement;
import java.sql.SQLException;
import java.util.List;

/**
 * Writes request-log rows to PostgreSQL, a batch in one transaction: {@code COPY} into a session's
 * staging table, then one {@code INSERT … SELECT} into the log. Each row's id is made by the router
 * and a row already there is skipped, so a batch retried after a commit whose answer was lost
 * (PostgreSQL stopped at that moment) never writes a request twice.
 */
@Singleton
public class RequestLogStore {

    private final AgroalDataSource dataSource;

    public RequestLogStore(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void write(List<LogRow> rows) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            boolean auto = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute(LogColumns.STAGING);
                StringBuilder lines = new StringBuilder(rows.size() * 256);
                for (LogRow row : rows) {
                    LogColumns.appendCopyLine(lines, row);
                }
                connection.unwrap(PGConnection.class).getCopyAPI().copyIn(LogColumns.COPY, new StringReader(lines.toString()));
                statement.executeUpdate(LogColumns.MOVE);
                connection.commit();
            } catch (SQLException | IOException e) {
                try {
                    connection.rollback();
                } catch (SQLException ignored) {
                    // the connection is gone; the pool drops it
                }
                throw e instanceof SQLException sql ? sql
                        : new SQLException("copying the batch to PostgreSQL failed: " + e.getMessage(), "08006", e);
            } finally {
                try {
                    connection.setAutoCommit(auto);
                } catch (SQLException ignored) {
                    // as above
                }
            }
        }
    }
}
