package dev.localai.router.chat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.localai.router.accounting.RequestLog;
import dev.localai.router.cache.ResponseCache;
import dev.localai.router.config.RouterConfig;
import dev.localai.router.keys.ClientKey;
import dev.localai.router.chat.Decider;
import dev.localai.router.client.AnthropicClientWriter;
import dev.localai.router.client.ClientWriter;
import dev.localai.router.client.OpenAiClientWriter;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerResponse;
import jakarta.inject.Singleton;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The chat request path as one hallway (see {@code README.md}): each request gets one
 * {@link ChatRequest} that owns it from its body to its log row. This bean holds what every
 * request needs.
 */
@Singleton
public class ChatService {

    final ChatRequestParser parser;
    final Decider decider;
    final ResponseCache cache;
    final ChainWalk walk;
    final GamingPcWake wake;
    final Spending spending;
    final RequestLog log;
    final ObjectMapper json;
    final boolean keepText;

    public ChatService(ChatRequestParser parser, Decider decider, ResponseCache cache, ChainWalk walk, GamingPcWake wake,
                       Spending spending, RequestLog log, ObjectMapper json, RouterConfig config) {
        this.parser = parser;
        this.decider = decider;
        this.cache = cache;
        this.walk = walk;
        this.wake = wake;
        this.spending = spending;
        this.log = log;
        this.json = json;
        this.keepText = config.log().content();
    }

    /**
     * Starts a request: its id goes into {@code X-Request-Id} at once, and {@link ChatRequest#run}
     * takes its body from there.
     *
     * @param headers the request's headers; {@code key} is the client key that sent it, or null
     */
    public ChatRequest start(MultiMap headers, ClientKey key, ClientWriter client) {
        return new ChatRequest(this, lowerCase(headers), key, client);
    }

    /** An OpenAI client's writer on {@code response}. */
    public ClientWriter openAi(HttpServerResponse response) {
        return new OpenAiClientWriter(response, json);
    }

    /** An Anthropic Messages API client's writer on {@code response}. */
    public ClientWriter anthropic(HttpServerResponse response) {
        return new AnthropicClientWriter(response, json);
    }

    /** Request headers by lower-case name (the last value of a repeated header). */
    public static Map<String, String> lowerCase(MultiMap headers) {
        Map<String, String> out = new HashMap<>();
        headers.forEach(h -> out.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
        return out;
    }

}
