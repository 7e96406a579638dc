package dev.localai.router.evals;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvalCheckTest {

    static boolean passes(String check, String expected, String answer) {
        return EvalCheck.parse(check, expected).verdict(answer).passed();
    }

    @Test
    void textChecks() {
        assertTrue(passes("exact:4", null, " 4\n"));
        assertFalse(passes("exact:4", null, "4."));
        assertTrue(passes("exact:", "42", "```\n42\n```"), "the text of a fenced answer; expected fills an empty check");
        assertTrue(passes("contains:paris", null, "It is Paris."), "ignoring case");
        assertFalse(passes("contains:Paris", null, "Lyon"));
        assertTrue(passes("regex:\\b(19|20)\\d{2}\\b", null, "In 1969."));
        assertFalse(passes("regex:^\\d+$", null, "12 apples"));
        assertTrue(passes("", "Jupiter", "jupiter, by far"));
        assertTrue(passes(null, null, "anything"));
        assertFalse(passes(null, null, "  "));
    }

    @Test
    void jsonAndItsSchema() {
        assertTrue(passes("json", null, "{\"a\": 1}"));
        assertTrue(passes("json", null, "```json\n[1, 2]\n```"));
        assertFalse(passes("json", null, "{\"a\": 1"));
        assertFalse(passes("json", null, "Sure! {\"a\": 1}"));
        String schema = "json:{\"type\":\"object\",\"required\":[\"name\",\"age\"],"
                + "\"properties\":{\"name\":{\"type\":\"string\"},\"age\":{\"type\":\"integer\",\"minimum\":0}}}";
        assertTrue(passes(schema, null, "{\"name\": \"Ada\", \"age\": 36}"));
        EvalCheck.Verdict v = EvalCheck.parse(schema, null).verdict("{\"name\": \"Ada\", \"age\": -1}");
        assertFalse(v.passed());
        assertTrue(v.detail().startsWith("valid JSON, but not the schema's"), v.detail());
        assertFalse(passes(schema, null, "{\"name\": \"Ada\"}"));
    }

    @Test
    void codeMustBeThereAndParse() {
        assertTrue(passes("code", null, "Here:\n```python\ndef f(x):\n    return (x + 1)\n```\n"));
        assertFalse(passes("code", null, "```python\ndef f(x):\n    return (x + 1\n```\n"), "an unclosed bracket");
        assertFalse(passes("code", null, "Use a loop."), "no code at all");
    }

    @Test
    void badChecksSayWhatIsWrong() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EvalCheck.parse("foo:bar", null)).getMessage()
                .contains("unknown check 'foo:bar'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EvalCheck.parse("regex:[", null)).getMessage()
                .contains("not a valid regular expression"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EvalCheck.parse("json:{nope", null)).getMessage()
                .contains("JSON Schema"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EvalCheck.parse("judge", "")).getMessage()
                .contains("'expected'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EvalCheck.parse("code:java", null)).getMessage()
                .contains("takes no argument"));
        assertEquals(EvalCheck.Kind.JUDGE, EvalCheck.parse("Judge", "Paris").kind());
    }

    @Test
    void theJudgesScoreIsReadFromItsReply() {
        assertEquals(0.8, EvalCalls.judgeScore("8"));
        assertEquals(1.0, EvalCalls.judgeScore("Score: 10/10"));
        assertEquals(0.3, EvalCalls.judgeScore("<think>maybe 9?</think> 3"));
        assertNull(EvalCalls.judgeScore("no idea"));
        assertNull(EvalCalls.judgeScore(null));
    }
}
