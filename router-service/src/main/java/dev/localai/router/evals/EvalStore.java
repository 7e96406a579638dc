package dev.localai.router.evals;

import io.agroal.api.AgroalDataSource;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Eval runs and their answers in PostgreSQL ({@code eval_runs}, {@code eval_results}; Flyway V6). An answer's
 * cost and escalations are read from the request log row of its request, so they are the figures the router
 * accounts everything by. A run is {@code running} while its router's heartbeat is fresh; one whose router
 * stopped is marked {@code failed} when it is next read.
 */
@Singleton
public class EvalStore {

    /** A run without a heartbeat for this long lost its router. */
    static final Duration STALE = Duration.ofSeconds(60);

    /** A run as stored; JSON columns as text. {@code done}: answers stored so far. */
    public record Run(UUID id, String name, String status, Instant createdAt, Instant finishedAt, String settings,
                      String csvErrors, int prompts, int total, int done, String error, String summary) {
    }

    private static final String RUN_COLUMNS = "r.id, r.name, r.status, r.created_at, r.finished_at, r.settings::text,"
            + " r.csv_errors::text, r.prompts, r.total, (select count(*) from eval_results x where x.run_id = r.id),"
            + " r.error, r.summary::text, r.heartbeat_at";

    private final AgroalDataSource dataSource;

    public EvalStore(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    void create(UUID id, String name, String settings, String csvErrors, int prompts, int total) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("insert into eval_runs (id, name, status, created_at, settings,"
                     + " csv_errors, prompts, total, heartbeat_at) values (?, ?, 'running', now(), ?::jsonb, ?::jsonb, ?, ?,"
                     + " now())")) {
            s.setObject(1, id);
            s.setString(2, name);
            s.setString(3, settings);
            s.setString(4, csvErrors);
            s.setInt(5, prompts);
            s.setInt(6, total);
            s.executeUpdate();
        }
    }

    void result(UUID run, EvalResult r) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("insert into eval_results (run_id, policy, line, passed, check_spec,"
                     + " detail, status, request_id, backend, model, local, latency_ms, ttft_ms, answer, error)"
                     + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing")) {
            s.setObject(1, run);
            s.setString(2, r.policy());
            s.setInt(3, r.line());
            s.setBoolean(4, r.passed());
            s.setString(5, r.check());
            s.setString(6, text(r.detail()));
            s.setInt(7, r.status());
            s.setObject(8, r.requestId());
            s.setString(9, r.backend());
            s.setString(10, r.model());
            s.setBoolean(11, r.local());
            setDouble(s, 12, r.latencyMs());
            setDouble(s, 13, r.ttftMs());
            s.setString(14, text(r.answer()));
            s.setString(15, text(r.error()));
            s.executeUpdate();
        }
    }

    /** Keeps the run's heartbeat fresh; returns its status as stored (another router may have cancelled it). */
    Optional<String> heartbeat(UUID run) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("update eval_runs set heartbeat_at = now() where id = ?"
                     + " returning status")) {
            s.setObject(1, run);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
            }
        }
    }

    /** Ends a running run; false when it had ended already (cancelled elsewhere, or deleted). */
    boolean finish(UUID run, String status, String error, String summary) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("update eval_runs set status = ?, error = ?, summary = ?::jsonb,"
                     + " finished_at = now() where id = ? and status = 'running'")) {
            s.setString(1, status);
            s.setString(2, error);
            s.setString(3, summary);
            s.setObject(4, run);
            return s.executeUpdate() == 1;
        }
    }

    /** The summary of a run that has ended (a cancelled run's, written after its calls stopped). */
    void summary(UUID run, String summary) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("update eval_runs set summary = ?::jsonb where id = ?")) {
            s.setString(1, summary);
            s.setObject(2, run);
            s.executeUpdate();
        }
    }

    /** Marks a running run cancelled (its router stops its calls at its next heartbeat, or at once if it is this one). */
    boolean cancel(UUID run) throws SQLException {
        return finish(run, "cancelled", null, null);
    }

    public List<Run> list(int limit) throws SQLException {
        List<Run> runs = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("select " + RUN_COLUMNS + " from eval_runs r"
                     + " order by r.created_at desc, r.id limit ?")) {
            s.setInt(1, limit);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    runs.add(run(c, r));
                }
            }
        }
        return runs;
    }

    public Optional<Run> get(UUID id) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("select " + RUN_COLUMNS + " from eval_runs r where r.id = ?")) {
            s.setObject(1, id);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(run(c, r)) : Optional.empty();
            }
        }
    }

    /** A run's answers in CSV order, then policy; cost and escalations from the request log. */
    public List<EvalResult> results(UUID run) throws SQLException {
        List<EvalResult> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("select e.line, e.policy, e.passed, e.check_spec, e.detail, e.status,"
                     + " e.request_id, e.backend, e.model, e.local, e.latency_ms, e.ttft_ms, l.cost_usd, l.escalations,"
                     + " e.answer, e.error from eval_results e left join request_log l on l.id = e.request_id"
                     + " where e.run_id = ? order by e.line, e.policy")) {
            s.setObject(1, run);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(new EvalResult(r.getInt(1), r.getString(2), r.getBoolean(3), r.getString(4), r.getString(5),
                            r.getInt(6), r.getObject(7, UUID.class), r.getString(8), r.getString(9), r.getBoolean(10),
                            getDouble(r, 11), getDouble(r, 12), r.getBigDecimal(13), (Integer) r.getObject(14),
                            r.getString(15), r.getString(16)));
                }
            }
        }
        return out;
    }

    /** How many of these requests the request log holds yet. */
    int logged(List<UUID> requests) throws SQLException {
        if (requests.isEmpty()) {
            return 0;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("select count(*) from request_log where id = any (?)")) {
            s.setArray(1, c.createArrayOf("uuid", requests.toArray()));
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    public boolean delete(UUID id) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("delete from eval_runs where id = ?")) {
            s.setObject(1, id);
            return s.executeUpdate() == 1;
        }
    }

    /** Reads a run; a running one whose heartbeat is stale is marked failed first. */
    private Run run(Connection c, ResultSet r) throws SQLException {
        UUID id = r.getObject(1, UUID.class);
        String status = r.getString(3);
        String error = r.getString(11);
        Instant heartbeat = r.getTimestamp(13).toInstant();
        Timestamp finished = r.getTimestamp(5);
        if ("running".equals(status) && heartbeat.isBefore(Instant.now().minus(STALE))) {
            try (PreparedStatement s = c.prepareStatement("update eval_runs set status = 'failed', error = ?,"
                    + " finished_at = now() where id = ? and status = 'running'")) {
                error = "the router running it stopped (no heartbeat since " + heartbeat + ")";
                s.setString(1, error);
                s.setObject(2, id);
                s.executeUpdate();
            }
            status = "failed";
            finished = Timestamp.from(Instant.now());
        }
        return new Run(id, r.getString(2), status, r.getTimestamp(4).toInstant(),
                finished == null ? null : finished.toInstant(), r.getString(6), r.getString(7), r.getInt(8), r.getInt(9),
                r.getInt(10), error, r.getString(12));
    }

    private static String text(String s) {
        return s == null ? null : s.replace('\u0000', '\uFFFD');
    }

    private static void setDouble(PreparedStatement s, int i, Double value) throws SQLException {
        if (value == null) {
            s.setNull(i, Types.DOUBLE);
        } else {
            s.setDouble(i, value);
        }
    }

    private static Double getDouble(ResultSet r, int i) throws SQLException {
        double d = r.getDouble(i);
        return r.wasNull() ? null : d;
    }
}
