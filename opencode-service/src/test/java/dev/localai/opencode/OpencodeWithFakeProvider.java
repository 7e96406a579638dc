package dev.localai.opencode;

import dev.localai.standins.upstream.FakeUpstream;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bridge as the tests run it: the real OpenCode (the pinned {@code opencode-ai} the build installs) with a
 * {@link FakeUpstream} as its only provider, {@code fake}. The served models are the router's names,
 * {@code glm-4.7} on {@code fake/fake-model} and {@code claude-sonnet-4.5} on {@code fake/fake-vision}, which takes
 * images, plus {@code ghost-model}, whose
 * OpenCode model does not exist, and {@code impatient-model}, whose first token may take 3 s only (the other
 * timeouts are generous: a loaded CI machine must not trip them). Short restart delays keep tests fast. Fields
 * annotated {@link InjectFake} receive the fake. One resource for every test class: one Quarkus application,
 * one OpenCode.
 */
public class OpencodeWithFakeProvider implements QuarkusTestResourceLifecycleManager {

    public static final int MAX_IN_FLIGHT = 4;

    private FakeUpstream fake;

    @Override
    public Map<String, String> start() {
        fake = FakeUpstream.start().models("fake-model");
        Map<String, String> config = new LinkedHashMap<>();
        config.put("opencode.providers.fake.base-url", fake.baseUrl() + "/v1");
        config.put("opencode.providers.fake.name", "Fake provider");
        config.put("opencode.models.glm.target", "fake/fake-model");
        config.put("opencode.models.claude.target", "fake/fake-vision");
        config.put("opencode.models.claude.images", "true");
        config.put("opencode.models.claude.max-output-tokens", "1024");
        config.put("opencode.models.claude.context-window", "32768");
        config.put("opencode.models.ghost.name", "ghost-model");
        config.put("opencode.models.ghost.target", "nowhere/ghost");
        config.put("opencode.models.impatient.name", "impatient-model");
        config.put("opencode.models.impatient.target", "fake/fake-model");
        config.put("opencode.models.impatient.first-token-timeout", "3s");
        config.put("opencode.max-in-flight", String.valueOf(MAX_IN_FLIGHT));
        config.put("opencode.timeouts.first-token", "60s");
        config.put("opencode.timeouts.total", "90s");
        config.put("opencode.restart.initial-delay", "200ms");
        config.put("opencode.restart.max-delay", "2s");
        return config;
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(fake, new TestInjector.AnnotatedAndMatchesType(InjectFake.class, FakeUpstream.class));
    }

    @Override
    public void stop() {
        if (fake != null) {
            fake.close();
        }
    }
}
