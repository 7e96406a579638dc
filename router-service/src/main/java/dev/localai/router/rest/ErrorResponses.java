package dev.localai.router.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.localai.openai.ApiException;
import dev.localai.openai.http.ApiErrors;
import dev.localai.router.RouterErrors;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.context.ApplicationScoped;


/**
 * Every failure a client of a raw route sees, through the one writer ({@link ApiErrors}). An
 * {@link ApiException} is written as it says; anything else is a router bug: it is logged with a
 * reference and the client gets a short 500 with that reference, never a stack trace.
 */
@ApplicationScoped
public class ErrorResponses {

    private final ObjectMapper json;

    public ErrorResponses(ObjectMapper json) {
        this.json = json;
    }

    /** Maps any failure to the exception a client is shown. */
    public static ApiException toClientError(Throwable failure) {
        return RouterErrors.forClient(failure);
    }

    public void write(HttpServerResponse response, Throwable failure) {
        ApiErrors.write(response, toClientError(failure), json);
    }
}
