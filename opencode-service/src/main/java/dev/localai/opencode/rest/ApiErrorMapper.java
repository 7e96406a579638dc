package dev.localai.opencode.rest;

import dev.localai.opencode.BridgeError;
import dev.localai.openai.ApiError;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The JAX-RS side of the one error shape: {@link BridgeError}s and JAX-RS's own 404/405/415 in OpenAI's envelope. */
public class ApiErrorMapper {

    @ServerExceptionMapper
    public Response bridgeError(BridgeError e) {
        Response.ResponseBuilder response = Response.status(e.status()).type(MediaType.APPLICATION_JSON).entity(e.error());
        e.headers().forEach(response::header);
        return response.build();
    }

    @ServerExceptionMapper
    public Response webError(WebApplicationException e, HttpServerRequest request) {
        int status = e.getResponse().getStatus();
        String call = request.method() + " " + request.path();
        ApiError error = switch (status) {
            case 404 -> ApiError.invalidRequest("Unknown request URL: " + call, null, "unknown_url");
            case 405 -> ApiError.invalidRequest("Method not allowed: " + call, null, "method_not_allowed");
            case 406, 415 -> ApiError.invalidRequest("Unsupported media type for " + call + "; use application/json",
                    null, null);
            default -> ApiError.of("The request could not be handled: " + e.getMessage(),
                    status >= 500 ? ApiError.SERVER_ERROR : ApiError.INVALID_REQUEST, null, null);
        };
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(error).build();
    }
}
