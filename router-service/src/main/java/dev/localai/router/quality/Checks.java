package dev.localai.router.quality;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Quick checks of an answer, no model involved; the score is the lowest of those that fail (1 when
 * none does): empty (0), invalid JSON when {@code response_format} asks for JSON (0), a refusal (0.1),
 * text that reads as no language ({@link Gibberish}; not for the {@code math} task type, 0.1), a repetition
 * loop (0.2), code that does not parse for the {@code code} task type (0.2), Mermaid that does not parse
 * for {@code mermaid} (0.2), cut by the token limit (0.3). On the held start of a stream only the checks
 * that a prefix can fail run (empty, refusal, no language, repetition).
 *
 * <p>"Parses": every fence closed; a {@code java}, {@code json}, {@code yaml} or {@code xml} block (also
 * {@code svg}, {@code xsd}, {@code xsl}) read by a real parser ({@link CodeParsers}); any other block, one
 * without a language tag, or one too long to parse, structurally: brackets balanced outside strings and
 * comments. Mermaid: its first line a known diagram type and its brackets balanced. None of it catches a
 * type error.
 */
public final class Checks {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REFUSAL = Pattern.compile("(?i)^\\W*(?:(?:i'?m|i am) sorry|sorry|unfortunately|"
            + "as an ai(?: language model)?)?[^.!\\n]{0,60}?\\bi(?:'m| am)? (?:can(?:no|')t|cannot|am unable to|"
            + "won'?t|(?:am )?not able to|must decline to) (?:help|assist|provide|comply|do that|answer|fulfil|"
            + "create|write|share|support)");
    private static final Pattern AS_AN_AI = Pattern.compile("(?i)^\\W*as an ai(?: language model)?,? i (?:can(?:no|')t|"
            + "cannot|do not|don't)");
    private static final Pattern FENCE = Pattern.compile("(?m)^\\s*```([\\w+#.-]*)[^\\n]*\\n(.*?)(?:^\\s*```\\s*$|\\z)",
            Pattern.DOTALL);
    private static final Set<String> MERMAID = Set.of("graph", "flowchart", "sequencediagram", "classdiagram",
            "statediagram", "statediagram-v2", "erdiagram", "journey", "gantt", "pie", "quadrantchart",
            "requirementdiagram", "gitgraph", "mindmap", "timeline", "sankey-beta", "xychart-beta", "block-beta",
            "c4context", "architecture-beta", "packet-beta", "kanban");
    /** Languages whose {@code #} starts a comment rather than an expression. */
    private static final Set<String> HASH_COMMENTS = Set.of("python", "py", "sh", "bash", "shell", "zsh", "yaml",
            "yml", "ruby", "rb", "perl", "r", "toml", "dockerfile", "make", "makefile", "powershell", "ps1");

    private Checks() {
    }

    public static Score score(Answer answer) {
        List<String> failed = new ArrayList<>();
        double score = 1;
        String text = answer.text() == null ? "" : answer.text();
        if (text.isBlank() && !answer.toolCalls()) {
            return Score.of(0, "checks: empty answer");
        }
        if (answer.complete() && answer.wantsJson() && !isJson(unfenced(text))) {
            score = Math.min(score, 0);
            failed.add("checks: not valid JSON, and response_format asks for JSON");
        }
        if (refusal(text)) {
            score = Math.min(score, 0.1);
            failed.add("checks: a refusal");
        }
        String noise = "math".equals(answer.taskType()) ? null : Gibberish.describe(text);
        if (noise != null) {
            score = Math.min(score, 0.1);
            failed.add("checks: reads as no language (" + noise + ")");
        }
        String loop = repetition(text);
        if (loop != null) {
            score = Math.min(score, 0.2);
            failed.add("checks: repetition loop (" + loop + ")");
        }
        if (answer.complete() && "code".equals(answer.taskType())) {
            String broken = brokenCode(text);
            if (broken != null) {
                score = Math.min(score, 0.2);
                failed.add("checks: code does not parse (" + broken + ")");
            }
        }
        if (answer.complete() && "mermaid".equals(answer.taskType())) {
            String broken = brokenMermaid(text);
            if (broken != null) {
                score = Math.min(score, 0.2);
                failed.add("checks: Mermaid does not parse (" + broken + ")");
            }
        }
        if (answer.complete() && "length".equals(answer.finishReason())) {
            score = Math.min(score, 0.3);
            failed.add("checks: cut by the token limit");
        }
        return failed.isEmpty() ? Score.of(1, "checks: passed") : new Score(score, failed);
    }

    /** Whether scoring {@code answer} reads a code block with a real parser ({@link CodeParsers}). */
    static boolean parsesCode(Answer answer) {
        if (!answer.complete() || !"code".equals(answer.taskType()) || answer.text() == null) {
            return false;
        }
        Matcher m = FENCE.matcher(answer.text());
        while (m.find()) {
            if (CodeParsers.has(m.group(1).toLowerCase(Locale.ROOT)) && m.group(2).length() <= CodeParsers.MAX_CHARS) {
                return true;
            }
        }
        return false;
    }

    static boolean refusal(String text) {
        String start = text.length() > 300 ? text.substring(0, 300) : text;
        return REFUSAL.matcher(start).find() || AS_AN_AI.matcher(start).find();
    }

    /**
     * A loop: the same line four times or more and making up half the lines, a word sequence (4 words)
     * that makes up over a third of a text of 24 words or more, or one character 40 times in a row.
     */
    static String repetition(String text) {
        if (Pattern.compile("(\\S)\\1{39,}").matcher(text).find()) {
            return "one character over and over";
        }
        String[] lines = text.strip().split("\\n+");
        if (lines.length >= 4) {
            Map<String, Integer> counts = new HashMap<>();
            int most = 0;
            for (String line : lines) {
                String l = line.strip();
                if (!l.isEmpty() && !l.matches("[`\\-=*#|\\s]*")) {
                    most = Math.max(most, counts.merge(l, 1, Integer::sum));
                }
            }
            if (most >= 4 && most * 2 >= lines.length) {
                return "a line " + most + " times";
            }
        }
        String[] words = text.toLowerCase(Locale.ROOT).split("\\s+");
        if (words.length >= 24) {
            Map<String, Integer> grams = new HashMap<>();
            int most = 0;
            for (int i = 0; i + 4 <= words.length; i++) {
                String gram = words[i] + ' ' + words[i + 1] + ' ' + words[i + 2] + ' ' + words[i + 3];
                most = Math.max(most, grams.merge(gram, 1, Integer::sum));
            }
            if (most * 4 * 3 > words.length) {
                return "four words " + most + " times";
            }
        }
        return null;
    }

    /** The first code block that does not parse, described; null when all do (or there is none). */
    static String brokenCode(String text) {
        Matcher m = FENCE.matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
            String language = m.group(1).toLowerCase(Locale.ROOT);
            String code = m.group(2);
            if (!closedFence(m.group(0))) {
                return "code block " + n + " is not closed";
            }
            if (CodeParsers.has(language) && code.length() <= CodeParsers.MAX_CHARS) {
                String error = CodeParsers.error(language, code);
                if (error != null) {
                    return "code block " + n + " (" + language + "): " + error;
                }
                continue;
            }
            String unbalanced = unbalanced(code, HASH_COMMENTS.contains(language));
            if (unbalanced != null) {
                return "code block " + n + (language.isEmpty() ? "" : " (" + language + ")") + ": " + unbalanced;
            }
        }
        return null;
    }

    private static boolean closedFence(String block) {
        String[] lines = block.stripTrailing().split("\\n");
        return lines.length > 1 && lines[lines.length - 1].strip().startsWith("```");
    }

    static String brokenMermaid(String text) {
        Matcher m = FENCE.matcher(text);
        String diagram = null;
        while (m.find()) {
            if (m.group(1).equalsIgnoreCase("mermaid")) {
                if (!closedFence(m.group(0))) {
                    return "the mermaid block is not closed";
                }
                diagram = m.group(2);
                break;
            }
        }
        if (diagram == null) {
            diagram = text;
        }
        String first = null;
        for (String line : diagram.split("\\n")) {
            String l = line.strip();
            if (!l.isEmpty() && !l.startsWith("%%") && !l.equals("---") && !l.startsWith("title:")) {
                first = l;
                break;
            }
        }
        if (first == null) {
            return "no diagram";
        }
        String kind = first.split("[\\s;]+")[0].toLowerCase(Locale.ROOT);
        if (!MERMAID.contains(kind)) {
            return "'" + (kind.length() > 30 ? kind.substring(0, 30) + "…" : kind) + "' is not a diagram type";
        }
        String unbalanced = unbalanced(diagram.replaceAll("(?m)%%.*$", ""), false);
        return unbalanced == null ? null : unbalanced;
    }

    /** Brackets out of balance outside strings and comments, described; null when balanced. */
    static String unbalanced(String code, boolean hashComments) {
        Deque<Character> open = new ArrayDeque<>();
        int i = 0;
        int n = code.length();
        while (i < n) {
            char c = code.charAt(i);
            if (c == '/' && i + 1 < n && code.charAt(i + 1) == '/' || hashComments && c == '#') {
                while (i < n && code.charAt(i) != '\n') {
                    i++;
                }
                continue;
            }
            if (c == '/' && i + 1 < n && code.charAt(i + 1) == '*') {
                int end = code.indexOf("*/", i + 2);
                if (end < 0) {
                    return "a comment is not closed";
                }
                i = end + 2;
                continue;
            }
            if (c == '"' || c == '\'' || c == '`') {
                if (c == '\'' && i > 0 && Character.isLetterOrDigit(code.charAt(i - 1))) {
                    i++;                   // an apostrophe (don't, Rust's 'a lifetimes), not a string
                    continue;
                }
                int j = i + 1;
                while (j < n && code.charAt(j) != c && (c == '`' || code.charAt(j) != '\n')) {
                    j += code.charAt(j) == '\\' ? 2 : 1;
                }
                if (j >= n || code.charAt(j) != c) {
                    if (c == '\'') {
                        i++;
                        continue;
                    }
                    return "a string is not closed";
                }
                i = j + 1;
                continue;
            }
            if (c == '(' || c == '[' || c == '{') {
                open.push(c);
            } else if (c == ')' || c == ']' || c == '}') {
                char expected = c == ')' ? '(' : c == ']' ? '[' : '{';
                if (open.isEmpty() || open.pop() != expected) {
                    return "unbalanced '" + c + "'";
                }
            }
            i++;
        }
        return open.isEmpty() ? null : "'" + open.peek() + "' is not closed";
    }

    /** The text inside a single code fence, or the text itself. */
    static String unfenced(String text) {
        String t = text.strip();
        if (t.startsWith("```")) {
            int nl = t.indexOf('\n');
            int end = t.lastIndexOf("```");
            if (nl > 0 && end > nl) {
                return t.substring(nl + 1, end);
            }
        }
        return t;
    }

    static boolean isJson(String text) {
        try (JsonParser parser = JSON.getFactory().createParser(text)) {
            return JSON.readTree(parser) != null && parser.nextToken() == null;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
