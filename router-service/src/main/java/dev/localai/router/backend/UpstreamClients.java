package dev.localai.router.backend;

import dev.localai.router.Backend;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One pooled, keep-alive Vert.x HTTP client per backend, so that a slow backend's connections
 * never hold up another's. Responses are streamed, never decompressed or buffered by the client.
 */
@Singleton
public class UpstreamClients {

    private final Vertx vertx;
    private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();

    public UpstreamClients(Vertx vertx) {
        this.vertx = vertx;
    }

    public HttpClient client(Backend backend) {
        return clients.computeIfAbsent(backend.name(), name -> vertx.createHttpClient(new HttpClientOptions()
                .setName("backend-" + name)
                .setConnectTimeout((int) backend.limits().connect().toMillis())
                .setKeepAlive(true)
                .setMaxPoolSize(256)
                .setPipelining(false)
                .setDecompressionSupported(false)
                .setTrustAll(false)
                .setVerifyHost(true)));
    }

    @PreDestroy
    void close() {
        clients.values().forEach(HttpClient::close);
    }
}
