package dev.localai.router.routing.signals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The heuristic on prompts a household really sends. */
class ComplexityHeuristicTest {

    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource(delimiter = '|', value = {
            "hi!                                                                                          | simple",
            "thanks, that worked                                                                          | simple",
            "What is the capital of France?                                                               | simple",
            "Write a haiku about autumn                                                                   | simple",
            "Explain how a database index speeds up a query                                               | medium",
            "Fix this: ```python\\nprint(x\\n```                                                          | medium",
            "Design an architecture for a distributed cache with consistent hashing; compare the trade-offs of write-through and write-back, and analyse the latency under concurrency | complex",
            "Prove step by step that there are infinitely many primes, then derive a bound                 | reasoning",
    })
    void labelsPrompts(String prompt, String label) {
        assertEquals(label, ComplexityHeuristic.of(prompt.replace("\\n", "\n")).label(),
                () -> ComplexityHeuristic.of(prompt).toString());
    }
}
