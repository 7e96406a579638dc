package dev.localai.inference.serving.rest;

import dev.localai.inference.serving.ClientError;
import dev.localai.openai.ApiError;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

import java.util.Map;

/**
 * Reads the body of a request Quarkus hands a raw route (paused), up to a limit: a larger declared
 * {@code Content-Length} is refused before a byte is read, a larger chunked body as soon as it passes.
 */
public final class RequestBody {

    public static final long MAX_BYTES = 8L * 1024 * 1024;

    private RequestBody() {
    }

    public static Future<byte[]> read(HttpServerRequest request) {
        String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null && declared.trim().matches("\\d{1,18}") && Long.parseLong(declared.trim()) > MAX_BYTES) {
            return Future.failedFuture(tooLarge());
        }
        Promise<byte[]> body = Promise.promise();
        Buffer received = Buffer.buffer();
        request.handler(chunk -> {
            if (received.length() + chunk.length() > MAX_BYTES) {
                body.tryFail(tooLarge());
            } else {
                received.appendBuffer(chunk);
            }
        });
        request.endHandler(end -> body.tryComplete(received.getBytes()));
        request.exceptionHandler(body::tryFail);
        request.resume();
        return body.future();
    }

    private static ClientError tooLarge() {
        return new ClientError(413, ApiError.invalidRequest("The request body is larger than " + MAX_BYTES / 1024 / 1024
                + " MB", null, "request_too_large"), Map.of("Connection", "close"));
    }
}
