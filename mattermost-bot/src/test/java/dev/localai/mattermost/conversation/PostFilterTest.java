package dev.localai.mattermost.conversation;

import dev.localai.mattermost.server.Post;
import dev.localai.mattermost.server.Posted;
import dev.localai.mattermost.server.User;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class PostFilterTest {

    private static final User ME = new User("botid", "tayne", true);
    private final PostFilter filter = new PostFilter();

    private static Posted posted(String id, String user, String message, String channelType, List<String> mentions,
                                 Map<String, Object> props, String type) {
        return new Posted(new Post(id, 1, user, "channel", "", message, type, props), channelType, "town-square",
                "@" + user, mentions);
    }

    private static Posted inChannel(String id, String message) {
        return posted(id, "alice", message, "O", List.of(), Map.of(), "");
    }

    @Test
    void theBotsOwnPostsAreNeverAnsweredEvenWhenTheyMentionIt() {
        assertEquals("own", filter.ignored(posted("p1", "botid", "I'm @tayne", "O", List.of(), Map.of(), ""), ME));
    }

    @Test
    void onlyPostsThatMentionTheBotAreAnsweredInAChannel() {
        assertEquals("not-mentioned", filter.ignored(inChannel("p1", "gaming mode on"), ME));
        assertEquals("not-mentioned", filter.ignored(inChannel("p2", "ask @tayneton"), ME));
        assertEquals("not-mentioned", filter.ignored(inChannel("p3", "mail me at x@tayne.dev"), ME));
        assertNull(filter.ignored(inChannel("p4", "@tayne gaming mode on"), ME));
        assertNull(filter.ignored(inChannel("p5", "hey @Tayne."), ME));
        assertNull(filter.ignored(posted("p6", "alice", "what about this", "O", List.of("botid"), Map.of(), ""), ME),
                "Mattermost's mentions list counts too");
    }

    @Test
    void aDirectMessageNeedsNoMention() {
        assertNull(filter.ignored(posted("p1", "alice", "gaming status", "D", List.of(), Map.of(), ""), ME));
    }

    @Test
    void systemMessagesAndPostsOfIntegrationsAreNotAnswered() {
        assertEquals("system", filter.ignored(posted("p1", "alice", "@tayne joined", "O", List.of(), Map.of(),
                "system_join_channel"), ME));
        assertEquals("integration", filter.ignored(posted("p2", "alice", "@tayne on", "O", List.of(),
                Map.of("from_webhook", "true"), ""), ME));
        assertEquals("integration", filter.ignored(posted("p3", "otherbot", "@tayne hi", "O", List.of(),
                Map.of("from_bot", "true"), ""), ME));
    }

    @Test
    void eachPostIsAnsweredOnceHoweverOftenItArrives() {
        assertNull(filter.ignored(inChannel("p1", "@tayne help"), ME));
        assertEquals("seen", filter.ignored(inChannel("p1", "@tayne help"), ME));
        assertNull(filter.ignored(inChannel("p2", "@tayne help"), ME));
    }

    @Test
    void theMentionIsRemovedFromTheTextTheBotReads() {
        assertEquals("gaming mode on", Mentions.strip("@tayne gaming mode on", "tayne"));
        assertEquals("gaming mode on", Mentions.strip("@Tayne: gaming mode on", "tayne"));
        assertEquals("what do you think, about this?", Mentions.strip("what do you think, @tayne about this?", "tayne")
                .replace(" ,", ","));
    }
}
