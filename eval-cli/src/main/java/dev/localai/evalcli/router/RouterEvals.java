package dev.localai.evalcli.router;

import dev.localai.evalcli.EvalRun;
import dev.localai.evalcli.StartOptions;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import java.net.ConnectException;
import java.net.URI;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The router's eval API with timeouts, retries and a circuit breaker. Reads are retried on a lost or slow router;
 * starting a run only when the connection was refused (nothing reached the router, so no second run can start).
 */
@ApplicationScoped
public class RouterEvals {

    private volatile EvalsApi api;
    private volatile URI router;

    /** Points the client at a router, with its admin key (null or blank on an open router). */
    public void connect(URI router, String key) {
        this.router = router;
        this.api = QuarkusRestClientBuilder.newBuilder().baseUri(router)
                .connectTimeout(3, TimeUnit.SECONDS).readTimeout(30, TimeUnit.SECONDS)
                .register(new BearerKey(key)).register(new ErrorBodies())
                .build(EvalsApi.class);
    }

    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 500, jitter = 200, retryOn = RouterUnreachable.Refused.class)
    public EvalRun start(String csv, StartOptions o) {
        return call(() -> api.start(o.name(), StartOptions.commaList(o.policies()), o.reference(),
                StartOptions.commaList(o.thresholds()), o.target(), o.concurrency(), o.timeoutSeconds(), o.judge(), o.stream(),
                csv));
    }

    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 3, delay = 500, jitter = 200, retryOn = {RouterUnreachable.class, TimeoutException.class})
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 1.0, delay = 5, delayUnit = ChronoUnit.SECONDS,
            failOn = {RouterUnreachable.class, TimeoutException.class})
    public EvalRun run(String id) {
        return call(() -> api.run(id));
    }

    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 3, delay = 500, jitter = 200, retryOn = {RouterUnreachable.class, TimeoutException.class})
    public String runJson(String id) {
        return call(() -> api.runJson(id));
    }

    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 3, delay = 500, jitter = 200, retryOn = {RouterUnreachable.class, TimeoutException.class})
    public String report(String id) {
        return call(() -> api.report(id));
    }

    /** Cancelling twice is harmless (the second is a 409: already finished), so lost calls are repeated. */
    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 300, retryOn = {RouterUnreachable.class, TimeoutException.class})
    public EvalRun cancel(String id) {
        return call(() -> api.cancel(id));
    }

    private <T> T call(Supplier<T> request) {
        if (api == null) {
            throw new IllegalStateException("connect(router, key) first");
        }
        try {
            return request.get();
        } catch (ProcessingException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof RouterError || t instanceof RouterUnreachable) {
                    throw (RuntimeException) t;
                }
                if (t instanceof ConnectException) {
                    throw new RouterUnreachable.Refused("cannot connect to " + router + ": " + t.getMessage(), e);
                }
            }
            throw new RouterUnreachable("no answer from " + router + ": " + e.getMessage(), false, e);
        }
    }
}
