package dev.localai.router.backend;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.buffer.Buffer;

/**
 * What a forwarded exchange reports while it relays an answer, for whoever owns the request (its
 * log row, the cache). Called on the request's event loop.
 */
public interface ExchangeEvents {

    /** The first byte went to the client. */
    void firstByte();

    /** An OpenAI {@code usage} object from the backend (a JSON answer or a stream's last chunk). */
    void usage(JsonNode usage);

    /** Text the client received: message content, reasoning or tool-call arguments. */
    void content(String text);

    /** The answer was cut short after the client had part of it (an error event, or the client left). */
    void partial(String why);

    /** A whole JSON answer as sent to the client. */
    void answerBody(Buffer body);
}
