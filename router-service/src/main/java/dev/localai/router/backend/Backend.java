package dev.localai.router.backend;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * An OpenAI-compatible server the router can send requests to.
 *
 * @param name        the key in configuration, shown to clients in {@code X-Router-Backend}
 * @param baseUrl     the server's base URL; chat goes to {@code <baseUrl>/v1/chat/completions}
 * @param models      model ids as the backend names them
 * @param apiKey      bearer token for the backend, if it needs one; never logged
 * @param limits      timeouts, attempts and the in-flight bound
 * @param leavesHouse whether requests to it leave the house (cloud, subscriptions): privacy tags exclude it
 * @param gamingPc    whether it is the gaming PC's GPU, which gaming mode takes away unless forced
 */
public record Backend(String name, URI baseUrl, List<String> models, Optional<String> apiKey, BackendLimits limits,
                      boolean leavesHouse, boolean gamingPc) {

    public Backend {
        models = List.copyOf(models);
    }


    public URI chatCompletionsUrl() {
        return resolve("/v1/chat/completions");
    }

    private URI resolve(String path) {
        String base = baseUrl.toString();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        if (base.endsWith("/v1")) {
            base = base.substring(0, base.length() - 3);     // accept both http://host:port and http://host:port/v1
        }
        return URI.create(base + path);
    }

    @Override
    public String toString() {
        return "Backend[" + name + " " + baseUrl + "]";     // the API key stays out of logs
    }
}
