package dev.localai.router.quality;

import dev.localai.standins.upstream.FakeUpstream;
import dev.localai.testsupport.postgres.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.localai.router.quality.CascadeResource.CLOUD;
import static dev.localai.router.quality.CascadeResource.JUDGE;
import static dev.localai.router.quality.CascadeResource.LOCAL;
import static dev.localai.router.quality.CascadeResource.OTHER;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Consensus of three real HTTP fakes: what the majority says is returned, else the rule's route answers. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(value = CascadeResource.class, restrictToAnnotatedClass = true)
class ConsensusTest {

    @BeforeEach
    void fresh() {
        for (FakeUpstream fake : List.of(LOCAL, CLOUD, JUDGE, OTHER)) {
            fake.reset();
        }
        CLOUD.answer("the cloud decides");
    }

    static Response vote(boolean stream) {
        return given().contentType("application/json").header("X-Test-Plan", "consensus")
                .body(CascadeTest.chat("Capital of France?", stream)).post("/v1/chat/completions");
    }

    @Test
    void twoOfThreeAgreeingIsTheAnswerWithTheAgreementInAHeader() throws Exception {
        LOCAL.answer("Paris.");
        JUDGE.answer("paris");
        OTHER.answer("Lyon");
        Response r = vote(false);
        assertEquals(200, r.statusCode());
        assertEquals("2/3", r.header("X-Router-Consensus"));
        assertEquals("local", r.header("X-Router-Backend"));
        assertEquals("Paris.", r.jsonPath().getString("choices[0].message.content"));
        assertEquals("local/m;verdict=accepted,judge/j;verdict=agreed,other/m;verdict=outvoted",
                r.header("X-Router-Attempts"));
        assertEquals(0, CLOUD.chatRequests().size(), "the fallback is not asked");
        var row = dev.localai.router.accounting.RequestLogTest.row(r.header("X-Request-Id"));
        assertEquals(List.of("accepted", "agreed", "outvoted"), row.getList("attempts.verdict"));
        assertTrue(row.getInt("wasted_tokens") > 0, "the other members' tokens are the request's waste");
    }

    @Test
    void withoutAMajorityTheRulesRouteAnswers() {
        LOCAL.answer("Paris");
        JUDGE.answer("Marseille");
        OTHER.answer("Lyon");
        Response r = vote(false);
        assertEquals("cloud", r.header("X-Router-Backend"));
        assertEquals("the cloud decides", r.jsonPath().getString("choices[0].message.content"));
        assertTrue(r.header("X-Router-Reason").contains("no consensus (1/3 agreed, 2 needed)"), r.header("X-Router-Reason"));
    }

    @Test
    void aStreamingClientGetsTheWinnerStreamedOnceDecided() throws Exception {
        LOCAL.answer("Paris");
        JUDGE.answer("Lyon");
        OTHER.answer("PARIS!");
        Response r = vote(true);
        assertEquals(200, r.statusCode());
        assertTrue(r.contentType().startsWith("text/event-stream"), r.contentType());
        assertEquals("2/3", r.header("X-Router-Consensus"));
        String body = r.asString();
        assertTrue(body.contains("\"content\":\"Paris\"") && body.trim().endsWith("data: [DONE]"), body);
        assertFalse(LOCAL.chatRequests().get(0).json().has("stream"), "members are asked for plain answers");
    }

    @Test
    void longAnswersAgreeByTheirWordsShortOnesOnlyWhenTheSame() {
        assertTrue(Agreement.agree("The answer is 42.", "42"));
        assertFalse(Agreement.agree("3.14", "3.15"));
        assertTrue(Agreement.agree("TCP is a reliable, ordered byte stream between two hosts: it numbers every byte, "
                        + "acknowledges what arrived and resends what was lost.",
                "TCP gives two hosts a reliable ordered byte stream; it numbers every byte, acknowledges what arrived "
                        + "and resends what was lost."));
        assertFalse(Agreement.agree("TCP is a reliable, ordered byte stream between two hosts with retransmission.",
                "UDP sends independent datagrams without any ordering, delivery guarantee or connection setup at all."));
    }
}
