package dev.localai.opencode.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.localai.opencode.BridgeError;
import dev.localai.opencode.bridge.AnswerSink;
import dev.localai.opencode.bridge.Bridge;
import dev.localai.opencode.bridge.Conversation;
import dev.localai.opencode.bridge.ConversationReader;
import dev.localai.openai.ChatCompletionRequest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.UUID;

/**
 * {@code POST /v1/chat/completions}, plain and streamed. A plain Vert.x route rather than a JAX-RS resource: a
 * stream needs the raw response (headers with the first token, event-by-event writes, a close handler that
 * aborts the session). Described in {@code META-INF/openapi.yaml}.
 */
@ApplicationScoped
public class ChatCompletionsRoute {

    private static final Logger LOG = Logger.getLogger(ChatCompletionsRoute.class);
    static final long MAX_BODY_BYTES = 16L * 1024 * 1024;

    private final ConversationReader reader;
    private final Bridge bridge;
    private final ObjectMapper json;

    public ChatCompletionsRoute(ConversationReader reader, Bridge bridge, ObjectMapper json) {
        this.reader = reader;
        this.bridge = bridge;
        this.json = json;
    }

    void register(@Observes Router router) {
        router.post("/v1/chat/completions").handler(this::handle);
    }

    private void handle(RoutingContext rc) {
        read(rc.request(), body -> {
            try {
                Conversation conversation = reader.read(parse(body));
                AnswerSink sink = conversation.stream()
                        ? new StreamedAnswer(rc.response(), json, conversation.model().name(), conversation.includeUsage())
                        : new CollectedAnswer(rc.response(), json, conversation.model().name());
                bridge.answer(conversation, sink);
            } catch (BridgeError e) {
                ErrorWriter.write(rc.response(), json, e);
            } catch (RuntimeException e) {
                String reference = UUID.randomUUID().toString().substring(0, 8);
                LOG.errorf(e, "chat completion failed, reference %s", reference);
                ErrorWriter.write(rc.response(), json, BridgeError.opencode("The OpenCode bridge failed ("
                        + e.getClass().getSimpleName() + "); reference " + reference));
            }
        });
    }

    private ChatCompletionRequest parse(Buffer body) {
        try {
            ChatCompletionRequest request = json.readValue(body.getBytes(), ChatCompletionRequest.class);
            if (request == null) {
                throw BridgeError.badRequest("The request body is empty; send a chat completion as JSON", null);
            }
            return request;
        } catch (JsonProcessingException e) {
            throw BridgeError.badRequest("We could not parse the JSON body of your request: " + e.getOriginalMessage(),
                    null);
        } catch (java.io.IOException e) {
            throw BridgeError.badRequest("The request body could not be read: " + e.getMessage(), null);
        }
    }

    /** Reads the whole body, up to {@link #MAX_BODY_BYTES}; a larger one is a 413 before or as soon as it passes. */
    private void read(HttpServerRequest request, java.util.function.Consumer<Buffer> then) {
        String declared = request.getHeader("Content-Length");
        if (declared != null && declared.trim().matches("\\d{1,18}") && Long.parseLong(declared.trim()) > MAX_BODY_BYTES) {
            tooLarge(request);
            return;
        }
        Buffer received = Buffer.buffer();
        boolean[] refused = {false};
        request.handler(chunk -> {
            if (refused[0]) {
                return;
            }
            if (received.length() + chunk.length() > MAX_BODY_BYTES) {
                refused[0] = true;
                tooLarge(request);
            } else {
                received.appendBuffer(chunk);
            }
        });
        request.endHandler(end -> {
            if (!refused[0]) {
                then.accept(received);
            }
        });
        request.resume();
    }

    private void tooLarge(HttpServerRequest request) {
        ErrorWriter.write(request.response().putHeader("Connection", "close"), json, new BridgeError(413,
                dev.localai.openai.ApiError.invalidRequest("The request body is larger than "
                        + MAX_BODY_BYTES / 1024 / 1024 + " MB", null, "request_too_large"), Map.of()));
    }
}
