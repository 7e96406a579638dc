package dev.localai.opencode.bridge;

import dev.localai.opencode.BridgeError;
import dev.localai.opencode.ServedModel;
import dev.localai.opencode.config.BridgeConfig;
import dev.localai.opencode.metrics.BridgeMetrics;
import dev.localai.opencode.supervisor.Connection;
import dev.localai.opencode.supervisor.OpencodeSupervisor;
import dev.localai.openai.Usage;
import io.vertx.core.Vertx;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Semaphore;

/**
 * Answers a checked {@link Conversation} through OpenCode: refuses at once what cannot be served now (OpenCode
 * not READY: 503; a model whose OpenCode model it lacks: 404; {@code opencode.max-in-flight} sessions running:
 * 429), then runs one {@link SessionRun}. The in-flight place is held until the session is deleted. A few empty
 * sessions are kept ready ({@link SessionPool}).
 */
@ApplicationScoped
public class Bridge {

    private final OpencodeSupervisor supervisor;
    private final BridgeConfig config;
    private final BridgeMetrics metrics;
    private final Vertx vertx;
    private final Semaphore places;
    private final SessionPool sessions;

    public Bridge(OpencodeSupervisor supervisor, BridgeConfig config, BridgeMetrics metrics, Vertx vertx) {
        this.supervisor = supervisor;
        this.config = config;
        this.metrics = metrics;
        this.vertx = vertx;
        this.places = new Semaphore(config.maxInFlight());
        this.sessions = new SessionPool(supervisor.api(), config.idleSessions());
    }

    /** Starts the answer into {@code sink}; throws a {@link BridgeError} when it cannot begin. */
    public void answer(Conversation conversation, AnswerSink sink) {
        ServedModel model = conversation.model();
        metrics.request(model.name(), conversation.stream());
        try {
            Connection connection = supervisor.connection();
            if (!connection.models().contains(model.target())) {
                throw BridgeError.modelMissing(model.name(), model.target(), model.providerId());
            }
            if (conversation.hasImages() && !connection.imageModels().contains(model.target())) {
                throw BridgeError.badRequest("messages: the model '" + model.name() + "' (OpenCode's " + model.target()
                        + ") takes no images; send text only", "messages");
            }
            if (!places.tryAcquire()) {
                throw BridgeError.busy(config.maxInFlight());
            }
            metrics.sessionOpened();
            new SessionRun(conversation, sink, connection, supervisor.api(), sessions, vertx,
                    model.firstTokenTimeout(), config.timeouts().total(), outcome(model)).start();
        } catch (BridgeError e) {
            metrics.error(e.kind());
            throw e;
        }
    }

    /** The empty sessions waiting for a request (they are not in flight). */
    public Set<String> idleSessions() {
        return sessions.idle();
    }

    /** Before OpenCode stops: the idle sessions are deleted (an OpenCode of the user's keeps none of them). */
    void drain(@Observes @Priority(10) ShutdownEvent event) {
        sessions.drain(Duration.ofSeconds(2));
    }

    /** Sessions running now. */
    public int inFlight() {
        return config.maxInFlight() - places.availablePermits();
    }

    private SessionRun.Outcome outcome(ServedModel model) {
        return new SessionRun.Outcome() {
            @Override
            public void firstToken(Duration sinceStart) {
                metrics.firstToken(model.name(), sinceStart);
            }

            @Override
            public void finished(Usage usage) {
                metrics.tokens(model.name(), usage.promptTokens(), usage.completionTokens());
            }

            @Override
            public void failed(String kind) {
                metrics.error(kind);
            }

            @Override
            public void closed() {
                metrics.sessionClosed();
                places.release();
            }
        };
    }
}
