package dev.localai.router.rest;

import dev.localai.router.RouterException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * Reads a JSON request body up to a limit. Another declared {@code Content-Type} is a 415 (a missing
 * one is taken as JSON). A declared {@code Content-Length} over the limit is refused
 * before a byte is read; a chunked body is refused as soon as it passes the limit, so an oversized
 * upload never fills memory.
 */
final class RequestBody {

    private RequestBody() {
    }

    static Future<Buffer> read(HttpServerRequest request, long maxBytes) {
        String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
        if (type != null && !isJson(type)) {
            return Future.failedFuture(new RouterException(415, dev.localai.openai.ApiError.invalidRequest(
                    "Unsupported Content-Type '" + type.strip() + "': send the body as application/json.", null,
                    "unsupported_media_type")));
        }
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
        request.exceptionHandler(cut -> body.tryFail(RouterException.badRequest("The request body was cut off: the"
                + " connection closed before it was complete.", null, "incomplete_body")));
        request.resume();
        return body.future();
    }

    /** {@code application/json} or a {@code +json} type, with or without parameters such as a charset. */
    static boolean isJson(String contentType) {
        String media = contentType.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
        return media.equals("application/json") || media.startsWith("application/") && media.endsWith("+json");
    }
}
