package dev.localai.router.routing.signals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Guesses a request's task type from words in its last user message, when no tag or
 * {@code X-Task-Type} header names one. The first task type (in table order) with a matching
 * keyword wins; keywords match whole words, case-insensitively. A code fence always means code.
 * Only the first and last {@value #WINDOW} characters of a long message are read: the question is
 * almost always there, and a pasted document in the middle should not decide the task.
 */
public final class TaskTypes {

    /** The shipped keyword table; the routing configuration may replace it. */
    public static final Map<String, List<String>> DEFAULT_KEYWORDS = defaults();
    static final int WINDOW = 1000;

    private final Map<String, List<String>> keywords = new LinkedHashMap<>();

    public TaskTypes(Map<String, List<String>> table) {
        table.forEach((task, words) -> keywords.put(task.toLowerCase(Locale.ROOT),
                words.stream().map(w -> w.toLowerCase(Locale.ROOT)).toList()));
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
        String text = (lastUserText.length() <= 2 * WINDOW ? lastUserText
                : lastUserText.substring(0, WINDOW) + "\n" + lastUserText.substring(lastUserText.length() - WINDOW))
                .toLowerCase(Locale.ROOT);
        for (Map.Entry<String, List<String>> entry : keywords.entrySet()) {
            for (String keyword : entry.getValue()) {
                if (containsWord(text, keyword)) {
                    return entry.getKey();
                }
            }
        }
        return null;
    }

    /** {@code keyword} in {@code text} with no letter or digit right before or after it. */
    static boolean containsWord(String text, String keyword) {
        int from = 0;
        while (true) {
            int at = text.indexOf(keyword, from);
            if (at < 0) {
                return false;
            }
            int end = at + keyword.length();
            boolean startOk = at == 0 || !Character.isLetterOrDigit(text.charAt(at - 1));
            boolean endOk = end == text.length() || !Character.isLetterOrDigit(text.charAt(end));
            if (startOk && endOk) {
                return true;
            }
            from = at + 1;
        }
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
