package dev.localai.mattermost.router;

import dev.localai.mattermost.ServiceAnswered;
import dev.localai.openai.ModelList;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The router's read-only API as the bot calls it: each call has a timeout, one retry when the connection fails (they
 * are reads) and a circuit breaker (3 failures in 4 calls hold calls back for 20 s). Chats go through
 * {@link ChatStream}, which streams.
 */
@ApplicationScoped
public class RouterClient {

    private final RouterApi api;

    public RouterClient(@RestClient RouterApi api) {
        this.api = api;
    }

    @Timeout(5_000)
    @Retry(maxRetries = 1, delay = 200, retryOn = ProcessingException.class)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 20_000, skipOn = ServiceAnswered.class)
    public ModelList models() {
        return api.models();
    }

    @Timeout(5_000)
    @Retry(maxRetries = 1, delay = 200, retryOn = ProcessingException.class)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 20_000, skipOn = ServiceAnswered.class)
    public Savings savings() {
        return api.savings();
    }

    /** How the router sees its backends; a short timeout, since the status reply only adds it when it comes. */
    @Timeout(2_000)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 20_000, skipOn = ServiceAnswered.class)
    public Readiness readiness() {
        return api.readiness();
    }
}
