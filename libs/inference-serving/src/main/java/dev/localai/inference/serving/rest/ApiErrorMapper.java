package dev.localai.inference.serving.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.localai.inference.serving.InferenceErrors;
import dev.localai.openai.ApiException;
import dev.localai.openai.http.ApiErrors;
import dev.localai.openai.http.BodyErrors;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The JAX-RS side of the one error shape ({@link ApiException}, worded by the shared {@link ApiErrors} and {@link BodyErrors}). */
public class ApiErrorMapper {

    @ServerExceptionMapper
    public Response wrongShape(JsonMappingException e) {
        return response(BodyErrors.wrongType(e));
    }

    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return response(BodyErrors.wrongType(e));
    }

    @ServerExceptionMapper
    public Response invalidFormat(InvalidFormatException e) {
        return response(BodyErrors.wrongType(e));
    }

    @ServerExceptionMapper
    public Response badJson(JsonProcessingException e) {
        return response(BodyErrors.notJson(e, "invalid_json"));
    }

    @ServerExceptionMapper
    public Response webError(WebApplicationException e, HttpServerRequest request) {
        if (e.getCause() instanceof JsonMappingException wrong) {
            return wrongShape(wrong);
        }
        if (e.getCause() instanceof JsonProcessingException broken) {
            return badJson(broken);
        }
        return response(ApiErrors.forStatus(e.getResponse().getStatus(), request.method() + " " + request.path(), null));
    }

    @ServerExceptionMapper
    public Response anyOther(Exception e) {
        return response(InferenceErrors.of(e));
    }

    public static Response response(ApiException error) {
        Response.ResponseBuilder response = Response.status(error.status()).type(MediaType.APPLICATION_JSON)
                .entity(error.error());
        error.headers().forEach(response::header);
        return response.build();
    }
}
