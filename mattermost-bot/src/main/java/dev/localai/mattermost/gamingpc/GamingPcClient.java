package dev.localai.mattermost.gamingpc;

import dev.localai.mattermost.ServiceAnswered;
import dev.localai.mattermost.config.BotConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * The gaming PC as the bot calls it. Reading the status has a short timeout and one retry when the connection
 * fails (a read is safe to repeat); switching gaming mode and stop-all wait longer (the PC stops requests in flight
 * first) and are never repeated. Each call has a circuit breaker: after 3 failures in 4 calls it answers at once
 * for 20 s instead of waiting on a PC that is asleep. HTTP errors mean the PC is up and do not count. Timeouts can be
 * changed with {@code quarkus.fault-tolerance."dev.localai.mattermost.gamingpc.GamingPcClient/<method>".timeout.value}
 * (milliseconds).
 */
@ApplicationScoped
public class GamingPcClient {

    static final long STATUS_TIMEOUT_MS = 3_000;
    static final long CONTROL_TIMEOUT_MS = 15_000;

    private final GamingPcApi api;
    private final URI url;

    public GamingPcClient(@RestClient GamingPcApi api, BotConfig config) {
        this.api = api;
        this.url = config.gamingPc().url();
    }

    public URI url() {
        return url;
    }

    @Timeout(STATUS_TIMEOUT_MS)
    @Retry(maxRetries = 1, delay = 200, retryOn = ProcessingException.class)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 20_000, skipOn = ServiceAnswered.class)
    public PcStatus status() {
        return api.status();
    }

    @Timeout(CONTROL_TIMEOUT_MS)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 20_000, skipOn = ServiceAnswered.class)
    public PcStatus gamingMode(boolean on) {
        return api.gamingMode(Map.of("enabled", on));
    }

    @Timeout(CONTROL_TIMEOUT_MS)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 20_000, skipOn = ServiceAnswered.class)
    public PcStatus stopAll() {
        return api.stopAll();
    }

    /** The timeout in force for {@code method} ({@code status}, {@code gamingMode}, {@code stopAll}), for replies. */
    public Duration timeout(String method) {
        String key = "quarkus.fault-tolerance.\"" + GamingPcClient.class.getName() + "/" + method + "\".timeout.";
        long fallback = "status".equals(method) ? STATUS_TIMEOUT_MS : CONTROL_TIMEOUT_MS;
        var config = ConfigProvider.getConfig();
        long value = config.getOptionalValue(key + "value", Long.class).orElse(fallback);
        ChronoUnit unit = config.getOptionalValue(key + "unit", String.class)
                .map(u -> ChronoUnit.valueOf(u.trim().toUpperCase())).orElse(ChronoUnit.MILLIS);
        return Duration.of(value, unit);
    }
}
