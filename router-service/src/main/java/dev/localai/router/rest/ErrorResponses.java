package dev.localai.router.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.localai.router.RouterException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.UUID;

/**
 * Writes every failure a client sees in OpenAI's error shape. A {@link RouterException} is written
 * as it says; anything else is a router bug: it is logged with a reference and the client gets a
 * short 500 with that reference, never a stack trace.
 */
@ApplicationScoped
public class ErrorResponses {

    private static final Logger LOG = Logger.getLogger(ErrorResponses.class);

    private final ObjectMapper json;

    public ErrorResponses(ObjectMapper json) {
        this.json = json;
    }

    /** Maps any failure to the exception a client is shown. */
    public static RouterException toClientError(Throwable failure) {
        if (failure instanceof RouterException known) {
            return known;
        }
        String reference = UUID.randomUUID().toString().substring(0, 8);
        LOG.errorf(failure, "unexpected failure, reference %s", reference);
        return RouterException.internal(reference);
    }

    public void write(HttpServerResponse response, Throwable failure) {
        RouterException error = toClientError(failure);
        if (response.ended() || response.closed()) {
            return;
        }
        if (response.headWritten()) {
            response.reset();            // cannot change a status already sent; never leave the client waiting
            return;
        }
        String body;
        try {
            body = json.writeValueAsString(error.error());
        } catch (JsonProcessingException impossible) {
            body = "{\"error\":{\"message\":\"error\",\"type\":\"server_error\",\"param\":null,\"code\":null}}";
        }
        response.setStatusCode(error.status()).putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        error.headers().forEach(response::putHeader);
        if (error.status() == 413) {
            response.putHeader(HttpHeaders.CONNECTION, "close");    // the rest of the upload is not read
        }
        response.end(body);
    }
}
