package dev.localai.gamingpc.rest;

import dev.localai.gamingpc.status.StatusReport;
import dev.localai.gamingpc.status.StatusView;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /status}: gaming mode, models, idleness, in-flight requests, GPU memory, game detection. */
@Path("/status")
@Produces(MediaType.APPLICATION_JSON)
public class StatusResource {

    private final StatusReport report;

    public StatusResource(StatusReport report) {
        this.report = report;
    }

    @GET
    public StatusView status() {
        return report.now();
    }
}
