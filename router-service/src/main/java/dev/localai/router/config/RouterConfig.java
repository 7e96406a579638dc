package dev.localai.router.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The router's own settings under {@code router.*}. Backends, aliases, task types and rules live in
 * the routing YAML ({@link #routingFile()}), which is reloaded when it changes.
 */
@ConfigMapping(prefix = "router")
public interface RouterConfig {

    /**
     * The routing YAML. Default: none, and the shipped {@code routing-default.yaml} (the home-lab
     * plan, addresses from environment variables) is used.
     */
    Optional<Path> routingFile();

    /** How often the routing file is checked for changes. Default 2 s. */
    @WithDefault("2s")
    Duration routingReloadInterval();

    Limits limits();

    GamingPc gamingPc();

    Health health();

    Breaker breaker();

    Log log();

    Keys keys();

    Budgets budgets();

    Cache cache();

    Redaction redaction();

    interface Redaction {
        /** Redact secrets from requests before they leave the house. Default true. */
        @WithDefault("true")
        boolean enabled();

        /** More patterns (Java regular expressions), each redacted as {@code custom}. Default none. */
        Optional<java.util.List<String>> patterns();
    }

    interface Cache {
        /** Exact-match response cache for repeatable requests. Default true. */
        @WithDefault("true")
        boolean enabled();

        /** How long an answer is served from the cache. Default 10 minutes. */
        @WithDefault("10m")
        Duration ttl();

        /** Answers kept at most (least recently used go first). Default 1,000. */
        @WithDefault("1000")
        int maxEntries();

        /** Bytes of answers kept at most. Default 64 MiB. */
        @WithDefault("67108864")
        long maxBytes();

        /**
         * Serve one client key's cached answers to other keys too (each request's own rules still
         * apply to a hit). Default false: answers stay with the key that asked.
         */
        @WithDefault("false")
        boolean sharedBetweenKeys();
    }

    interface Budgets {
        /** Completion tokens assumed when reserving for a paid call that sets no max_tokens. Default 1024. */
        @WithDefault("1024")
        int defaultCompletionTokens();

        /** Share of a budget at which a warning is logged and the metric flags the key. Default 0.8. */
        @WithDefault("0.8")
        double warnAt();
    }

    /**
     * The administrator's key for {@code /admin/*} (client keys) and, when set, {@code /api/*} (logs,
     * costs). Default: none, and the admin API is disabled. Environment: {@code ROUTER_ADMIN_KEY}.
     */
    Optional<String> adminKey();

    interface Keys {
        /** How often client keys are re-read (revocations made by another router instance). Default 5 s. */
        @WithDefault("5s")
        Duration refresh();

        /**
         * Serve {@code /v1/*} requests that carry no key. Default: unset, which means open only while no
         * admin key is set and no client key was ever created (a fresh home lab), closed from then on.
         * {@code true} opens it whatever exists; {@code false} closes it even in a fresh lab.
         * Environment: {@code ROUTER_ALLOW_ANONYMOUS}.
         */
        Optional<Boolean> allowAnonymous();

        /**
         * A key's requests per minute hold across every router replica sharing the database: each replica takes
         * a slice of the minute's allowance from PostgreSQL at a time and counts requests against it in memory.
         * This is the slice, as a fraction of the limit (at least one request). Smaller: fewer requests left
         * unused in one replica while another is refused; larger: fewer database round trips. Default 0.1.
         */
        @WithDefault("0.1")
        double rateLimitSlice();
    }

    Savings savings();

    interface Log {
        /** Finished requests held in memory while PostgreSQL is slow or down. Default 50,000. */
        @WithDefault("50000")
        int buffer();

        /** Rows written in one transaction at most. Default 500. */
        @WithDefault("500")
        int batch();

        /** Also keep the last user message and the answer's text (first 256 KiB). Default false. */
        @WithDefault("false")
        boolean content();

        /** On shutdown, how long the writer may keep trying to save what is buffered. Default 10 s. */
        @WithDefault("10s")
        Duration shutdownFlush();

        /**
         * A writer that shows no sign of life for this long (a write stuck on a frozen database) is
         * replaced by a new one. Keep it above the JDBC {@code socketTimeout}. Default 60 s.
         */
        @WithDefault("60s")
        Duration stallTimeout();
    }

    interface Savings {
        /**
         * The cloud model a request would otherwise have gone to, as {@code backend/model}; its price
         * comes from the routing file. Default {@code openrouter/anthropic/claude-sonnet-4.5}.
         */
        @WithDefault("openrouter/anthropic/claude-sonnet-4.5")
        String reference();

        /** The reference's input price in USD per million tokens, when the routing file has none. */
        Optional<Double> inputPerMillion();

        /** The reference's output price in USD per million tokens, when the routing file has none. */
        Optional<Double> outputPerMillion();
    }

    interface Breaker {
        /** Consecutive failures that open a backend's circuit. Default 3. */
        @WithDefault("3")
        int failures();

        /** How long an open circuit skips the backend before one trial request. Default 30 s. */
        @WithDefault("30s")
        Duration cooldown();
    }

    interface Health {
        /** How often each home backend is probed. Default 5 s. */
        @WithDefault("5s")
        Duration interval();

        /** How long a probe may take before the backend counts as down. Default 2 s. */
        @WithDefault("2s")
        Duration timeout();
    }

    interface Limits {
        /**
         * Largest request body accepted, in bytes; larger gets 413. Default 16 MiB, enough for a long
         * chat with a few images inlined as base64.
         */
        @WithDefault("16777216")
        long maxRequestBytes();
    }

    interface GamingPc {
        /** How often the gaming PC's {@code GET /status} is read. Default 3 s. */
        @WithDefault("3s")
        Duration pollInterval();

        /** How long one status read may take before the PC counts as unreachable. Default 1 s. */
        @WithDefault("1s")
        Duration timeout();
    }
}
