package dev.localai.opencode;

import dev.localai.opencode.config.BridgeConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

import java.time.Duration;
import java.util.Map;

/** A {@link BridgeConfig} from properties, outside Quarkus, as the service would read them. */
public final class TestConfigs {

    private TestConfigs() {
    }

    public static BridgeConfig bridge(Map<String, String> properties) {
        return bridge(properties, Map.of());
    }

    /** With environment variables too, which win over the properties as they do in the service. */
    public static BridgeConfig bridge(Map<String, String> properties, Map<String, String> environment) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(BridgeConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())      // "90s", as Quarkus reads it
                .withSources(new PropertiesConfigSource(properties, "test", 250))
                .withSources(new EnvConfigSource(environment, 300)).build();
        return config.getConfigMapping(BridgeConfig.class);
    }
}
