package dev.localai.inference3070.rest;

import dev.localai.inference3070.health.ModelsReadiness;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code GET /health} in llama-server's shape
 * (https://github.com/ggml-org/llama.cpp/blob/master/tools/server/README.md, "GET /health"): 200
 * {@code {"status":"ok"}} when the service can serve, else 503 with an OpenAI-style error naming each
 * model's state. Supervisors written for {@code llama-server} or vLLM (both answer {@code /health}),
 * including this project's own {@code openai-server} engine, can therefore run this service as a model
 * server. The same verdict as {@code /q/health/ready}.
 */
@Path("/health")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {

    private final ModelsReadiness readiness;

    public HealthResource(@Readiness ModelsReadiness readiness) {
        this.readiness = readiness;
    }

    @GET
    public Response health() {
        HealthCheckResponse check = readiness.call();
        if (check.getStatus() == HealthCheckResponse.Status.UP) {
            return Response.ok(Map.of("status", "ok")).build();
        }
        String models = check.getData().map(d -> d.entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining("; "))).orElse("none configured");
        return Response.status(503).entity(Map.of("error", Map.of("code", 503, "type", "unavailable_error",
                "message", "no model can serve (" + models + ")"))).build();
    }
}
