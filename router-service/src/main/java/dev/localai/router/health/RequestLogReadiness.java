package dev.localai.router.health;

import dev.localai.router.accounting.RequestLog;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * The request-log writer in {@code /q/health/ready}: DOWN while it has stopped or is stuck (until
 * its watchdog has replaced it), UP while it writes or retries; PostgreSQL being down is not a reason
 * to take the router out of service, since rows wait in memory and requests are still answered.
 */
@Readiness
@ApplicationScoped
public class RequestLogReadiness implements HealthCheck {

    private final RequestLog log;

    public RequestLogReadiness(RequestLog log) {
        this.log = log;
    }

    @Override
    public HealthCheckResponse call() {
        RequestLog.Status status = log.state();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("request-log")
                .status(status.state() != RequestLog.WriterState.STALLED
                        && status.state() != RequestLog.WriterState.STOPPED)
                .withData("writer", status.state().name().toLowerCase())
                .withData("pending", status.pending())
                .withData("oldest-pending-seconds", status.oldestPending().toSeconds())
                .withData("writer-restarts", status.restarts());
        if (status.lastError() != null && status.state() == RequestLog.WriterState.RETRYING) {
            response.withData("last-error", status.lastError());
        }
        return response.build();
    }
}
