package dev.localai.router.rest;

import dev.localai.openai.http.BodyErrors;
import dev.localai.openai.ApiError;
import dev.localai.openai.http.ApiErrors;
import dev.localai.openai.ApiException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The JAX-RS side of the one error shape: every failure of a resource is written as OpenAI's error envelope. */
public class ApiErrorMapper {

    @ServerExceptionMapper
    public Response routerError(ApiException e) {
        Response.ResponseBuilder response = Response.status(e.status()).type(MediaType.APPLICATION_JSON)
                .entity(e.error());
        e.headers().forEach(response::header);
        return response.build();
    }

    @ServerExceptionMapper
    public Response webError(WebApplicationException e, HttpServerRequest request) {
        int status = e.getResponse().getStatus();
        if (status == 400 && e.getCause() instanceof com.fasterxml.jackson.databind.JsonMappingException wrong) {
            return routerError(BodyErrors.wrongType(wrong));
        }
        if (status == 400 && e.getCause() instanceof com.fasterxml.jackson.core.JsonProcessingException broken) {
            return routerError(BodyErrors.notJson(broken, "invalid_json"));
        }
        return routerError(ApiErrors.forStatus(status, request.method() + " " + request.path(),
                "/v1/chat/completions, /v1/messages, /v1/models, /v1/route/explain, /api/* and /admin/keys"));
    }

    /** A JSON body of the wrong shape: the field and the type it needs, in the API's words. */
    @ServerExceptionMapper
    public Response wrongShape(com.fasterxml.jackson.databind.JsonMappingException e) {
        return routerError(BodyErrors.wrongType(e));
    }

    /** The same, taking the place of Quarkus' own mapper (its body is not OpenAI's shape). */
    @ServerExceptionMapper
    public Response mismatched(com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
        return routerError(BodyErrors.wrongType(e));
    }

    @ServerExceptionMapper
    public Response invalidFormat(com.fasterxml.jackson.databind.exc.InvalidFormatException e) {
        return routerError(BodyErrors.wrongType(e));
    }

    /** A body that is not JSON. */
    @ServerExceptionMapper
    public Response notJson(com.fasterxml.jackson.core.JsonProcessingException e) {
        return routerError(BodyErrors.notJson(e, "invalid_json"));
    }

    /** PostgreSQL unreachable (logs, costs, keys): the caller may try again; no stack trace, no SQL. */
    @ServerExceptionMapper
    public Response databaseDown(java.sql.SQLException e) {
        org.jboss.logging.Logger.getLogger(ApiErrorMapper.class).warnf("database: %s", e.getMessage());
        return routerError(new ApiException(503, ApiError.of("The router's database is unavailable; try again"
                + " shortly.", ApiError.UNAVAILABLE, null, "database_unavailable"), java.util.Map.of("Retry-After", "5")));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        return routerError(ErrorResponses.toClientError(e));
    }
}
