package dev.localai.openai.http;

import dev.localai.openai.ApiError;
import dev.localai.openai.ApiException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

import java.util.Locale;

/**
 * The one reader of JSON request bodies for every service's raw Vert.x routes (which Quarkus hands
 * over paused), up to a limit. Another declared {@code Content-Type} is a 415 (a missing one is taken
 * as JSON); a {@code Content-Length} that is not a number is a 400; one over the limit is a 413 before
 * a byte is read, and a chunked body is refused as soon as it passes the limit, so an oversized upload
 * never fills memory; a body the client stops sending halfway is a 400.
 */
public final class RequestBodies {

    private RequestBodies() {
    }

    /** @param setting the configuration key of the limit, named in the 413 (or null) */
    public static Future<Buffer> read(HttpServerRequest request, long maxBytes, String setting) {
        String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
        if (type != null && !isJson(type)) {
            return Future.failedFuture(new ApiException(415, ApiError.invalidRequest("Unsupported Content-Type '"
                    + type.strip() + "': send the body as application/json.", null, "unsupported_media_type")));
        }
        String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null) {
            long length;
            try {
                length = Long.parseLong(declared.strip());
            } catch (NumberFormatException e) {
                return Future.failedFuture(ApiException.badRequest("Content-Length is not a number.", null,
                        "invalid_request"));
            }
            if (length > maxBytes) {
                return Future.failedFuture(ApiException.tooLarge(maxBytes, setting));
            }
        }
        Promise<Buffer> body = Promise.promise();
        Buffer received = Buffer.buffer();
        request.handler(chunk -> {
            if (body.future().isComplete()) {
                return;
            }
            if ((long) received.length() + chunk.length() > maxBytes) {
                body.tryFail(ApiException.tooLarge(maxBytes, setting));
            } else {
                received.appendBuffer(chunk);
            }
        });
        request.endHandler(end -> body.tryComplete(received));
        request.exceptionHandler(cut -> body.tryFail(ApiException.badRequest("The request body was cut off: the"
                + " connection closed before it was complete.", null, "incomplete_body")));
        request.resume();
        return body.future();
    }

    /** {@code application/json} or a {@code +json} type, with or without parameters such as a charset. */
    public static boolean isJson(String contentType) {
        String media = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return media.equals("application/json") || media.startsWith("application/") && media.endsWith("+json");
    }
}
