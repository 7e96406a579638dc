package dev.localai.router.routing.policy;

import dev.localai.router.Target;

import java.time.Duration;

/**
 * "The 3070 decides": the routing file's {@code complexity: {model, budget}}. When a rule with a
 * {@code complexity} condition is reached, the small model labels the request (cached by prompt) within
 * {@code budget}; past it, or on any failure, the heuristic's label stands.
 */
public record ClassifierPlan(Target model, Duration budget) {
}
