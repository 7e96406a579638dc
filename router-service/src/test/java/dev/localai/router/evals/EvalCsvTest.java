package dev.localai.router.evals;

import dev.localai.openai.ApiException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvalCsvTest {

    @Test
    void quotedFieldsHoldCommasQuotesAndLineBreaksAndLinesAreCountedAcrossThem() {
        String csv = "\uFEFFPrompt,Expected,Check,Task_Type,Tags,System\n"
                + "\"Say \"\"hi\"\", twice\",hi,,,,\n"
                + "\"A poem\nover three\nlines\",,,docs,\"#private, code\",Be brief.\n"
                + "\n"
                + "After the poem,,json,,,\n";
        EvalCsv.Parsed parsed = EvalCsv.parse(csv);
        assertEquals(List.of(), parsed.errors());
        List<EvalPrompt> p = parsed.prompts();
        assertEquals(3, p.size());
        assertEquals("Say \"hi\", twice", p.get(0).prompt());
        assertEquals(2, p.get(0).line());
        assertEquals("contains:hi", p.get(0).check().spec(), "an expected answer without a check: contains");
        assertNull(p.get(0).system());
        assertEquals(3, p.get(1).line());
        assertEquals("A poem\nover three\nlines", p.get(1).prompt());
        assertEquals("docs", p.get(1).taskType());
        assertEquals(List.of("private", "code"), p.get(1).tags());
        assertEquals("Be brief.", p.get(1).system());
        assertEquals("non-empty", p.get(1).check().spec());
        assertEquals(7, p.get(2).line(), "the line the record starts on, after a 3-line record and a blank line");
    }

    @Test
    void aBadLineIsReportedWithItsNumberAndTheOthersAreRead() {
        String csv = "prompt,check,notes\n"
                + "fine,,a note\n"
                + ",contains:x,\n"
                + "bad regex,regex:(,\n"
                + "too,many,fields,here\n"
                + "also fine,json:{\"type\":\"object\"},\n";
        EvalCsv.Parsed parsed = EvalCsv.parse(csv);
        assertEquals(2, parsed.prompts().size());
        List<EvalCsv.LineError> e = parsed.errors();
        assertEquals(List.of(1, 3, 4, 5), e.stream().map(EvalCsv.LineError::line).toList(), e.toString());
        assertTrue(e.get(0).message().contains("column 'notes'"), e.get(0).message());
        assertEquals("no prompt", e.get(1).message());
        assertTrue(e.get(2).message().contains("not a valid regular expression"), e.get(2).message());
        assertTrue(e.get(3).message().contains("4 fields"), e.get(3).message());
        assertEquals(6, parsed.prompts().get(1).line());
    }

    @Test
    void aCsvThatCannotBeRunIsA400() {
        for (String csv : List.of("", "   \n", "question\nhi\n", "prompt,prompt\na,b\n", "prompt\n\n\n",
                "prompt,check\nhi,judge\n")) {
            ApiException e = assertThrows(ApiException.class, () -> EvalCsv.parse(csv), csv);
            assertEquals(400, e.status());
            assertEquals("invalid_csv", e.error().error().code(), csv);
        }
        ApiException quote = assertThrows(ApiException.class, () -> EvalCsv.parse("prompt\n\"never closed\n"));
        assertEquals(400, quote.status());
    }

    @Test
    void tagsAndTaskTypesMustBeNames() {
        EvalCsv.Parsed parsed = EvalCsv.parse("prompt,tags,task_type\na,\"ok, bad tag!\",\nb,,Code Review\nc,x,code\n");
        assertEquals(1, parsed.prompts().size());
        assertEquals(2, parsed.errors().size());
        assertEquals("code", parsed.prompts().get(0).taskType());
    }
}
