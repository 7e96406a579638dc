package dev.localai.mattermost.router;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.math.BigDecimal;
import java.util.Map;

/**
 * What the bot reads of the router's {@code GET /api/savings}: totals per period ({@code day}, {@code week},
 * {@code month}, {@code all}; UTC calendar periods) and the cloud model savings are measured against.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Savings(String reference, String currency, Map<String, Totals> periods) {

    public Savings {
        periods = periods == null ? Map.of() : Map.copyOf(periods);
    }

    /** A period's totals, or zeros. */
    public Totals period(String name) {
        return periods.getOrDefault(name, new Totals(0, 0, 0, BigDecimal.ZERO, BigDecimal.ZERO));
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Totals(long requests, @JsonProperty("prompt_tokens") long promptTokens,
                         @JsonProperty("completion_tokens") long completionTokens,
                         @JsonProperty("cost_usd") BigDecimal costUsd, @JsonProperty("saved_usd") BigDecimal savedUsd) {

        public Totals {
            costUsd = costUsd == null ? BigDecimal.ZERO : costUsd;
            savedUsd = savedUsd == null ? BigDecimal.ZERO : savedUsd;
        }
    }
}
