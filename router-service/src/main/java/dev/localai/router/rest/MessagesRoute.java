package dev.localai.router.rest;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.localai.openai.ApiException;
import dev.localai.openai.ChatCompletionRequest;
import dev.localai.openai.anthropic.AnthropicRequestToOpenAi;
import dev.localai.openai.anthropic.MessagesRequest;
import dev.localai.openai.anthropic.TranslationException;
import dev.localai.openai.http.BodyErrors;
import dev.localai.openai.http.RequestBodies;
import dev.localai.router.chat.ChatRequest;
import dev.localai.router.chat.ChatService;
import dev.localai.router.config.RouterConfig;
import dev.localai.router.keys.KeyFilter;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import jakarta.enterprise.event.Observes;

import java.io.IOException;

/**
 * {@code POST /v1/messages}: Anthropic's Messages API on the way in, so that clients built for Claude
 * can use every backend the router has. The request is translated to a chat completion and handed to
 * the same request owner as {@code /v1/chat/completions} ({@link ChatRequest}), in-process, so routing,
 * keys, budgets, the cache and the request log all apply exactly once; an Anthropic client writer
 * turns the answer, its stream and its errors back into Anthropic's shapes
 * (https://docs.anthropic.com/en/api/messages, https://docs.anthropic.com/en/docs/build-with-claude/streaming,
 * https://docs.anthropic.com/en/api/errors).
 */
@Singleton
public class MessagesRoute {

    private final ChatService chat;
    private final ObjectMapper strict;
    private final long maxRequestBytes;

    public MessagesRoute(ChatService chat, ObjectMapper json, RouterConfig config) {
        this.chat = chat;
        this.strict = BodyErrors.strict(json);
        this.maxRequestBytes = config.limits().maxRequestBytes();
    }

    void register(@Observes Router router) {
        router.post("/v1/messages").handler(this::handle);
    }

    void handle(RoutingContext rc) {
        ChatRequest request = chat.start(rc.request().headers(), rc.get(KeyFilter.KEY), chat.anthropic(rc.response()));
        RequestBodies.read(rc.request(), maxRequestBytes, "router.limits.max-request-bytes").onComplete(body -> {
            if (body.failed()) {
                request.refuse(body.cause());
                return;
            }
            IdleConnections.whileAnswering(rc);
            ChatCompletionRequest translated;
            try {
                translated = parse(body.result());
            } catch (ApiException e) {
                request.refuse(e);
                return;
            }
            request.run(translated);
        });
    }

    private ChatCompletionRequest parse(Buffer body) {
        MessagesRequest request;
        try {
            request = strict.readValue(body.getBytes(), MessagesRequest.class);
        } catch (JsonMappingException e) {
            throw BodyErrors.wrongType(e);
        } catch (JsonProcessingException e) {
            throw BodyErrors.notJson(e, "invalid_body");
        } catch (IOException e) {
            throw ApiException.badRequest("The body could not be read.", null, "invalid_body");
        }
        if (request == null || request.messages() == null || request.messages().isEmpty()) {
            throw ApiException.badRequest("messages: field required", "messages", "missing_field");
        }
        if (request.maxTokens() == null) {
            throw ApiException.badRequest("max_tokens: field required", "max_tokens", "missing_field");
        }
        try {
            return AnthropicRequestToOpenAi.translate(request);
        } catch (TranslationException e) {
            throw ApiException.badRequest(e.getMessage(), e.param(), "unsupported");
        }
    }
}
