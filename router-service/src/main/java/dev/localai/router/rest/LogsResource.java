package dev.localai.router.rest;

import dev.localai.openai.http.QueryParameters;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.localai.openai.ApiException;
import dev.localai.router.accounting.AccountingQueries;
import dev.localai.router.accounting.LogFilter;
import dev.localai.router.accounting.LogRow;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import org.eclipse.microprofile.openapi.annotations.Operation;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The request log: {@code GET /api/logs} (newest first, paged) and {@code GET /api/logs/export} (JSON lines). */
@Path("/api/logs")
public class LogsResource {

    private static final int MAX_PAGE_SIZE = 500;

    private final AccountingQueries queries;
    private final ObjectMapper json;

    public LogsResource(AccountingQueries queries, ObjectMapper json) {
        this.queries = queries;
        this.json = json;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listRequestLog", summary = "Pages through the request log, newest first")
    public AccountingQueries.LogPage list(@QueryParam("from") String from, @QueryParam("to") String to,
                                          @QueryParam("backend") String backend, @QueryParam("key") String key,
                                          @QueryParam("status") String status,
                                          @QueryParam("traffic") @DefaultValue("all") String traffic,
                                          @QueryParam("page") @DefaultValue("0") String pageText,
                                          @QueryParam("size") @DefaultValue("50") String sizeText)
            throws java.sql.SQLException {
        int page = QueryParameters.integer("page", pageText);
        int size = QueryParameters.integer("size", sizeText);
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw ApiException.badRequest("'page' must be 0 or more and 'size' between 1 and " + MAX_PAGE_SIZE + ".",
                    page < 0 ? "page" : "size", "invalid_value");
        }
        return queries.page(LogFilter.of(from, to, backend, key, status(status), traffic), page, size);
    }

    private static Integer status(String value) {
        return value == null || value.isBlank() ? null : QueryParameters.integer("status", value);
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public LogRow one(@jakarta.ws.rs.PathParam("id") String id) throws java.sql.SQLException {
        return queries.one(id).orElseThrow(() -> new ApiException(404, dev.localai.openai.ApiError.of(
                "No request '" + id + "' in the request log (it may still be on its way there).",
                dev.localai.openai.ApiError.INVALID_REQUEST, "id", "not_found")));
    }

    @GET
    @Path("/export")
    @Produces("application/x-ndjson")
    public Response export(@QueryParam("from") String from, @QueryParam("to") String to,
                           @QueryParam("backend") String backend, @QueryParam("key") String key,
                           @QueryParam("status") String status,
                           @QueryParam("traffic") @DefaultValue("all") String traffic) {
        LogFilter filter = LogFilter.of(from, to, backend, key, status(status), traffic);
        StreamingOutput body = out -> {
            try {
                queries.export(filter, line -> {
                    try {
                        out.write(json.writeValueAsBytes(line));
                        out.write('\n');
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (java.sql.SQLException e) {
                throw new IOException("the request log could not be read: " + e.getMessage(), e);
            }
        };
        return Response.ok(body, "application/x-ndjson")
                .header("Content-Disposition", "attachment; filename=\"request-log.jsonl\"")
                .encoding(StandardCharsets.UTF_8.name()).build();
    }
}
