package dev.localai.router.routing.signals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Guesses a request's task type from words in its last user message, when no tag or
 * {@code X-Task-Type} header names one. The first task type (in table order) with a matching
 * keyword wins; keywords match whole words, case-insensitively. A code fence always means code.
 */
public final class TaskTypes {

    /** The shipped keyword table; the routing configuration may replace it. */
    public static final Map<String, List<String>> DEFAULT_KEYWORDS = defaults();

    private final Map<String, Pattern> patterns = new LinkedHashMap<>();

    public TaskTypes(Map<String, List<String>> keywords) {
        keywords.forEach((task, words) -> patterns.put(task, Pattern.compile(
                "\\b(" + String.join("|", words.stream().map(Pattern::quote).toList()) + ")\\b",
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)));
    }

    public static TaskTypes defaultTable() {
        return new TaskTypes(DEFAULT_KEYWORDS);
    }

    /** The detected task type, or null when nothing matched. */
    public String detect(String lastUserText) {
        if (lastUserText == null || lastUserText.isBlank()) {
            return null;
        }
        if (lastUserText.contains("```")) {
            return "code";
        }
        String text = lastUserText.length() > 4000 ? lastUserText.substring(0, 4000) : lastUserText;
        for (Map.Entry<String, Pattern> entry : patterns.entrySet()) {
            if (entry.getValue().matcher(text).find()) {
                return entry.getKey().toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }

    private static Map<String, List<String>> defaults() {
        Map<String, List<String>> table = new LinkedHashMap<>();
        table.put("mermaid", List.of("mermaid", "flowchart", "sequence diagram", "gantt chart", "class diagram"));
        table.put("jira", List.of("jira", "user story", "acceptance criteria", "ticket description", "epic"));
        table.put("code", List.of("stack trace", "stacktrace", "exception", "refactor", "compile error", "unit test",
                "function", "regex", "sql query", "python", "java", "typescript", "javascript", "rust", "golang",
                "bash script", "dockerfile", "kubernetes manifest"));
        table.put("math", List.of("prove", "proof", "integral", "derivative", "equation", "theorem", "solve for",
                "probability"));
        table.put("docs", List.of("documentation", "readme", "docstring", "changelog", "release notes"));
        table.put("graphics", List.of("svg", "logo", "illustration", "draw a", "image of"));
        return java.util.Collections.unmodifiableMap(table);
    }
}
