package dev.localai.gamingpc.rest;

import dev.localai.openai.ApiException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.localai.gamingpc.gaming.GamingMode;
import dev.localai.gamingpc.gaming.GamingModeState;
import dev.localai.gamingpc.gaming.ModelStopper;
import dev.localai.gamingpc.generation.ActiveRequests;
import dev.localai.gamingpc.status.StatusReport;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code POST /gaming-mode} with {@code {"enabled": true|false}} (on: every model is unloaded) and
 * {@code POST /stop-all} (every model unloaded now). They need the
 * bearer token when one is configured ({@code ControlAuth}). Both answer the new {@code /status} and, under
 * {@code stopped}, what they unloaded, left pending and cancelled ({@link ControlAnswer}).
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class ControlResource {

    private final GamingMode gaming;
    private final ModelStopper stopper;
    private final StatusReport report;

    public ControlResource(GamingMode gaming, ModelStopper stopper, StatusReport report) {
        this.gaming = gaming;
        this.stopper = stopper;
        this.report = report;
    }

    @POST
    @Path("gaming-mode")
    @Consumes(MediaType.APPLICATION_JSON)
    public ControlAnswer gamingMode(JsonNode body) {
        if (body == null || !body.path("enabled").isBoolean()) {
            throw ApiException.badRequest("send {\"enabled\": true} or {\"enabled\": false}", "enabled", null);
        }
        ModelStopper.Result stopped = gaming.set(body.get("enabled").asBoolean(), GamingModeState.MANUAL);
        return new ControlAnswer(report.now(), ControlAnswer.Stopped.of(stopped));
    }

    @POST
    @Path("stop-all")
    public ControlAnswer stopAll() {
        ModelStopper.Result stopped = stopper.stopAll(ActiveRequests.Reason.STOP_ALL);
        return new ControlAnswer(report.now(), ControlAnswer.Stopped.of(stopped));
    }
}
