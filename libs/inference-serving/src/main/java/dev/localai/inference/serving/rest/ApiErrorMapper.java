package dev.localai.inference.serving.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.localai.inference.serving.ClientError;
import dev.localai.openai.ApiError;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The JAX-RS side of the one error shape. */
public class ApiErrorMapper {

    @ServerExceptionMapper
    public Response badJson(JsonProcessingException e) {
        return response(ClientError.badRequest("We could not parse the JSON body of your request: "
                + e.getOriginalMessage(), null));
    }

    @ServerExceptionMapper
    public Response webError(WebApplicationException e, HttpServerRequest request) {
        int status = e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException json) {
            return badJson(json);
        }
        String call = request.method() + " " + request.path();
        ApiError error = switch (status) {
            case 404 -> ApiError.invalidRequest("Unknown request URL: " + call, null, "unknown_url");
            case 405 -> ApiError.invalidRequest("Method not allowed: " + call, null, "method_not_allowed");
            case 415 -> ApiError.invalidRequest("Unsupported content type; send application/json", null, null);
            case 400 -> ApiError.invalidRequest("The request body is not valid: " + e.getMessage(), null, null);
            default -> ApiError.of("The request could not be handled: " + e.getMessage(),
                    status >= 500 ? ApiError.SERVER_ERROR : ApiError.INVALID_REQUEST, null, null);
        };
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(error).build();
    }

    @ServerExceptionMapper
    public Response anyOther(Exception e) {
        return response(ClientError.of(e));
    }

    public static Response response(ClientError error) {
        Response.ResponseBuilder response = Response.status(error.status()).type(MediaType.APPLICATION_JSON)
                .entity(error.error());
        error.headers().forEach(response::header);
        return response.build();
    }
}
