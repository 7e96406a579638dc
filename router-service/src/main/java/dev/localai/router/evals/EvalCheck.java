package dev.localai.router.evals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.localai.openai.ChatCompletionRequest;
import dev.localai.openai.ChatMessage;
import dev.localai.router.quality.Answer;
import dev.localai.router.quality.Checks;
import dev.localai.router.quality.Score;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How an eval prompt's answer is judged, from the CSV's {@code check} column (and {@code expected}):
 * {@code exact:<text>} (the whole answer, trimmed), {@code contains:<text>} (ignoring case), {@code regex:<java
 * regex>} (found anywhere), {@code json} (valid JSON; {@code json:<JSON Schema>} also valid against it),
 * {@code code} (has code, and the router's code check finds nothing broken), {@code judge} (a judge model
 * scores the answer against {@code expected}). No check with an {@code expected}: {@code contains:<expected>};
 * neither: the answer must not be empty. An answer in a Markdown fence is unwrapped for {@code exact} and
 * {@code json}.
 */
public record EvalCheck(Kind kind, String argument, String spec, Pattern pattern, JsonSchema schema) {

    public enum Kind { NON_EMPTY, EXACT, CONTAINS, REGEX, JSON, CODE, JUDGE }

    /** A verdict on one answer: passed or not, and why in a few words. */
    public record Verdict(boolean passed, String detail) {
    }

    /** A judge score at or above this passes a {@code judge} check (7 of 10). */
    public static final double JUDGE_PASS = 0.7;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final Pattern FENCED = Pattern.compile("(?s)^\\s*```[\\w+#.-]*[^\\n]*\\n(.*?)\\n?\\s*```\\s*$");
    private static final Pattern ANY_FENCE = Pattern.compile("(?m)^\\s*```");
    private static final Set<String> PREFIXED = Set.of("exact", "contains", "regex", "json");

    /**
     * Reads a check; a bad one is an {@link IllegalArgumentException} whose message names what is wrong, for
     * the CSV's line error.
     */
    public static EvalCheck parse(String check, String expected) {
        String c = check == null ? "" : check.strip();
        String exp = expected == null || expected.isBlank() ? null : expected.strip();
        if (c.isEmpty()) {
            return exp == null ? new EvalCheck(Kind.NON_EMPTY, null, "non-empty", null, null)
                    : new EvalCheck(Kind.CONTAINS, exp, "contains:" + exp, null, null);
        }
        int colon = c.indexOf(':');
        String name = (colon < 0 ? c : c.substring(0, colon)).strip().toLowerCase(Locale.ROOT);
        String argument = colon < 0 ? null : c.substring(colon + 1);
        if (!PREFIXED.contains(name) && !Set.of("code", "judge").contains(name)) {
            throw new IllegalArgumentException("unknown check '" + c + "'; expected exact:, contains:, regex:, json,"
                    + " json:<schema>, code or judge");
        }
        if (argument != null && !PREFIXED.contains(name)) {
            throw new IllegalArgumentException("check '" + name + "' takes no argument after ':'");
        }
        switch (name) {
            case "exact", "contains" -> {
                String text = argument == null || argument.isEmpty() ? exp : argument;
                if (text == null) {
                    throw new IllegalArgumentException("check '" + name + ":' needs a text (after the colon, or in"
                            + " 'expected')");
                }
                return new EvalCheck(name.equals("exact") ? Kind.EXACT : Kind.CONTAINS, text, name + ":" + text, null, null);
            }
            case "regex" -> {
                String regex = argument == null || argument.isEmpty() ? exp : argument;
                if (regex == null) {
                    throw new IllegalArgumentException("check 'regex:' needs a regular expression");
                }
                try {
                    return new EvalCheck(Kind.REGEX, regex, "regex:" + regex, Pattern.compile(regex), null);
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException("check 'regex:' is not a valid regular expression: "
                            + e.getDescription());
                }
            }
            case "json" -> {
                if (argument == null || argument.isBlank()) {
                    return new EvalCheck(Kind.JSON, null, "json", null, null);
                }
                JsonNode schema;
                try {
                    schema = JSON.readTree(argument);
                } catch (Exception e) {
                    throw new IllegalArgumentException("check 'json:' must be followed by a JSON Schema, and this is"
                            + " not JSON");
                }
                if (!schema.isObject() && !schema.isBoolean()) {
                    throw new IllegalArgumentException("check 'json:' must be followed by a JSON Schema (an object)");
                }
                try {
                    return new EvalCheck(Kind.JSON, argument.strip(), "json:" + argument.strip(), null,
                            SCHEMAS.getSchema(schema));
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("check 'json:' has a schema that cannot be used: " + e.getMessage());
                }
            }
            case "code" -> {
                return new EvalCheck(Kind.CODE, null, "code", null, null);
            }
            case "judge" -> {
                if (exp == null) {
                    throw new IllegalArgumentException("check 'judge' needs an 'expected' answer to score against");
                }
                return new EvalCheck(Kind.JUDGE, exp, "judge", null, null);
            }
            default -> throw new IllegalArgumentException("unknown check '" + c + "'; expected exact:, contains:,"
                    + " regex:, json, json:<schema>, code or judge");
        }
    }

    /** Judges {@code answer} (not for {@link Kind#JUDGE}, which needs a model: see {@link EvalJudge}). */
    public Verdict verdict(String answer) {
        String text = answer == null ? "" : answer;
        switch (kind) {
            case NON_EMPTY -> {
                return text.isBlank() ? new Verdict(false, "the answer is empty") : new Verdict(true, "not empty");
            }
            case EXACT -> {
                boolean same = unfenced(text).strip().equals(argument.strip());
                return new Verdict(same, same ? "exactly as expected" : "not exactly '" + clip(argument) + "'");
            }
            case CONTAINS -> {
                boolean has = text.toLowerCase(Locale.ROOT).contains(argument.toLowerCase(Locale.ROOT));
                return new Verdict(has, has ? "contains '" + clip(argument) + "'"
                        : "does not contain '" + clip(argument) + "'");
            }
            case REGEX -> {
                Matcher m = pattern.matcher(text);
                boolean found = m.find();
                return new Verdict(found, found ? "matches /" + clip(argument) + "/" : "no match for /" + clip(argument) + "/");
            }
            case JSON -> {
                JsonNode value;
                try {
                    value = JSON.readTree(unfenced(text));
                } catch (Exception e) {
                    return new Verdict(false, "not valid JSON");
                }
                if (value == null || value.isMissingNode()) {
                    return new Verdict(false, "not valid JSON (empty)");
                }
                if (schema == null) {
                    return new Verdict(true, "valid JSON");
                }
                Set<ValidationMessage> problems = schema.validate(value);
                return problems.isEmpty() ? new Verdict(true, "valid JSON, matches the schema")
                        : new Verdict(false, "valid JSON, but not the schema's: " + clip(problems.iterator().next().getMessage()));
            }
            case CODE -> {
                if (text.isBlank()) {
                    return new Verdict(false, "the answer is empty");
                }
                if (!ANY_FENCE.matcher(text).find()) {
                    return new Verdict(false, "no code block (```) in the answer");
                }
                Score score = Checks.score(new Answer(text, true, "stop", List.of(), null, false,
                        ChatCompletionRequest.of(null, List.of(ChatMessage.user("code"))), "code"));
                List<String> broken = score.reasons().stream().filter(r -> r.contains("code does not parse")).toList();
                return broken.isEmpty() ? new Verdict(true, "has code, and it parses")
                        : new Verdict(false, broken.get(0).replace("checks: ", ""));
            }
            default -> throw new IllegalStateException("a judge check is scored by a model");
        }
    }

    /** The text inside a Markdown fence when the whole answer is one, else the answer. */
    static String unfenced(String text) {
        Matcher m = FENCED.matcher(text);
        return m.matches() ? m.group(1) : text;
    }

    private static String clip(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
