package dev.localai.router.rest;

import dev.localai.openai.ApiError;
import dev.localai.router.RouterException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The JAX-RS side of the one error shape: every failure of a resource is written as OpenAI's error envelope. */
public class ApiErrorMapper {

    @ServerExceptionMapper
    public Response routerError(RouterException e) {
        Response.ResponseBuilder response = Response.status(e.status()).type(MediaType.APPLICATION_JSON)
                .entity(e.error());
        e.headers().forEach(response::header);
        return response.build();
    }

    @ServerExceptionMapper
    public Response webError(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String type = status == 404 ? ApiError.INVALID_REQUEST : status >= 500 ? ApiError.SERVER_ERROR
                : ApiError.INVALID_REQUEST;
        String message = status == 404 ? "Unknown path." : status == 405 ? "Method not allowed on this path."
                : status == 415 ? "Unsupported content type; send application/json."
                : status == 406 ? "This path answers application/json only." : "The request could not be handled.";
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(ApiError.of(message, type, null, null)).build();
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        return routerError(ErrorResponses.toClientError(e));
    }
}
