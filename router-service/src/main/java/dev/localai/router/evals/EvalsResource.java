package dev.localai.router.evals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.localai.openai.ApiError;
import dev.localai.openai.ApiException;
import dev.localai.router.config.RouterConfig;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.net.URI;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Eval runs ({@code evals/README.md} at the top of the project has the CSV format): {@code POST /api/evals}
 * starts one from a CSV body (202 and the run), {@code GET /api/evals} lists them, {@code GET /api/evals/{id}}
 * shows one with its progress, table, recommendation and answers, {@code POST /api/evals/{id}/cancel} stops it,
 * {@code GET /api/evals/{id}/report.html} is its report, {@code DELETE /api/evals/{id}} removes it. Under
 * {@code /api}: the admin key (or the console's admin login) when one is set.
 */
@Path("/api/evals")
@Produces(MediaType.APPLICATION_JSON)
public class EvalsResource {

    private static final SecureRandom NONCES = new SecureRandom();

    /** The local policy's model when the routing file has this alias (the shipped one does: the 3070, then the 3090). */
    static final String LOCAL_ALIAS = "local";

    private final EvalRunner runner;
    private final dev.localai.router.routing.RoutingTableHolder routing;
    private final EvalStore store;
    private final EvalViews views;
    private final ObjectMapper json;
    private final String reference;

    public EvalsResource(EvalRunner runner, EvalStore store, EvalViews views, ObjectMapper json, RouterConfig config,
                         dev.localai.router.routing.RoutingTableHolder routing) {
        this.runner = runner;
        this.routing = routing;
        this.store = store;
        this.views = views;
        this.json = json;
        this.reference = config.savings().reference();
    }

    public record ListPage(String object, List<EvalView> data) {
    }

    @POST
    @Consumes({"text/csv", MediaType.TEXT_PLAIN, "application/csv", MediaType.APPLICATION_OCTET_STREAM})
    @Operation(operationId = "startEvalRun", summary = "Start an eval run from a CSV of prompts")
    public Response start(String csv, @QueryParam("name") String name, @QueryParam("policies") String policies,
                          @QueryParam("reference") String ref, @QueryParam("local") String local,
                          @QueryParam("thresholds") String thresholds,
                          @QueryParam("target") String target, @QueryParam("concurrency") String concurrency,
                          @QueryParam("timeout") String timeout, @QueryParam("judge") String judge,
                          @QueryParam("stream") String stream, @Context HttpServerRequest request) throws SQLException {
        EvalSettings settings = EvalSettings.of(policies, ref, local, thresholds, target, concurrency, timeout, judge,
                stream, reference, routing.table().aliases().containsKey(LOCAL_ALIAS) ? LOCAL_ALIAS : null);
        EvalCsv.Parsed parsed = EvalCsv.parse(csv);
        String runName = name == null || name.isBlank() ? "eval " + Instant.now().toString().substring(0, 19) + "Z"
                : name.strip();
        if (runName.length() > 200) {
            throw ApiException.badRequest("'name' is longer than 200 characters.", "name", "invalid_value");
        }
        UUID id = runner.start(runName, parsed, settings, self(request));
        return Response.status(202).location(URI.create("/api/evals/" + id)).entity(views.get(id.toString(), false)).build();
    }

    @GET
    @Operation(operationId = "listEvalRuns", summary = "List eval runs, newest first")
    public ListPage list() throws SQLException {
        return new ListPage("list", views.list(100));
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getEvalRun", summary = "One eval run: progress, the table per policy, the recommendation and every answer")
    public EvalView one(@PathParam("id") String id) throws SQLException {
        return views.get(id, true);
    }

    @POST
    @Path("/{id}/cancel")
    @Operation(operationId = "cancelEvalRun", summary = "Cancel a running eval run")
    public EvalView cancel(@PathParam("id") String id) throws SQLException {
        UUID run = uuid(id);
        EvalStore.Run stored = store.get(run).orElseThrow(() -> EvalViews.notFound(id));
        if (!runner.cancel(run)) {
            throw new ApiException(409, ApiError.of("Eval run '" + id + "' is " + stored.status() + " already; only a"
                    + " running one can be cancelled.", ApiError.INVALID_REQUEST, null, "run_not_running"));
        }
        return views.get(id, false);
    }

    @GET
    @Path("/{id}/report.html")
    @Produces(MediaType.TEXT_HTML)
    @Operation(operationId = "getEvalReport", summary = "An eval run's report as one self-contained HTML page")
    public Response report(@PathParam("id") String id) throws SQLException {
        EvalView run = views.get(id, true);
        if ("running".equals(run.status())) {
            throw new ApiException(409, ApiError.of("Eval run '" + id + "' is still running (" + run.progress().done()
                    + " of " + run.progress().total() + " answers); its report is made when it ends.",
                    ApiError.INVALID_REQUEST, null, "run_not_finished"));
        }
        byte[] bytes = new byte[16];
        NONCES.nextBytes(bytes);
        String nonce = Base64.getEncoder().encodeToString(bytes);
        return Response.ok(EvalReport.html(run, json, nonce), "text/html; charset=utf-8")
                .header("Content-Security-Policy", EvalReport.csp(nonce)).header("X-Content-Type-Options", "nosniff")
                .header("Cache-Control", "no-store").build();
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "deleteEvalRun", summary = "Delete an eval run (a running one is cancelled first)")
    public Response delete(@PathParam("id") String id) throws SQLException {
        UUID run = uuid(id);
        if (runner.runsHere(run)) {
            runner.cancel(run);
        }
        if (!store.delete(run)) {
            throw EvalViews.notFound(id);
        }
        return Response.noContent().build();
    }

    /** This router's own address, as the request reached it: the runner's calls go there. */
    private static URI self(HttpServerRequest request) {
        String host = request.localAddress().host();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create((request.isSSL() ? "https" : "http") + "://" + host + ":" + request.localAddress().port());
    }

    private static UUID uuid(String id) {
        return EvalViews.uuid(id);
    }
}
