package dev.localai.opencode.supervisor;

import dev.localai.opencode.config.BridgeConfig;
import dev.localai.opencode.config.ServedModels;
import dev.localai.opencode.metrics.BridgeMetrics;
import dev.localai.opencode.server.OpencodeApi;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Duration;

/** Makes the one supervisor of the service, starts OpenCode with the service and stops it with it. */
@ApplicationScoped
public class SupervisorLifecycle {

    /** How long one call to OpenCode's API (not a whole answer) may take. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    @Produces
    @Singleton
    OpencodeSupervisor supervisor(BridgeConfig config, ServedModels models, Vertx vertx) {
        return new OpencodeSupervisor(config, models, vertx, new OpencodeApi(vertx, CALL_TIMEOUT));
    }

    void start(@Observes StartupEvent event, OpencodeSupervisor supervisor, BridgeMetrics metrics) {
        metrics.watchOpencode(() -> supervisor.status().restarts(),
                () -> supervisor.status().state() == OpencodeState.READY ? 1 : 0);
        supervisor.start();
    }

    void stop(@Observes ShutdownEvent event, OpencodeSupervisor supervisor) {
        supervisor.stop();
    }
}
