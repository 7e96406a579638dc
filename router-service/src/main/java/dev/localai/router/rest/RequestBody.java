package dev.localai.router.rest;

import dev.localai.router.RouterException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * Reads a request body up to a limit. A declared {@code Content-Length} over the limit is refused
 * before a byte is read; a chunked body is refused as soon as it passes the limit, so an oversized
 * upload never fills memory.
 */
final class RequestBody {

    private RequestBody() {
    }

    static Future<Buffer> read(HttpServerRequest request, long maxBytes) {
        String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null) {
            try {
                if (Long.parseLong(declared.trim()) > maxBytes) {
                    return Future.failedFuture(RouterException.tooLarge(maxBytes));
                }
            } catch (NumberFormatException e) {
                return Future.failedFuture(RouterException.badRequest("Content-Length is not a number.", null,
                        "invalid_request"));
            }
        }
        Promise<Buffer> body = Promise.promise();
        Buffer received = Buffer.buffer();
        request.handler(chunk -> {
            if (body.future().isComplete()) {
                return;
            }
            if ((long) received.length() + chunk.length() > maxBytes) {
                body.tryFail(RouterException.tooLarge(maxBytes));
            } else {
                received.appendBuffer(chunk);
            }
        });
        request.endHandler(end -> body.tryComplete(received));
        request.exceptionHandler(body::tryFail);
        request.resume();
        return body.future();
    }
}
