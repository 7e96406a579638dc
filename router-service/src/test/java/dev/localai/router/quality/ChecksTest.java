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

    /** What the demo 3070 (llama.cpp on random weights, inference-3070-service in ./run.sh) really wrote. */
    static final List<String> DEMO_MODEL = List.of(
            "=Hok>==Ho$c JUOKk>=Ho#'W~HXo]c Js0 Ho`JbTi7N{PT>===HoM\\i7NhuRYSj}yv!SRmNKB>=H,k^N>=HoI#,c,d6vCfzsY}:7k#8(.KaHoGQa{Ho$E<[wY(wK(H:;Xob\\<[wKUO($SB>=HowKaHoY*wK0p,c JUt;_E<o$bTJ:iN=Ho2:s<[w{dTh\"p0p,sY*aHoIzTt(q/$5[wwK(Ho`%_bTQae.KwK(wK(iwK0^aHo",
            "=HoGMRMHoI6vyvL2:;lbTQa6v`O=D JUzc,c 8TDY*fc _yv8->=Ho$5>=Ho#=eHoHo+\".KUOGMHo#yvE<(Ho8, he#=H2:IY*aHoe1YSjKS{Ho$5MMHoMo|bT->==HozsKB>=Ho`%\"N#[w`j>=D,c,TQaHoHo`jKB>=Ho>_)==k#bTQaH,TwK(H2:FXKUi7NBKB>=H29HoI+ o>=Ho#,f\"LKB>=HX|SaHo#8c,k>===HX|.",
            "==Ho$/h\"._kA1MR@Y%\"PTwK(i>=Ho$c,ki:ih,e.zDYSPT7NGMUi7Nhev8T->=Ho#*aCfDh M!E<[wKH2:;w/K06D .K0^N>=D hp8TJbT*fcXv8e.KaHo h\"LXv;\"#'W$/he.sY*w`j <[wK-]c M4MHo$KxzxZEqvL,9Js7Uihi#8er:;lbTQae.p.QaHo#.sK0pzMRY^Nd{Ho+ ?#1GJ=Hoz\"[wK(Ho$Eu1M4M1=HoGin",
            "_bTB.sY%\"Lc =Ho$/$bTwKA1=eh\"L 8TQaH,aHo#=Ho#IzTmn& ==Ho JHowKKUt.KU(Ho?#?#',c Ho', Ho2:Z..RYGMSxZh\"qvL,c Ho#.pKaH2:<[w/,kiXlbTVI+JHo/$#8[wbT>=HowJUOGMHo$/H2:<[w)=0^%h\"LKae.K($bTX|S0 =Ho$/fLc,8c>=Ho#8Tt}VzxoHo$aHo2:Ho#s[wwK0 4Mo/h\".,c Ho=How");

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
    void whatTheDemoModelWritesReadsAsNoLanguageWholeAndAsAHeldStart() {
        for (String gibberish : DEMO_MODEL) {
            Score whole = check(gibberish, null, "stop");
            assertEquals(0.1, whole.value(), gibberish);
            assertTrue(whole.reasons().get(0).startsWith("checks: reads as no language ("), whole.reasons().toString());
            Score held = Checks.score(new Answer(gibberish.substring(0, 32), false, null, List.of(), null, false, PLAIN,
                    null));
            assertEquals(0.1, held.value(), "the held 32-token start: " + gibberish.substring(0, 32));
        }
        assertEquals(1.0, check(DEMO_MODEL.get(0), "math", "stop").value(), "formulae may look like this: not judged");
    }

    @Test
    void languageInItsManyFormsIsNotGibberish() {
        for (String text : List.of(
                "Paris is the capital of France. It has been the seat of government for centuries.",
                "| Name | Age |\n|------|-----|\n| Bob | 3 |\n| Alice | 30 |",
                "Use **bold** and _italics_; see [the docs](https://example.com/a/b?x=1&y=2) or run `ls -la /usr/lib/jvm`.",
                "The path is /usr/lib/jvm/java-17-openjdk-amd64/bin/java and the hash is 3f786850e387550fdab836ed7e6dc881",
                "x^2 + 2x + 1 = (x+1)^2, so the roots are x = -1 (twice). In LaTeX: $\\frac{-b \\pm \\sqrt{b^2-4ac}}{2a}$",
                "Die Hauptstadt von Frankreich ist Paris; sie liegt an der Seine und hat über zwei Millionen Einwohner.",
                "<div class=\"a\"><span>{{ value }}</span></div> is the Vue template you need for a simple binding.",
                "SGVsbG8gV29ybGQhIFRoaXMgaXMgYSBiYXNlNjQgZW5jb2RlZCBzdHJpbmcgZm9yIHRlc3Rpbmcu",
                "Run `kubectl get pods -o jsonpath='{.items[*].metadata.name}'` to list them.",
                "Set JAVA_OPTS=\"-Xmx512m -XX:+UseG1GC\" and PATH=$JAVA_HOME/bin:$PATH before starting.",
                "The regex ^[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}$ matches most addresses.",
                "東京は日本の首都です。人口は約1400万人で、世界最大の都市圏の一つです。",
                "AWS EC2, S3, IAM, VPC, RDS and EKS: the IAM role needs S3:GetObject on arn:aws:s3:::my-bucket/*.",
                "MyVeryLongClassNameFactoryBean.getInstance().createWidgetWithDefaults() returns a WidgetImpl.",
                "SELECT COUNT(*) FROM USERS WHERE STATUS='ACTIVE' AND CREATED_AT>=NOW()-INTERVAL '7 DAYS';",
                "The UUID is 3F2504E0-4F89-11D3-9A0C-0305E82C3301 and the key is AKIAIOSFODNN7EXAMPLE, rotate it.",
                "Ca(OH)2 + CO2 -> CaCO3 + H2O; NaHCO3 + HCl -> NaCl + H2O + CO2.",
                "{\"name\":\"a\",\"tags\":[\"x\",\"y\"],\"nested\":{\"k\":[1,2,{\"z\":null}]}}",
                "Here is the code:\n```js\nif(a>=b&&c<=d){x[i]=y;}else{z=`${q}`}\n```\nIt swaps them.")) {
            assertEquals(1.0, check(text, null, "stop").value(), text);
        }
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
    void javaIsReadByARealParserSoBalancedBracketsAreNotEnough() {
        Score broken = check("```java\nclass A {\n  int f() { return 1 +; }\n}\n```", "code", "stop");
        assertEquals(0.2, broken.value(), broken.reasons().toString());
        assertTrue(broken.reasons().get(0).contains("(java): line 2"), broken.reasons().toString());
        assertEquals(0.2, check("```java\npublic class A { void f() { int x = 1 } }\n```", "code", "stop").value(),
                "a missing semicolon");
        assertEquals(1.0, check("""
                ```java
                import java.util.List;

                public record Point(int x, int y) {
                    static int sum(List<Point> ps) {
                        return ps.stream().mapToInt(p -> switch (p.x()) { case 0 -> p.y(); default -> p.x(); }).sum();
                    }
                }
                ```""", "code", "stop").value());
        assertEquals(1.0, check("```java\n@Override\npublic String toString() { return \"A\"; }\n```", "code", "stop")
                .value(), "a method alone is a snippet, not an error");
        assertEquals(1.0, check("```java\nvar list = new ArrayList<String>();\nlist.add(\"a\");\n```", "code", "stop")
                .value(), "so are statements alone");
    }

    @Test
    void yamlAndXmlAreReadByRealParsersAndHtmlStaysStructural() {
        assertEquals(0.2, check("```yaml\nserver:\n  port: 80\n   host: x\n```", "code", "stop").value(),
                "bad indentation");
        assertEquals(0.2, check("```yml\na: b: c\n```", "code", "stop").value());
        assertEquals(1.0, check("```yaml\n# two documents\na: 1\n---\nb: [1, 2]\n```", "code", "stop").value());
        Score xml = check("```xml\n<a><b></a></b>\n```", "code", "stop");
        assertEquals(0.2, xml.value(), "crossed tags: no bracket out of balance, yet not XML");
        assertTrue(xml.reasons().get(0).contains("(xml): line 1"), xml.reasons().toString());
        assertEquals(1.0, check("""
                ```xml
                <dependency><groupId>a</groupId></dependency>
                <dependency><groupId>b</groupId></dependency>
                ```""", "code", "stop").value(), "a fragment of sibling elements");
        assertEquals(1.0, check("```html\n<p>one<br>two\n```", "code", "stop").value(), "HTML is not XML");
    }

    @Test
    void xmlNeverReadsAnExternalEntity(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path secret = dir.resolve("secret.txt");
        java.nio.file.Files.writeString(secret, "<not-closed");
        String xxe = "```xml\n<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM \"" + secret.toUri()
                + "\">]>\n<x>&e;</x>\n```";
        assertEquals(1.0, check(xxe, "code", "stop").value(), "the entity's broken text was never read");
        String laughs = "```xml\n<?xml version=\"1.0\"?>\n<!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\">"
                + "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">"
                + "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\"><!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">"
                + "<!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">]>\n<l>&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;</l>\n```";
        long start = System.nanoTime();
        assertEquals(0.2, check(laughs, "code", "stop").value(), "entity expansion is bounded");
        assertTrue((System.nanoTime() - start) / 1_000_000 < 2_000, "and stops early");
    }

    @Test
    void aBlockTooLongToParseFallsBackToTheStructuralCheck() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; body.length() <= CodeParsers.MAX_CHARS; i++) {
            body.append("int x").append(i).append(" = ").append(i).append(" +;\n");     // no line twice: no loop
        }
        Score huge = check("```java\n" + body + "```", "code", "stop");
        assertEquals(1.0, huge.value(), "balanced, and not parsed: " + huge.reasons());
        assertEquals(0.2, check("```java\n" + body.substring(0, 2000) + "\n```", "code", "stop").value(),
                "the same code, short enough, is parsed");
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
