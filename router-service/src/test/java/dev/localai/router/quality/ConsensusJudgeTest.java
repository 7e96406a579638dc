package dev.localai.router.quality;

import dev.localai.standins.upstream.Behaviour;
import dev.localai.standins.upstream.FakeUpstream;
import dev.localai.testsupport.postgres.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.localai.router.quality.ConsensusJudgeResource.A;
import static dev.localai.router.quality.ConsensusJudgeResource.B;
import static dev.localai.router.quality.ConsensusJudgeResource.C;
import static dev.localai.router.quality.ConsensusJudgeResource.JUDGE;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Consensus of long answers graded by the file's judge model (a real HTTP fake), and word overlap when it cannot say. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(value = ConsensusJudgeResource.class, restrictToAnnotatedClass = true)
class ConsensusJudgeTest {

    static final String PARIS = "Paris is the capital of France, and it has been the seat of its government for centuries.";
    static final String REWORDED = "The French state is governed from Paris: that city has hosted the national "
            + "government for many hundreds of years.";
    static final String LYON = "Lyon is the capital of France, and it has been the seat of its government for centuries.";

    @BeforeEach
    void fresh() {
        for (FakeUpstream fake : List.of(A, B, C, JUDGE, ConsensusJudgeResource.RULE_JUDGE)) {
            fake.reset();
        }
        C.answer("C answers instead");
    }

    static Response vote() {
        return given().contentType("application/json").body(CascadeTest.chat("What is the capital of France?", false))
                .post("/v1/chat/completions");
    }

    @Test
    void twoLongAnswersInOtherWordsAgreeWhenTheJudgeSaysSo() {
        assertFalse(Agreement.agree(PARIS, REWORDED), "by their words alone they would not");
        A.answer(PARIS);
        B.answer(REWORDED);
        JUDGE.answer("8");
        Response r = vote();
        assertEquals(200, r.statusCode());
        assertEquals("2/2", r.header("X-Router-Consensus"));
        assertEquals("a", r.header("X-Router-Backend"));
        assertEquals(PARIS, r.jsonPath().getString("choices[0].message.content"));
        assertEquals("judge judge/j", r.header("X-Router-Consensus-Similarity"));
        assertTrue(r.header("X-Router-Reason").contains("consensus 2/2; long answers compared by judge judge/j"),
                r.header("X-Router-Reason"));
        List<dev.localai.standins.upstream.RecordedRequest> asked = JUDGE.chatRequests();
        assertEquals(1, asked.size(), "one pair, one question");
        String prompt = asked.get(0).json().path("messages").path(1).path("content").asText();
        assertTrue(prompt.contains("What is the capital of France?") && prompt.contains(PARIS) && prompt.contains(REWORDED),
                prompt);
        assertTrue(asked.get(0).json().path("messages").path(0).path("content").asText().contains("say the same thing"));
        assertEquals(0, C.chatRequests().size(), "the fallback is not asked");
    }

    @Test
    void answersThatShareTheirWordsButNotTheirFactsDisagreeWhenTheJudgeSaysSo() {
        assertTrue(Agreement.agree(PARIS, LYON), "by their words alone they would");
        A.answer(PARIS);
        B.answer(LYON);
        JUDGE.answer("1");
        Response r = vote();
        assertEquals("c", r.header("X-Router-Backend"));
        assertEquals("C answers instead", r.jsonPath().getString("choices[0].message.content"));
        assertTrue(r.header("X-Router-Reason").contains("no consensus (1/2 agreed, 2 needed); long answers compared "
                + "by judge judge/j"), r.header("X-Router-Reason"));
    }

    @Test
    void aJudgePastItsBudgetLeavesTheWordOverlapToDecideAndTheResponseSaysSo() {
        A.answer(PARIS);
        B.answer(LYON);
        JUDGE.behave(Behaviour.hang());
        long start = System.nanoTime();
        Response r = vote();
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals("2/2", r.header("X-Router-Consensus"), "the words agree");
        assertEquals("word overlap (judge/j: no answer within 300 ms)", r.header("X-Router-Consensus-Similarity"));
        assertTrue(r.header("X-Router-Reason").contains("long answers compared by word overlap (judge/j: no answer "
                + "within 300 ms)"), r.header("X-Router-Reason"));
        assertTrue(ms < 5_000, "the budget bounds the wait: " + ms + " ms");
        assertTrue(JUDGE.awaitCancelled(1, Duration.ofSeconds(5)), "the judge's request is dropped");
    }

    @Test
    void aRuleWhoseCascadeBlockNamesAJudgeHasItsLongAnswersComparedByThatJudge() {
        A.answer(PARIS);
        B.answer(REWORDED);
        JUDGE.answer("1");
        ConsensusJudgeResource.RULE_JUDGE.answer("9");
        Response r = given().contentType("application/json").header("X-Test-Plan", "own-judge")
                .body(CascadeTest.chat("What is the capital of France?", false)).post("/v1/chat/completions");
        assertEquals("2/2", r.header("X-Router-Consensus"), r.header("X-Router-Reason"));
        assertEquals("judge rule-judge/j", r.header("X-Router-Consensus-Similarity"));
        assertEquals(0, JUDGE.chatRequests().size(), "the file's judge is not asked");
    }

    @Test
    void shortAnswersAreComparedWithoutTheJudge() {
        A.answer("Paris.");
        B.answer("paris");
        Response r = vote();
        assertEquals("2/2", r.header("X-Router-Consensus"));
        assertNull(r.header("X-Router-Consensus-Similarity"));
        assertEquals(0, JUDGE.chatRequests().size());
    }
}
