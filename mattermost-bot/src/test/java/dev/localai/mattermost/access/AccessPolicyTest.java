package dev.localai.mattermost.access;

import dev.localai.mattermost.Command;
import dev.localai.mattermost.Requester;
import dev.localai.mattermost.config.BotConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.common.MapBackedConfigSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccessPolicyTest {

    private static AccessPolicy policy(Map<String, String> settings) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(BotConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new MapBackedConfigSource("test", settings) { }).build();
        return new AccessPolicy(config.getConfigMapping(BotConfig.class));
    }

    private static final Requester ALICE = new Requester("aliceid", "alice", "c1", "town-square", false);
    private static final Requester BOB = new Requester("bobid", "bob", "c1", "town-square", false);
    private static final Command ON = Command.of(Command.Kind.GAMING_MODE_ON);

    @Test
    void withoutListsEveryoneMayUseEveryCommand() {
        assertNull(policy(Map.of()).refusal(ON, BOB));
    }

    @Test
    void controlCommandsAreLimitedToTheListedUsersByNameOrIdAnyCase() {
        AccessPolicy policy = policy(Map.of("mattermost.allowed-users", "@Alice,carolid"));
        assertNull(policy.refusal(ON, ALICE));
        assertNull(policy.refusal(ON, new Requester("carolid", "carol", "c1", "town-square", false)));
        String refusal = policy.refusal(ON, BOB);
        assertTrue(refusal.contains("Sorry @bob") && refusal.contains("@alice"), refusal);
        assertNull(policy.refusal(Command.of(Command.Kind.GAMING_STATUS), BOB), "status is open to everyone");
        assertNull(policy.refusal(Command.chat("hello"), BOB), "so are chats");
    }

    @Test
    void controlCommandsCanBeLimitedToChannelsAndBothListsMustAgree() {
        AccessPolicy policy = policy(Map.of("mattermost.allowed-users", "alice", "mattermost.allowed-channels", "~gaming"));
        assertTrue(policy.refusal(ON, ALICE).contains("~gaming"));
        assertNull(policy.refusal(ON, new Requester("aliceid", "alice", "c2", "gaming", false)));
        assertTrue(policy.refusal(ON, new Requester("bobid", "bob", "c2", "gaming", false)).contains("Sorry @bob"));
    }
}
