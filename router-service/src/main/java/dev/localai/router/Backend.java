package dev.localai.router;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A server the router can send chat requests to.
 *
 * @param name        the key in configuration, shown to clients in {@code X-Router-Backend}
 * @param baseUrl     the API's base URL, e.g. {@code http://host:8001}, {@code https://openrouter.ai/api/v1} or
 *                    {@code https://generativelanguage.googleapis.com/v1beta/openai}; without a path, {@code /v1}
 * @param models      model ids as the backend names them
 * @param apiKey      the key the backend needs, if any; never logged or shown
 * @param limits      timeouts, attempts, the in-flight bound and requests per minute
 * @param leavesHouse whether requests to it leave the house (cloud, subscriptions): privacy tags exclude it
 * @param gamingPc    whether it is the gaming PC's GPU, which gaming mode takes away unless forced
 * @param type        the API it speaks: {@code openai} (chat completions) or {@code anthropic} (Messages)
 * @param headers     extra headers sent with every request (OpenRouter's {@code HTTP-Referer}, {@code X-Title})
 * @param keySource   where the key came from, for {@code /api/providers}: {@code routing file}, {@code secret file} or none
 * @param wakeOnLan   how to wake the machine when a request needs it and it does not answer; empty = never
 */
public record Backend(String name, URI baseUrl, List<String> models, Optional<String> apiKey, BackendLimits limits,
                      boolean leavesHouse, boolean gamingPc, String type, Map<String, String> headers,
                      String keySource, Optional<WakeOnLan> wakeOnLan) {

    public static final String OPENAI = "openai";
    public static final String ANTHROPIC = "anthropic";

    public Backend {
        models = List.copyOf(models);
        headers = Map.copyOf(headers);
    }

    /** An OpenAI-compatible backend with no extra headers. */
    public Backend(String name, URI baseUrl, List<String> models, Optional<String> apiKey, BackendLimits limits,
                   boolean leavesHouse, boolean gamingPc) {
        this(name, baseUrl, models, apiKey, limits, leavesHouse, gamingPc, OPENAI, Map.of(),
                apiKey.isPresent() ? "routing file" : "none", Optional.empty());
    }

    public URI chatCompletionsUrl() {
        return resolve(ANTHROPIC.equals(type) ? "/messages" : "/chat/completions");
    }

    public URI modelsUrl() {
        return resolve("/models");
    }

    /** {@code path} under the API's base: {@code /v1} when the base URL has no path of its own. */
    private URI resolve(String path) {
        String base = baseUrl.toString().replaceAll("/+$", "");
        String own = URI.create(base).getPath();
        return URI.create(base + (own == null || own.isEmpty() ? "/v1" : "") + path);
    }

    @Override
    public String toString() {
        return "Backend[" + name + " " + baseUrl + "]";     // the API key stays out of logs
    }
}
