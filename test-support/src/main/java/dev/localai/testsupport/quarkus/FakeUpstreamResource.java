package dev.localai.testsupport.quarkus;

import dev.localai.testsupport.upstream.FakeUpstream;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Starts a {@link FakeUpstream} and configures the router with two backends: {@code fake}, the
 * default, served by it (model {@code fake-model}), and {@code down}, whose URL refuses connections
 * (model {@code down-model}). Fields annotated {@link InjectFakeUpstream} receive the fake.
 * Init args: {@code idle-timeout} (default {@code 3s}).
 */
public class FakeUpstreamResource implements QuarkusTestResourceLifecycleManager {

    private FakeUpstream fake;
    private String idleTimeout = "3s";

    @Override
    public void init(Map<String, String> initArgs) {
        idleTimeout = initArgs.getOrDefault("idle-timeout", idleTimeout);
    }

    @Override
    public Map<String, String> start() {
        fake = FakeUpstream.start().models("fake-model");
        Map<String, String> config = new LinkedHashMap<>();
        config.put("router.backends.fake.url", fake.baseUrl());
        config.put("router.backends.fake.models", "fake-model");
        config.put("router.backends.fake.timeouts.idle", idleTimeout);
        config.put("router.backends.down.url", FakeUpstream.unusedPortUrl());
        config.put("router.backends.down.models", "down-model");
        config.put("router.default-backend", "fake");
        return config;
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(fake,
                new TestInjector.AnnotatedAndMatchesType(InjectFakeUpstream.class, FakeUpstream.class));
    }

    @Override
    public void stop() {
        if (fake != null) {
            fake.close();
        }
    }
}
