package dev.localai.mattermost;

import dev.localai.mattermost.config.BotConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The threads that handle posts and slash commands ({@code mattermost.workers}): the calls they make block (REST
 * clients with timeouts), so they never run on an event loop.
 */
@ApplicationScoped
public class Workers {

    private final ExecutorService pool;

    public Workers(BotConfig config) {
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(Math.max(1, config.workers()), r -> {
            Thread t = new Thread(r, "tayne-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public void run(Runnable task) {
        pool.execute(task);
    }

    public <T> CompletableFuture<T> supply(Supplier<T> task) {
        return CompletableFuture.supplyAsync(task, pool);
    }

    @PreDestroy
    void stop() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(5, TimeUnit.SECONDS);
    }
}
