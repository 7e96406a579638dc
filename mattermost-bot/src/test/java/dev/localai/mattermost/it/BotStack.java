package dev.localai.mattermost.it;

import dev.localai.standins.mattermost.MattermostStub;
import dev.localai.standins.upstream.FakeUpstream;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts what the packaged bot talks to and gives it the configuration a user would: the Mattermost stand-in
 * ({@code MATTERMOST_URL}, the bot's token), alice as the one user allowed control commands, a slash command token,
 * and short timings so drops and timeouts show within seconds. Subclasses add the gaming PC or the router. Fields
 * annotated {@link InjectStack} receive the {@link Stack}.
 */
public abstract class BotStack implements QuarkusTestResourceLifecycleManager {

    static final Path WORK = Path.of("target", "it").toAbsolutePath();
    static final String STATUS_TIMEOUT = "quarkus.fault-tolerance.\"dev.localai.mattermost.gamingpc.GamingPcClient/status\".timeout.value";
    static final String MODE_TIMEOUT = "quarkus.fault-tolerance.\"dev.localai.mattermost.gamingpc.GamingPcClient/gamingMode\".timeout.value";

    protected Stack stack;
    protected final List<AutoCloseable> closing = new ArrayList<>();

    @Override
    public Map<String, String> start() {
        MattermostStub mattermost = MattermostStub.start();
        closing.add(mattermost);
        stack = new Stack(mattermost);
        Map<String, String> config = new LinkedHashMap<>();
        config.put("mattermost.url", mattermost.baseUrl());
        config.put("mattermost.token", Stack.BOT_TOKEN);
        config.put("mattermost.allowed-users", "alice");
        config.put("mattermost.slash.tokens", Stack.SLASH_TOKEN);
        config.put("mattermost.websocket.ping-interval", "1s");
        config.put("mattermost.websocket.reconnect-initial", "100ms");
        config.put("mattermost.websocket.reconnect-max", "1s");
        config.put("mattermost.chat.edit-interval", "200ms");
        config.put("mattermost.gaming-pc.token", Stack.PC_TOKEN);
        config.put(STATUS_TIMEOUT, "1500");
        config.put("mattermost.router.url", FakeUpstream.unusedPortUrl());     // never a router someone runs here
        try {
            services(config);
        } catch (Exception e) {
            stop();
            throw new IllegalStateException("cannot start the bot's peers: " + e.getMessage(), e);
        }
        return config;
    }

    /** Starts the peers this test needs and adds their configuration for the bot. */
    protected abstract void services(Map<String, String> config) throws Exception;

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(stack, new TestInjector.AnnotatedAndMatchesType(InjectStack.class, Stack.class));
    }

    @Override
    public void stop() {
        for (int i = closing.size() - 1; i >= 0; i--) {
            try {
                closing.get(i).close();
            } catch (Exception e) {
                System.err.println("could not stop " + closing.get(i) + ": " + e);
            }
        }
        closing.clear();
    }
}
