package dev.localai.router.routing;

import dev.localai.testsupport.upstream.FakeUpstream;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The shipped routing-default.yaml with its addresses pointed at three fakes: the 3070 ({@link #SMALL}),
 * the gaming PC with a status page ({@link #BIG}), and the cloud (OpenCode and OpenRouter,
 * {@link #CLOUD}). The routing file is a temp copy that tests may rewrite to check hot reload.
 */
public class HomeLabResource implements QuarkusTestResourceLifecycleManager {

    public static FakeUpstream SMALL;
    public static FakeUpstream BIG;
    public static FakeUpstream CLOUD;
    static Path ROUTING_FILE;
    static String DEFAULT_YAML;

    @Override
    public Map<String, String> start() {
        SMALL = FakeUpstream.start().answer("small answers");
        BIG = FakeUpstream.start().answer("big answers").statusPage("{\"gaming_mode\":false}");
        CLOUD = FakeUpstream.start().answer("cloud answers");
        try (InputStream in = HomeLabResource.class.getResourceAsStream("/routing-default.yaml")) {
            DEFAULT_YAML = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replaceAll("\\$\\{ROUTER_3070_URL:[^}]*}", SMALL.baseUrl())
                    .replaceAll("\\$\\{GAMING_PC_URL:[^}]*}", BIG.baseUrl())
                    .replaceAll("\\$\\{OPENCODE_URL:[^}]*}", CLOUD.baseUrl())
                    .replaceAll("\\$\\{OPENROUTER_URL:[^}]*}", CLOUD.baseUrl())
                    .replaceAll("\\$\\{OPENROUTER_API_KEY:[^}]*}", "sk-or-test-key");
            ROUTING_FILE = Files.createTempFile("routing", ".yaml");
            Files.writeString(ROUTING_FILE, DEFAULT_YAML);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("router.routing-file", ROUTING_FILE.toString(),
                "router.routing-reload-interval", "200ms",
                "router.gaming-pc.poll-interval", "200ms",
                "router.health.interval", "200ms");
    }

    @Override
    public void stop() {
        for (FakeUpstream fake : new FakeUpstream[]{SMALL, BIG, CLOUD}) {
            if (fake != null) {
                fake.close();
            }
        }
        try {
            Files.deleteIfExists(ROUTING_FILE);
        } catch (IOException ignored) {
            // a temp file left behind is harmless
        }
    }
}
