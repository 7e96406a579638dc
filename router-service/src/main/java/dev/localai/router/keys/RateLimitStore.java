package dev.localai.router.keys;

import io.agroal.api.AgroalDataSource;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/**
 * The minute allowances of {@link SharedRateLimiter} in PostgreSQL ({@code rate_limit_window}). Taking a slice is
 * one conditional UPDATE of the key's row for the minute, which locks it: replicas taking at the same time are
 * served one after the other and together never pass the limit. Rows older than a few minutes are deleted by
 * whichever replica first takes a slice in a new minute.
 */
@Singleton
public class RateLimitStore {

    private static final String CREATE = "insert into rate_limit_window (key_id, minute, granted) values (?, ?, 0)"
            + " on conflict (key_id, minute) do nothing";
    private static final String TAKE = "update rate_limit_window w set granted = w.granted + least(?, ? - w.granted)"
            + " from (select key_id, minute, granted as before from rate_limit_window"
            + "       where key_id = ? and minute = ? for update) p"
            + " where w.key_id = p.key_id and w.minute = p.minute and p.before < ?"
            + " returning w.granted - p.before";
    private static final String FORGET = "delete from rate_limit_window where minute < ?";

    private final AgroalDataSource dataSource;
    private volatile long cleanedFor = -1;

    public RateLimitStore(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Takes up to {@code wanted} of the key's {@code limit} for {@code minute}; returns how many it got. */
    public int take(UUID key, long minute, int wanted, int limit) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            if (cleanedFor < minute) {
                cleanedFor = minute;
                try (PreparedStatement forget = c.prepareStatement(FORGET)) {
                    forget.setLong(1, minute - 5);
                    forget.executeUpdate();
                }
            }
            try (PreparedStatement create = c.prepareStatement(CREATE)) {
                create.setObject(1, key);
                create.setLong(2, minute);
                create.executeUpdate();
            }
            try (PreparedStatement take = c.prepareStatement(TAKE)) {
                take.setInt(1, wanted);
                take.setInt(2, limit);
                take.setObject(3, key);
                take.setLong(4, minute);
                take.setInt(5, limit);
                try (ResultSet taken = take.executeQuery()) {
                    return taken.next() ? taken.getInt(1) : 0;
                }
            }
        }
    }
}
