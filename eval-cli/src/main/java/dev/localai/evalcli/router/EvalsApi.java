package dev.localai.evalcli.router;

import dev.localai.evalcli.EvalRun;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** The router's eval API (router-service, package {@code evals}); the base URL and key are the user's, at run time. */
@Path("/api/evals")
interface EvalsApi {

    @POST
    @Consumes("text/csv")
    @Produces(MediaType.APPLICATION_JSON)
    EvalRun start(@QueryParam("name") String name, @QueryParam("policies") String policies,
                  @QueryParam("reference") String reference, @QueryParam("thresholds") String thresholds,
                  @QueryParam("target") Double target, @QueryParam("concurrency") Integer concurrency,
                  @QueryParam("timeout") Integer timeout, @QueryParam("judge") String judge,
                  @QueryParam("stream") Boolean stream, String csv);

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    EvalRun run(@PathParam("id") String id);

    /** The same run JSON as text, as the router wrote it, for report.json. */
    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    String runJson(@PathParam("id") String id);

    @POST
    @Path("{id}/cancel")
    @Produces(MediaType.APPLICATION_JSON)
    EvalRun cancel(@PathParam("id") String id);

    @GET
    @Path("{id}/report.html")
    @Produces(MediaType.TEXT_HTML)
    String report(@PathParam("id") String id);
}
