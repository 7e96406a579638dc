package dev.localai.router.quality;

import dev.localai.openai.ChatCompletionRequest;
import dev.localai.openai.ChatMessage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The checks judge on answers a local model really gives. */
class ChecksTest {

    private static final ChatCompletionRequest PLAIN = ChatCompletionRequest.of("auto", List.of(ChatMessage.user("q")));

    private static Score check(String text, String task, String finish) {
        return Checks.score(new Answer(text, true, finish, List.of(), null, false, PLAIN, task));
    }

    @Test
    void aPlainGoodAnswerPasses() {
        assertEquals(1.0, check("Paris is the capital of France.", null, "stop").value());
    }

    @Test
    void anEmptyAnswerScoresZeroUnlessItCallsTools() {
        assertEquals(0.0, check("  \n", null, "stop").value());
        assertEquals(1.0, Checks.score(new Answer("", true, "tool_calls", List.of(), null, true, PLAIN, null)).value());
    }

    @Test
    void refusalsAreCaughtAndAnswersThatMentionInabilityLaterAreNot() {
        assertEquals(0.1, check("I'm sorry, but I can't help with that.", null, "stop").value());
        assertEquals(0.1, check("As an AI language model, I cannot browse the web.", null, "stop").value());
        assertEquals(0.1, check("Unfortunately, I am unable to provide that information.", null, "stop").value());
        assertEquals(1.0, check("Use a lock. Without one the threads cannot help racing each other.", null, "stop")
                .value());
    }

    @Test
    void anAnswerCutByTheTokenLimitScoresLow() {
        Score s = check("The first step is to", null, "length");
        assertEquals(0.3, s.value());
        assertTrue(s.reasons().get(0).contains("token limit"));
    }

    @Test
    void repetitionLoopsAreCaught() {
        assertEquals(0.2, check("the cat sat on ".repeat(12), null, "stop").value());
        assertEquals(0.2, check("Yes.\nYes.\nYes.\nYes.\nYes.", null, "stop").value());
        assertEquals(0.2, check("Hmm" + "!".repeat(50), null, "stop").value());
        assertEquals(1.0, check("""
                1. Preheat the oven.
                2. Mix flour and eggs.
                3. Bake for twenty minutes.
                4. Let it cool before you cut it.""", null, "stop").value());
    }

    @Test
    void jsonIsRequiredWhenResponseFormatAsksForIt() {
        ChatCompletionRequest json = new ChatCompletionRequest("auto", List.of(ChatMessage.user("q")), null, null, null,
                null, null, null, null, null, null, null, null, null, null,
                new ChatCompletionRequest.ResponseFormat("json_object", null, null), null);
        assertEquals(0.0, Checks.score(new Answer("{\"a\": 1", true, "stop", List.of(), null, false, json, null)).value());
        assertEquals(1.0, Checks.score(new Answer("```json\n{\"a\": 1}\n```", true, "stop", List.of(), null, false, json,
                null)).value());
    }

    @Test
    void codeThatDoesNotParseScoresLowForTheCodeTaskOnly() {
        String broken = "Here you go:\n```java\nclass A { void f() { if (x) { } }\n```\n";
        assertEquals(0.2, check(broken, "code", "stop").value());
        assertEquals(1.0, check(broken, null, "stop").value());
        assertEquals(0.2, check("```python\nprint('hi'\n```", "code", "stop").value());
        assertEquals(0.2, check("```js\nconst a = [1, 2\n", "code", "stop").value(), "a fence never closed");
        assertEquals(0.2, check("```json\n{\"a\": }\n```", "code", "stop").value());
        assertEquals(1.0, check("""
                ```python
                # a comment with a ( bracket
                def f(x):
                    return {"k": [x, 'it\\'s']}  # don't
                ```""", "code", "stop").value());
        assertEquals(1.0, check("```java\nString s = \"}\"; // }\nchar c = '{';\n```", "code", "stop").value());
    }

    @Test
    void mermaidMustNameADiagramAndBalanceItsBrackets() {
        assertEquals(1.0, check("```mermaid\nflowchart LR\n  A[Start] --> B{Ok?}\n  B -->|yes| C(Done)\n```",
                "mermaid", "stop").value());
        assertEquals(0.2, check("```mermaid\nflowchart LR\n  A[Start --> B\n```", "mermaid", "stop").value());
        assertEquals(0.2, check("```mermaid\nflowchar LR\n  A --> B\n```", "mermaid", "stop").value());
        assertEquals(1.0, check("sequenceDiagram\n  Alice->>Bob: Hi", "mermaid", "stop").value());
    }

    @Test
    void theHeldStartOfAStreamIsOnlyCheckedForWhatAPrefixCanFail() {
        Score s = Checks.score(new Answer("```java\nclass A {", false, null, List.of(), null, false, PLAIN, "code"));
        assertEquals(1.0, s.value(), "an open block is what a prefix looks like");
    }

    @Test
    void judgesCombineTheChecksAsAGateWithTheMeanOfTheOthers() {
        Score combined = Judges.combine(Score.of(1, "checks: passed"), List.of(Score.of(0.2, "a"), Score.of(0.6, "b"),
                Score.abstain("c")));
        assertEquals(0.4, combined.value(), 1e-9);
        assertEquals(0.3, Judges.combine(Score.of(0.3, "cut"), List.of(Score.of(0.9, "a"))).value(), 1e-9);
        assertTrue(Judges.combine(null, List.of(Score.abstain("x"))).abstains(), "nothing could say: unscored");
    }

    @Test
    void selfReportedConfidenceIsUnwrappedFromWhatModelsReallyWrite() {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertEquals(0.85, SelfConfidence.unwrap("Sure! {\"answer\": \"42\", \"confidence\": \"85%\"}", json)
                .confidence(), 1e-9);
        assertEquals("42", SelfConfidence.unwrap("{\"answer\": \"42\", \"confidence\": 0.7}", json).answer());
        assertTrue(Double.isNaN(SelfConfidence.unwrap("just 42", json).confidence()));
        assertTrue(Double.isNaN(SelfConfidence.unwrap("{\"answer\": \"42\"}", json).confidence()));
    }

    @Test
    void logprobsScoreTheGeometricMeanProbability() {
        Score s = Logprobs.score(new Answer("a b", true, "stop", List.of(-0.1, -0.3), null, false, PLAIN, null));
        assertEquals(Math.exp(-0.2), s.value(), 1e-9);
        assertTrue(Logprobs.score(new Answer("a", true, "stop", List.of(), null, false, PLAIN, null)).abstains());
    }
}
