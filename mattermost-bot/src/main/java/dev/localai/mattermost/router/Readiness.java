package dev.localai.mattermost.router;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the bot reads of the router's {@code GET /q/health/ready}: the {@code backends} check's data, one entry per
 * backend, e.g. {@code "gpu-3070": "up; circuit closed, 0 consecutive failure(s), 0 in flight"}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Readiness(List<Check> checks) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Check(String name, Map<String, Object> data) {
    }

    /** How the router sees {@code backend}: {@code up}, {@code down} or {@code circuit open}; empty when it does not say. */
    public Optional<String> backend(String backend) {
        if (checks == null) {
            return Optional.empty();
        }
        return checks.stream().filter(c -> "backends".equals(c.name()) && c.data() != null)
                .map(c -> c.data().get(backend)).filter(v -> v != null).map(Object::toString).findFirst()
                .map(text -> text.startsWith("down") ? "down" : text.contains("circuit open") ? "circuit open" : "up");
    }
}
