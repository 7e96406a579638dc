package dev.localai.opencode.supervisor;

import java.time.Instant;
import java.util.List;

/**
 * What the supervisor can say about OpenCode, for readiness and errors: its state and since when, how often it
 * was restarted, the last failure, its version and address once it answered, its process id (-1 when it runs
 * elsewhere or not at all) and the served models whose OpenCode model it lacks.
 */
public record OpencodeStatus(OpencodeState state, Instant since, int restarts, String lastError, String version,
                             String url, long pid, List<String> missingModels) {
}
