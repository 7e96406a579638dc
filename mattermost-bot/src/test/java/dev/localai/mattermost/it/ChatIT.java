package dev.localai.mattermost.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.localai.standins.mattermost.ChatPost;
import dev.localai.standins.upstream.Behaviour;
import dev.localai.standins.upstream.RecordedRequest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The packaged bot chatting through the real, packaged router (on embedded PostgreSQL) to a streaming fake backend. */
@QuarkusIntegrationTest
@QuarkusTestResource(value = WithRouter.class, restrictToAnnotatedClass = true)
class ChatIT {

    private static final String STORY = "Once upon a time a small GPU served a whole household and never slept";

    @InjectStack
    Stack stack;

    @BeforeEach
    void connected() {
        assertTrue(stack.mattermost.awaitConnected(stack.bot, Stack.WAIT));
        stack.upstream().answer(STORY).behave(Behaviour.normal().chunkDelay(Duration.ofMillis(120)));
    }

    @AfterEach
    void fresh() {
        stack.upstream().reset();
        stack.mattermost.reset();
    }

    /** The last chat the router sent the fake (the router also probes it with GET /v1/models). */
    private RecordedRequest lastChat() {
        List<RecordedRequest> chats = stack.upstream().requests().stream()
                .filter(r -> r.path().equals("/v1/chat/completions")).toList();
        return chats.get(chats.size() - 1);
    }

    private static boolean done(String text) {
        return text.contains("_— answered by") || text.contains("⏱") || text.contains("can't reach");
    }

    @Test
    void aChatStreamsIntoOnePostEditedAsTokensArriveAndSaysWhichBackendAnswered() {
        ChatPost question = stack.say(stack.alice, "@tayne tell me a story");
        ChatPost answer = stack.awaitAnswer(question, ChatIT::done);
        assertTrue(answer.message().startsWith(STORY + "\n\n_— answered by **fake** (fake-model) · rule otherwise"),
                answer.message());
        assertTrue(answer.versions().size() >= 3, "a placeholder, text as it came, then the whole answer: " + answer.versions());
        assertTrue(answer.versions().get(1).startsWith("Once") && answer.versions().get(1).length() < STORY.length(),
                "an early edit holds part of the answer: " + answer.versions());
        assertEquals(1, stack.answers(question).size(), "one post, edited");
        JsonNode sent = lastChat().json();
        assertEquals("tell me a story", sent.path("messages").path(0).path("content").asText(), "without the mention");
    }

    @Test
    void aReplyInTheThreadSendsTheThreadsEarlierMessagesAlong() {
        ChatPost question = stack.say(stack.alice, "@tayne tell me a story");
        stack.awaitAnswer(question, ChatIT::done);
        stack.upstream().answer("And they all lived happily.");
        ChatPost follow = stack.mattermost.reply(stack.alice, question, "@tayne and then?");
        assertTrue(stack.awaitAnswer(follow, ChatIT::done).message().startsWith("And they all lived happily."));
        JsonNode messages = lastChat().json().path("messages");
        assertEquals(3, messages.size(), messages.toString());
        assertEquals("user", messages.path(0).path("role").asText());
        assertEquals("tell me a story", messages.path(0).path("content").asText());
        assertEquals("assistant", messages.path(1).path("role").asText());
        assertEquals(STORY, messages.path(1).path("content").asText(), "the bot's answer without its footer");
        assertEquals("and then?", messages.path(2).path("content").asText());
    }

    @Test
    void aBackendThatDoesNotAnswerInTimeGetsAReplySayingSo() {
        stack.upstream().behave(Behaviour.hang());
        ChatPost answer = stack.awaitAnswer(stack.say(stack.alice, "@tayne are you there?"), ChatIT::done);
        assertTrue(answer.message().startsWith("⏱ The router did not answer within 3 s"), answer.message());
    }

    @Test
    void modelsAndCostsComeFromTheRouter() {
        ChatPost models = stack.awaitAnswer(stack.say(stack.alice, "@tayne models"));
        assertTrue(models.message().contains("`fake/fake-model`"), models.message());
        stack.awaitAnswer(stack.say(stack.alice, "@tayne hello"), ChatIT::done);
        ChatPost costs = stack.awaitAnswer(stack.say(stack.alice, "@tayne costs"));
        assertTrue(costs.message().startsWith("💰 **Today**: "), costs.message());
        assertTrue(costs.message().contains("saved by serving at home"), costs.message());
    }
}
