package dev.localai.router.keys;

import java.math.BigDecimal;
import java.util.Set;
import java.util.UUID;

/**
 * A client key as the router enforces it.
 *
 * @param allowedBackends backends this key may use; empty = all
 * @param forcedTags      tags added to every request of this key (e.g. {@code private} holds a device to local backends)
 * @param refuseOverBudget when a budget is spent: true = 429, false = paid backends are dropped and local ones serve
 */
public record ClientKey(UUID id, String name, String prefix, BigDecimal dailyBudgetUsd, BigDecimal monthlyBudgetUsd,
                        Integer requestsPerMinute, Set<String> allowedBackends, Set<String> forcedTags,
                        boolean refuseOverBudget) {

    public boolean hasBudget() {
        return dailyBudgetUsd != null || monthlyBudgetUsd != null;
    }
}
