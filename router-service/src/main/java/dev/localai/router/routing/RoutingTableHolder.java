package dev.localai.router.routing;

import dev.localai.router.config.RouterConfig;
import dev.localai.router.routing.policy.RoutingPolicy;
import dev.localai.router.routing.policy.RoutingTable;
import dev.localai.router.routing.policy.RoutingTableLoader;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;

/**
 * Holds the routing policy in force and swaps it when the routing file changes on disk (checked
 * every {@code router.routing-reload-interval}). A file that does not load is rejected with its key
 * paths in the log and the last good policy stays in force. At start, a bad file stops the router.
 */
@Singleton
public class RoutingTableHolder {

    private static final Logger LOG = Logger.getLogger(RoutingTableHolder.class);
    static final String DEFAULT_RESOURCE = "/routing-default.yaml";

    private final Optional<Path> file;
    private final Vertx vertx;
    private final Counter reloads;
    private final Counter rejected;
    private volatile RoutingPolicy policy;
    private volatile FileTime loadedStamp;
    private long timer = -1;

    public RoutingTableHolder(RouterConfig config, Vertx vertx, MeterRegistry metrics) {
        this.file = config.routingFile();
        this.vertx = vertx;
        this.reloads = metrics.counter("router_routing_reloads_total", "result", "applied");
        this.rejected = metrics.counter("router_routing_reloads_total", "result", "rejected");
        this.policy = new RoutingPolicy(RoutingTableLoader.load(read(), System::getenv));
        LOG.infof("routing: %s, %d backends, %d aliases, %d rules", file.map(Path::toString)
                .orElse("built-in default"), table().backends().size(), table().aliases().size(), table().rules().size());
        if (file.isPresent()) {
            long every = Math.max(100, config.routingReloadInterval().toMillis());
            timer = vertx.setPeriodic(every, every, t -> vertx.executeBlocking(() -> {
                reloadIfChanged();
                return null;
            }, false));
        }
    }

    public RoutingPolicy policy() {
        return policy;
    }

    public RoutingTable table() {
        return policy.table();
    }

    /** Loads the file again if it changed; returns true when a new table was applied. */
    public synchronized boolean reloadIfChanged() {
        if (file.isEmpty()) {
            return false;
        }
        FileTime stamp;
        try {
            stamp = Files.getLastModifiedTime(file.get());
        } catch (IOException gone) {
            return false;
        }
        if (stamp.equals(loadedStamp)) {
            return false;
        }
        try {
            RoutingTable table = RoutingTableLoader.load(read(), System::getenv);
            policy = new RoutingPolicy(table);
            reloads.increment();
            LOG.infof("routing: reloaded %s (%d backends, %d rules)", file.get(), table.backends().size(),
                    table.rules().size());
            return true;
        } catch (RuntimeException invalid) {
            loadedStamp = stamp;               // do not log the same broken file every interval
            rejected.increment();
            LOG.errorf("routing: %s rejected, the previous configuration stays in force. %s", file.get(),
                    invalid.getMessage());
            return false;
        }
    }

    private String read() {
        try {
            if (file.isPresent()) {
                loadedStamp = Files.getLastModifiedTime(file.get());
                return Files.readString(file.get(), StandardCharsets.UTF_8);
            }
            try (InputStream in = RoutingTableHolder.class.getResourceAsStream(DEFAULT_RESOURCE)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("router.routing-file: cannot read " + file.orElse(null), e);
        }
    }

    @PreDestroy
    void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }
}
