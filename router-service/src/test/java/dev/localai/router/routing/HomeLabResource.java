package dev.localai.router.routing;

import java.nio.file.Path;
import dev.localai.testsupport.quarkus.RoutingFileResource;
import dev.localai.standins.upstream.FakeUpstream;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The shipped routing-default.yaml with its addresses pointed at three fakes: the 3070 ({@link #SMALL}),
 * the gaming PC with a status page ({@link #BIG}), and the cloud (OpenCode and OpenRouter,
 * {@link #CLOUD}). The routing file is a temp copy that tests may rewrite to check hot reload.
 */
public class HomeLabResource extends RoutingFileResource {

    public static FakeUpstream SMALL;
    public static FakeUpstream BIG;
    public static FakeUpstream CLOUD;
    static Path ROUTING_FILE;
    static String DEFAULT_YAML;

    @Override
    protected String routing() {
        SMALL = started(FakeUpstream.start().answer("small answers"));
        BIG = started(FakeUpstream.start().answer("big answers").statusPage("{\"gaming_mode\":false}"));
        CLOUD = started(FakeUpstream.start().answer("cloud answers"));
        try (InputStream in = HomeLabResource.class.getResourceAsStream("/routing-default.yaml")) {
            DEFAULT_YAML = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replaceAll("\\$\\{ROUTER_3070_URL:[^}]*}", SMALL.baseUrl())
                    .replaceAll("\\$\\{GAMING_PC_URL:[^}]*}", BIG.baseUrl())
                    .replaceAll("\\$\\{OPENCODE_URL:[^}]*}", CLOUD.baseUrl())
                    .replaceAll("\\$\\{OPENROUTER_URL:[^}]*}", CLOUD.baseUrl())
                    .replaceAll("\\$\\{OPENROUTER_API_KEY:[^}]*}", "sk-or-test-key");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return DEFAULT_YAML;
    }

    @Override
    protected Map<String, String> settings() {
        ROUTING_FILE = file();
        return Map.of("router.routing-reload-interval", "200ms", "router.gaming-pc.poll-interval", "200ms",
                "router.health.interval", "200ms");
    }
}
