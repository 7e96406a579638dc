package dev.localai.router.evals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.localai.openai.ApiError;
import dev.localai.openai.ApiException;
import jakarta.inject.Singleton;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Eval runs as they are shown: the stored summary of a run that has ended, or one worked out from the answers
 * in so far (and, with the answers, always from them, so the costs are the request log's latest).
 */
@Singleton
public class EvalViews {

    private final EvalStore store;
    private final ObjectMapper json;

    public EvalViews(EvalStore store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    /** The run {@code id}; a 404 in OpenAI's shape when there is none (or the id is no UUID). */
    public EvalView get(String id, boolean withResults) throws SQLException {
        UUID run = uuid(id);
        return view(store.get(run).orElseThrow(() -> notFound(id)), withResults);
    }

    public List<EvalView> list(int limit) throws SQLException {
        List<EvalView> out = new java.util.ArrayList<>();
        for (EvalStore.Run run : store.list(limit)) {
            out.add(view(run, false));
        }
        return out;
    }

    EvalView view(EvalStore.Run run, boolean withResults) throws SQLException {
        EvalSummary summary = null;
        if (run.summary() != null && !withResults) {
            summary = read(run.summary(), EvalSummary.class);
        }
        List<EvalResult> results = summary == null ? store.results(run.id()) : null;
        if (summary == null) {
            summary = EvalSummary.of(read(run.settings(), EvalSettings.class), results, "done".equals(run.status()));
        }
        return EvalView.of(run, summary, withResults ? results : null);
    }

    private <T> T read(String text, Class<T> type) {
        try {
            return json.readValue(text, type);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a stored eval run cannot be read: " + e.getMessage(), e);
        }
    }

    static UUID uuid(String id) {
        try {
            return UUID.fromString(id == null ? "" : id.strip());
        } catch (IllegalArgumentException e) {
            throw notFound(id);
        }
    }

    static ApiException notFound(String id) {
        return new ApiException(404, ApiError.of("No eval run '" + id + "'.", ApiError.INVALID_REQUEST, "id",
                "not_found"), Map.of());
    }
}
