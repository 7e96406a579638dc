package dev.localai.router.routing.policy;

import dev.localai.router.Signals;
import dev.localai.router.Price;
import dev.localai.router.Target;
import dev.localai.openai.ApiException;
import dev.localai.router.Tags;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped default policy, the home-lab plan, one row per situation. */
class RoutingPolicyTest {

    static String defaultYaml() {
        try (InputStream in = RoutingPolicyTest.class.getResourceAsStream("/routing-default.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static final RoutingTable TABLE = RoutingTableLoader.load(defaultYaml(), name -> null);
    private final RoutingPolicy policy = new RoutingPolicy(TABLE);

    static Signals signals(String requested, String tags, int tokens, String task, boolean background,
                           boolean gaming, boolean forceBig, String down) {
        String kind = requested == null || requested.equals("auto") ? "auto"
                : TABLE.aliases().containsKey(requested) ? "alias" : "model";
        return new Signals(requested == null ? "auto" : requested, kind,
                tags == null ? Tags.NONE : Tags.of(Arrays.asList(tags.split(" "))), tokens, 0, task,
                background ? "title_generation" : null, forceBig, gaming,
                down == null ? Set.of() : Set.of(down.split(" ")), null, Map.of());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            // situation                        | model                     | tags            | tokens | task | bg    | gaming | big   | down             | rule           | chain
            "short chat                         | -                         | -               | 300    | -    | false | false  | false | -                | small-prompt   | gpu-3070/qwen2.5-7b-instruct openrouter/openai/gpt-4o-mini",
            "5,000 tokens, 3090 up              | auto                      | -               | 5000   | -    | false | false  | false | -                | medium-prompt  | gaming-pc/qwen2.5-32b-instruct gpu-3070/qwen2.5-7b-instruct openrouter/openai/gpt-4o-mini",
            "5,000 tokens, 3090 down            | auto                      | -               | 5000   | -    | false | false  | false | gaming-pc        | otherwise      | gpu-3070/qwen2.5-7b-instruct openrouter/openai/gpt-4o-mini",
            "5,000 tokens, gaming mode          | auto                      | -               | 5000   | -    | false | true   | false | -                | gaming-mode    | gpu-3070/qwen2.5-7b-instruct openrouter/openai/gpt-4o-mini",
            "5,000 tokens, gaming, forced       | auto                      | force_big       | 5000   | -    | false | true   | true  | -                | medium-prompt  | gaming-pc/qwen2.5-32b-instruct gpu-3070/qwen2.5-7b-instruct openrouter/openai/gpt-4o-mini",
            "40,000 tokens                      | auto                      | -               | 40000  | -    | false | false  | false | -                | large-prompt   | opencode/glm-4.7 opencode/claude-sonnet-4.5 openrouter/anthropic/claude-sonnet-4.5 openrouter/openai/gpt-4o-mini",
            "40,000 tokens, private             | auto                      | private         | 40000  | -    | false | false  | false | -                | -              | 503",
            "private, local down: panic         | auto                      | private offline | 300    | -    | false | false  | false | gpu-3070 gaming-pc | small-prompt | gpu-3070/qwen2.5-7b-instruct",
            "private short chat                 | auto                      | no_cloud        | 300    | -    | false | false  | false | -                | small-prompt   | gpu-3070/qwen2.5-7b-instruct",
            "concrete model                     | gaming-pc/qwen2.5-32b-instruct | -          | 300    | -    | false | false  | false | -                | explicit-model | gaming-pc/qwen2.5-32b-instruct",
            "concrete 3090 in gaming mode       | gaming-pc/qwen2.5-32b-instruct | -          | 300    | -    | false | true   | false | -                | -              | 503",
            "alias big, gaming mode, forced     | big                       | force_big       | 300    | -    | false | true   | true  | -                | explicit-model | gaming-pc/qwen2.5-32b-instruct",
            "alias claude                       | claude                    | -               | 300    | -    | false | false  | false | -                | explicit-model | opencode/claude-sonnet-4.5 openrouter/anthropic/claude-sonnet-4.5",
            "bare model id                      | glm-4.7                   | -               | 300    | -    | false | false  | false | -                | explicit-model | opencode/glm-4.7",
            "background title                   | auto                      | -               | 9000   | -    | true  | false  | false | -                | background-task | gpu-3070/qwen2.5-7b-instruct",
            "burst                              | auto                      | burst           | 300    | -    | false | false  | false | -                | burst          | openrouter/openai/gpt-4o-mini opencode/glm-4.7 opencode/claude-sonnet-4.5 openrouter/anthropic/claude-sonnet-4.5 gpu-3070/qwen2.5-7b-instruct",
            "burst but private                  | auto                      | burst private   | 300    | -    | false | false  | false | -                | burst          | gpu-3070/qwen2.5-7b-instruct",
            "code task                          | auto                      | -               | 3000   | code | false | false  | false | -                | task-type      | gpu-3070/qwen2.5-coder-7b-instruct gpu-3070/qwen2.5-7b-instruct openrouter/openai/gpt-4o-mini",
            "jira task                          | auto                      | -               | 300    | jira | false | false  | false | -                | task-type      | gpu-3070/llama3.1-8b-instruct gpu-3070/qwen2.5-7b-instruct openrouter/openai/gpt-4o-mini",
            "math is complex                    | auto                      | -               | 300    | math | false | false  | false | -                | complex-task   | opencode/glm-4.7 opencode/claude-sonnet-4.5 openrouter/anthropic/claude-sonnet-4.5 openrouter/openai/gpt-4o-mini"})
    void followsTheHomeLabPlan(String situation, String model, String tags, int tokens, String task, boolean background,
                               boolean gaming, boolean forceBig, String down, String rule, String chain) {
        Signals s = signals(model, tags, tokens, task, background, gaming, forceBig, down);
        if ("503".equals(chain)) {
            ApiException e = assertThrows(ApiException.class, () -> policy.decide(s), situation);
            assertEquals(503, e.status());
            assertEquals("no_backend_available", e.error().error().code());
            return;
        }
        Decision decision = policy.decide(s);
        assertEquals(rule, decision.rule(), situation);
        assertEquals(chain, String.join(" ", decision.chain().stream().map(Target::toString).toList()), situation);
    }

    @Test
    void whenEveryCandidateIsMarkedDownTheyAreTriedAnywayAndTheReasonSaysSo() {
        Decision d = policy.explain(signals("auto", "private offline", 300, null, false, false, false,
                "gpu-3070 gaming-pc"));
        assertTrue(d.inPanic());
        assertEquals(List.of(Target.parse("gpu-3070/qwen2.5-7b-instruct")), d.chain(), "privacy still holds in panic");
        assertTrue(d.reason().contains("panic: every candidate is marked down or its circuit open (gpu-3070)"),
                d.reason());
        assertTrue(d.panic().contains("tagged offline, private and no local backend is available"), d.panic());
        Decision healthy = policy.explain(signals("auto", null, 300, null, false, false, false, "gaming-pc"));
        assertFalse(healthy.inPanic(), "one candidate up is no panic");
    }

    @Test
    void anEmptyChainNamesTheReason() {
        ApiException e = assertThrows(ApiException.class, () -> policy.decide(
                signals("cloud", "private offline", 300, null, false, false, false, null)));
        ApiException gaming = assertThrows(ApiException.class, () -> policy.decide(
                signals("big", null, 300, null, false, true, false, null)));
        assertTrue(gaming.getMessage().contains("gaming mode (send X-Force-Big: true"), gaming.getMessage());
    }

    @Test
    void explainsEveryRuleTriedAndEveryFilter() {
        Decision d = policy.decide(signals("auto", "private", 5000, null, false, false, false, null));
        assertEquals("medium-prompt", d.rule());
        assertEquals(List.of("explicit-model", "background-task", "burst", "gaming-mode", "complex-task", "complex-prompt", "task-type",
                "small-prompt", "medium-prompt"), d.rules().stream().map(Decision.RuleTrace::name).toList());
        assertTrue(d.rules().get(7).why().contains("5000 tokens >= 2000"), d.rules().get(7).why().toString());
        assertEquals("privacy", d.filters().get(0).name());
        assertEquals(List.of(Target.parse("openrouter/openai/gpt-4o-mini")), d.filters().get(0).removed());
        assertTrue(d.reason().startsWith("rule medium-prompt (5000 tokens; filtered: privacy)"), d.reason());
    }

    @Test
    void invalidConfigurationNamesEveryKeyPath() {
        String yaml = """
                backends:
                  gpu:
                    url: "ftp://x"
                    location: garage
                    models: []
                  ok: {url: "http://localhost:1", models: [m], timeouts: {idle: soon}}
                aliases:
                  small: [ok/m, gpu3070/x]
                rules:
                  - name: r
                    when: {tokens-below: 10, colour: red, available: [nope]}
                    route: [small, missing]
                  - route: []
                """;
        RoutingTableLoader.InvalidRoutingConfig e = assertThrows(RoutingTableLoader.InvalidRoutingConfig.class,
                () -> RoutingTableLoader.load(yaml, n -> null));
        List<String> expected = List.of(
                "backends.gpu.url: not an http(s) URL: 'ftp://x'",
                "backends.gpu.location: 'home' or 'cloud', not 'garage'",
                "backends.gpu.models: name at least one model",
                "backends.ok.timeouts.idle: not a duration (e.g. 500ms, 5s, 2m): 'soon'",
                "aliases.small[1]: unknown backend/model or alias 'gpu3070/x'",
                "rules[0].when.colour: unknown condition",
                "rules[0].when.available: unknown backend 'nope'",
                "rules[0].route[1]: unknown backend/model or alias 'missing'",
                "rules[1].route: name at least one backend/model");
        for (String problem : expected) {
            assertTrue(e.problems().stream().anyMatch(p -> p.startsWith(problem)), problem + " not in " + e.problems());
        }
    }

    @Test
    void pricesComeFromTheTableAndLocalModelsAreFree() {
        assertEquals(new Price(0.15, 0.60), TABLE.price(Target.parse("openrouter/openai/gpt-4o-mini")));
        assertEquals(Price.FREE, TABLE.price(Target.parse("gpu-3070/qwen2.5-7b-instruct")));
        assertEquals(0.0105, TABLE.price(Target.parse("openrouter/anthropic/claude-sonnet-4.5")).cost(1000, 500), 1e-12);
        String yaml = """
                backends:
                  c: {url: "http://x", models: [m], price: {input: -1, output: 2}, model-prices: {n: {input: 1, output: 1}}}
                rules: [{route: [c/m]}]
                """;
        RoutingTableLoader.InvalidRoutingConfig e = assertThrows(RoutingTableLoader.InvalidRoutingConfig.class,
                () -> RoutingTableLoader.load(yaml, n -> null));
        assertTrue(e.problems().contains("backends.c.model-prices.n: not one of this backend's models"), e.problems().toString());
        assertTrue(e.problems().stream().anyMatch(p -> p.startsWith("backends.c.price: expected {input")), e.problems().toString());
    }

    @Test
    void readsSecretsAndAddressesFromTheEnvironment() {
        RoutingTable table = RoutingTableLoader.load(defaultYaml(), Map.of("GAMING_PC_URL", "http://192.0.2.7:8000",
                "OPENROUTER_API_KEY", "sk-or-test")::get);
        assertEquals("http://192.0.2.7:8000", table.backends().get("gaming-pc").baseUrl().toString());
        assertEquals("sk-or-test", table.backends().get("openrouter").apiKey().orElseThrow());
        assertTrue(table.backends().get("gpu-3070").apiKey().isEmpty());
        assertTrue(table.backends().get("openrouter").leavesHouse());
        assertTrue(table.backends().get("gaming-pc").gamingPc());
    }
}
