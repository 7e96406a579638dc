package dev.localai.opencode.health;

import dev.localai.opencode.supervisor.OpencodeState;
import dev.localai.opencode.supervisor.OpencodeStatus;
import dev.localai.opencode.supervisor.OpencodeSupervisor;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while OpenCode is READY; the data says its state and since when, restarts so far, its version and
 * address, the last failure, and served models whose OpenCode model it lacks (no credentials).
 */
@Readiness
@ApplicationScoped
public class OpencodeReadiness implements HealthCheck {

    private final OpencodeSupervisor supervisor;

    public OpencodeReadiness(OpencodeSupervisor supervisor) {
        this.supervisor = supervisor;
    }

    @Override
    public HealthCheckResponse call() {
        OpencodeStatus status = supervisor.status();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("opencode")
                .status(status.state() == OpencodeState.READY)
                .withData("state", status.state().name())
                .withData("since", status.since().toString())
                .withData("restarts", status.restarts());
        if (status.version() != null) {
            response.withData("version", status.version());
        }
        if (status.url() != null) {
            response.withData("url", status.url());
        }
        if (status.lastError() != null) {
            response.withData("lastError", status.lastError());
        }
        if (!status.missingModels().isEmpty()) {
            response.withData("missingModels", String.join(", ", status.missingModels()));
        }
        return response.build();
    }
}
