package dev.localai.router.accounting;

import io.agroal.api.AgroalDataSource;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Writes request-log rows to PostgreSQL, a batch in one transaction. Each row's id is made by the
 * router and a row already there is skipped, so a batch retried after a commit whose answer was
 * lost (PostgreSQL stopped at that moment) never writes a request twice.
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
            try (PreparedStatement insert = connection.prepareStatement(LogColumns.INSERT)) {
                for (LogRow row : rows) {
                    LogColumns.bind(insert, row);
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
}
