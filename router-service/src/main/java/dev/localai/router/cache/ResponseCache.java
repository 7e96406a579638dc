package dev.localai.router.cache;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.localai.openai.ChatCompletionRequest;
import dev.localai.router.config.RouterConfig;
import dev.localai.router.keys.ClientKey;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.buffer.Buffer;
import jakarta.inject.Singleton;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Exact-match cache of JSON answers to repeatable requests: {@code temperature} 0, or opted in with
 * {@code X-Router-Cache: true}; never for {@code n} &gt; 1. The key is a SHA-256 of the request as it
 * is forwarded, normalised: sorted keys, and without what does not change the answer ({@code stream},
 * {@code stream_options}, {@code user}, {@code metadata}). {@code Cache-Control: no-cache} skips
 * reading, {@code no-store} skips writing. Bounded by entries, bytes and a TTL; least recently used
 * answers go first. In memory, per router instance.
 *
 * <p>Answers are kept per client key: one key's answers are not served to another unless
 * {@code router.cache.shared-between-keys} is set. Whoever asks, a hit must also pass the asking
 * request's own rules (the caller's {@code servable} test: privacy tags, allowed backends, budgets);
 * an answer that may not serve it is a miss, and the request is routed as usual.
 */
@Singleton
public class ResponseCache {

    /** A cached answer, where it came from, and for which client key (null: no key) it was made. */
    public record Entry(Buffer body, String backend, String model, String clientKey, long storedAtNanos) {
    }

    /** How a request stands with the cache; {@code clientKey} is the name of the key asking, or null. */
    public record Lookup(String key, boolean read, boolean write, String clientKey) {
        /** Neither read nor written. */
        public static final Lookup NONE = new Lookup(null, false, false, null);
    }

    private final ObjectMapper canonical;
    private final RouterConfig.Cache config;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);
    private final Counter hits;
    private final Counter misses;
    private long bytes;

    public ResponseCache(ObjectMapper json, RouterConfig config, MeterRegistry registry) {
        this.canonical = json.copy().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
        this.config = config.cache();
        this.hits = Counter.builder("router_cache_requests").tag("result", "hit").register(registry);
        this.misses = Counter.builder("router_cache_requests").tag("result", "miss").register(registry);
        registry.gauge("router_cache_bytes", this, c -> c.bytes);
    }

    /** Whether (and under which key) this request of {@code client} may be answered from, and stored in, the cache. */
    public Lookup lookup(ChatCompletionRequest request, Map<String, String> headers, ClientKey client) {
        boolean optedIn = "true".equalsIgnoreCase(headers.get("x-router-cache"));
        boolean repeatable = request.temperature() != null && request.temperature() == 0;
        if (!config.enabled() || !(optedIn || repeatable) || (request.n() != null && request.n() > 1)
                || "false".equalsIgnoreCase(headers.get("x-router-cache"))) {
            return Lookup.NONE;
        }
        String control = headers.getOrDefault("cache-control", "").toLowerCase(java.util.Locale.ROOT);
        String name = client == null ? null : client.name();
        String partition = config.sharedBetweenKeys() || name == null ? "" : client.id() + ":";
        return new Lookup(partition + key(request), !control.contains("no-cache"), !control.contains("no-store"), name);
    }

    /** The answer stored for this lookup, if it is fresh and {@code servable} accepts it for the asking request. */
    public Optional<Entry> get(Lookup lookup, Predicate<Entry> servable) {
        if (!lookup.read()) {
            return Optional.empty();
        }
        Entry entry;
        synchronized (entries) {
            entry = entries.get(lookup.key());
            if (entry != null && System.nanoTime() - entry.storedAtNanos() > config.ttl().toNanos()) {
                remove(lookup.key());
                entry = null;
            }
        }
        if (entry != null && !servable.test(entry)) {
            entry = null;
        }
        (entry == null ? misses : hits).increment();
        return Optional.ofNullable(entry);
    }

    public void put(Lookup lookup, Buffer body, String backend, String model) {
        if (!lookup.write() || body.length() > config.maxBytes() / 4) {
            return;
        }
        synchronized (entries) {
            remove(lookup.key());
            entries.put(lookup.key(), new Entry(body.copy(), backend, model, lookup.clientKey(), System.nanoTime()));
            bytes += body.length();
            Iterator<Map.Entry<String, Entry>> eldest = entries.entrySet().iterator();
            while ((entries.size() > config.maxEntries() || bytes > config.maxBytes()) && eldest.hasNext()) {
                bytes -= eldest.next().getValue().body().length();
                eldest.remove();
            }
        }
    }

    private void remove(String key) {
        Entry old = entries.remove(key);
        if (old != null) {
            bytes -= old.body().length();
        }
    }

    String key(ChatCompletionRequest request) {
        try {
            ObjectNode tree = canonical.valueToTree(request);
            tree.remove(java.util.List.of("stream", "stream_options", "user", "metadata"));
            byte[] normal = canonical.writeValueAsBytes(canonical.treeToValue(tree, Object.class));
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(normal));
        } catch (NoSuchAlgorithmException | java.io.IOException e) {
            throw new IllegalStateException("cache key", e);
        }
    }
}
