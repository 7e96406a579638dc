package dev.localai.router.routing.signals;

import dev.localai.router.Tags;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.localai.openai.ChatCompletionRequest;
import dev.localai.openai.ChatMessage;
import dev.localai.openai.MessageContent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SignalsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ChatCompletionRequest chat(String... userThenAssistant) {
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(ChatMessage.system("You are helpful."));
        for (int i = 0; i < userThenAssistant.length; i++) {
            messages.add(i % 2 == 0 ? ChatMessage.user(userThenAssistant[i]) : ChatMessage.assistant(userThenAssistant[i]));
        }
        return ChatCompletionRequest.of("auto", messages);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "summarise my tax papers #private                 | summarise my tax papers            | private         | ",
            "#no_cloud #force-big explain this                 | explain this                       | no_cloud force_big | ",
            "#Offline: what is 2+2?                            | : what is 2+2?                     | offline         | ",
            "fix bug #123 in the parser #code                  | fix bug #123 in the parser         | code            | ",
            "# Heading stays, #burst goes                      | # Heading stays, goes              | burst           | ",
            "mail me at a#b.com and #hashtag                   | mail me at a#b.com and #hashtag    |                 | hashtag"})
    void hashTagsAreReadFromTheLastUserMessageAndKnownOnesRemoved(String text, String forwarded, String known,
                                                                  String unknown) {
        HashTags.Result result = HashTags.extract(chat("earlier #private question", "answer", text));
        assertEquals(forwarded, result.request().messages().get(3).text());
        assertEquals(known == null ? Set.of() : Set.of(known.split(" ")), result.tags().known());
        assertEquals(unknown == null ? Set.of() : Set.of(unknown.split(" ")), result.tags().unknown());
        assertEquals("earlier #private question", result.request().messages().get(1).text(), "only the last user message");
    }

    @Test
    void aRequestWithoutKnownTagsIsForwardedAsTheSameObject() {
        ChatCompletionRequest request = chat("no tags here, #123 at most");
        assertSame(request, HashTags.extract(request).request());
    }

    @Test
    void tagsInContentPartsAreRemovedFromTextPartsOnly() {
        ChatMessage user = new ChatMessage("user", MessageContent.parts(List.of(
                MessageContent.Part.text("describe this #private"),
                new MessageContent.Part("image_url", null, JSON.createObjectNode().put("url", "data:x"), null, null, null))),
                null, null, null, null, null);
        HashTags.Result result = HashTags.extract(ChatCompletionRequest.of("auto", List.of(user)));
        MessageContent.Parts parts = (MessageContent.Parts) result.request().messages().get(0).content();
        assertEquals("describe this", parts.parts().get(0).text());
        assertEquals("data:x", parts.parts().get(1).imageUrl().get("url").asText());
        assertTrue(result.tags().staysHome());
    }

    @Test
    void tagsMergeAndNameTheirTaskType() {
        Tags tags = Tags.of(List.of("burst", "X-unknown")).plus(Tags.of(List.of("#Mermaid", "private")));
        assertEquals(Set.of("burst", "mermaid", "private"), tags.known());
        assertEquals(Set.of("x_unknown"), tags.unknown());
        assertEquals("mermaid", tags.taskType());
        assertTrue(tags.staysHome());
        assertFalse(Tags.of(List.of("burst")).staysHome());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NONE", value = {
            "Draw a mermaid flowchart of our login                | mermaid",
            "Write the Jira user story for password reset         | jira",
            "Why does this Java code throw an exception?          | code",
            "```\\nSELECT 1\\n```                                 | code",
            "Prove that the square root of two is irrational     | math",
            "Update the README for the new flags                  | docs",
            "Make an SVG logo for the home lab                    | graphics",
            "What should I cook tonight?                          | NONE",
            "My functional requirements are unclear              | NONE"})
    void detectsTaskTypesFromWholeKeywords(String text, String expected) {
        assertEquals(expected, TaskTypes.defaultTable().detect(text.replace("\\n", "\n")));
    }

    @Test
    void recognisesOpenWebUiBackgroundTasksByMetadataOrTemplate() throws Exception {
        ChatCompletionRequest byMetadata = JSON.readValue("{\"model\":\"auto\",\"metadata\":{\"task\":\"title_generation\","
                + "\"task_body\":{}},\"messages\":[{\"role\":\"user\",\"content\":\"anything\"}]}", ChatCompletionRequest.class);
        assertEquals("title_generation", BackgroundRequests.detect(byMetadata));
        assertEquals("ui_task", BackgroundRequests.detect(chat("### Task:\nGenerate a concise, 3-5 word title with an "
                + "emoji summarizing the chat history.\n### Chat History:\n...")));
        assertEquals("ui_task", BackgroundRequests.detect(chat("### Task:\nSuggest 3-5 relevant follow-up questions")));
        assertNull(BackgroundRequests.detect(chat("Give my chat a title, please")));
        assertNull(BackgroundRequests.detect(chat("### Task:\nRefactor this class")));
    }

    @Test
    void countsLongTextsFromSamplesWithinAFewPercent() {
        TokenEstimator estimator = new TokenEstimator(16);
        String prose = "Routing keeps private questions at home, sends long documents to the big GPU, and only "
                + "pays for the cloud when the house cannot answer. ";
        String code = "for (int i = 0; i < items.size(); i++) { total += items.get(i).price() * rate; }\n";
        for (String text : List.of(prose.repeat(120), code.repeat(150), (prose + code).repeat(80))) {
            int exact = estimator.exact(text);
            int estimate = estimator.count(text);
            assertTrue(text.length() > TokenEstimator.EXACT_CHARS);
            assertTrue(Math.abs(estimate - exact) <= exact * 0.05, "estimate " + estimate + " vs exact " + exact);
        }
    }

    @Test
    void estimatesPromptTokensWithARealTokenizerAndCachesLongMessages() {
        TokenEstimator estimator = new TokenEstimator(16);
        assertEquals(2, estimator.count("Hello world"));
        String paragraph = "The router sends each request to the cheapest backend that is allowed. ".repeat(40);
        int once = estimator.count(paragraph);
        assertTrue(once > 400 && once < 600, "tokens: " + once);
        assertEquals(once, estimator.count(new String(paragraph)), "a cached count equals a fresh one");

        int prompt = estimator.promptTokens(chat(paragraph));
        int expected = TokenEstimator.REPLY_PRIMING + 2 * TokenEstimator.PER_MESSAGE + estimator.count("system")
                + estimator.count("You are helpful.") + estimator.count("user") + once;
        assertEquals(expected, prompt);
    }
}
