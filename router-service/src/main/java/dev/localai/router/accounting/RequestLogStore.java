package dev.localai.router.accounting;

import org.postgresql.PGConnection;
import io.agroal.api.AgroalDataSource;
import jakarta.inject.Singleton;

import org.postgresql.copy.CopyIn;
import java.sql.Connection;
import java.sql.Statement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Writes request-log rows to PostgreSQL, a batch in one transaction: {@code COPY} (the batch as UTF-8
 * text lines, handed to the driver as they are) into a session's staging table, then one
 * {@code INSERT … SELECT} into the log. Each row's id is made by the router
 * and a row already there is skipped, so a batch retried after a commit whose answer was lost
 * (PostgreSQL stopped at that moment) never writes a request twice.
 */
@Singleton
public class RequestLogStore {

    private final AgroalDataSource dataSource;
    /**
     * Database sessions (the driver's connections behind the pool's) that have the staging table: it is
     * made once per session, not per batch. Weak, so a session the pool closed is forgotten with it.
     */
    private final Set<PGConnection> staged = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    public RequestLogStore(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void write(List<LogRow> rows) throws SQLException {
        LogColumns.CopyLines lines = new LogColumns.CopyLines(rows.size() * 320);
        for (LogRow row : rows) {
            LogColumns.appendCopyLine(lines, row);
        }
        try (Connection connection = dataSource.getConnection()) {
            boolean auto = connection.getAutoCommit();
            connection.setAutoCommit(false);
            PGConnection session = connection.unwrap(PGConnection.class);
            try (Statement statement = connection.createStatement()) {
                if (!staged.contains(session)) {
                    statement.execute(LogColumns.STAGING);
                }
                CopyIn copy = session.getCopyAPI().copyIn(LogColumns.COPY);
                try {
                    copy.writeToCopy(lines.bytes(), 0, lines.length());
                    copy.endCopy();
                } finally {
                    if (copy.isActive()) {
                        copy.cancelCopy();
                    }
                }
                statement.executeUpdate(LogColumns.MOVE);
                connection.commit();
                staged.add(session);
            } catch (SQLException e) {
                staged.remove(session);      // whatever failed, the next batch on this session makes sure of the table
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
