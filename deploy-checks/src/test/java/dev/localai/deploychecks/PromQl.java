package dev.localai.deploychecks;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The vector selectors of a PromQL expression ({@code name{label="value", …}}), found by a small scanner:
 * strings, range brackets and the label lists of {@code by}, {@code without}, {@code on}, {@code ignoring},
 * {@code group_left} and {@code group_right} are skipped; a name followed by {@code (} is a function or an
 * aggregation. Prometheus itself judges whether the whole expression parses.
 */
final class PromQl {

    /** A metric name and its matchers as written, e.g. {@code {status=~"5.."}}; empty when it has none. */
    record Selector(String metric, String matchers) {
        @Override
        public String toString() {
            return metric + matchers;
        }
    }

    private static final Set<String> LABEL_LISTS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "inf", "nan", "atan2",
            // aggregation operators, which may be followed by "by (…)" before their parenthesis
            "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk", "quantile");

    private PromQl() {
    }

    static List<Selector> selectors(String expr) {
        List<Selector> found = new ArrayList<>();
        int i = 0;
        int n = expr.length();
        while (i < n) {
            char c = expr.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = skipString(expr, i);
            } else if (c == '[') {
                i = expr.indexOf(']', i) + 1;
            } else if (Character.isDigit(c)) {
                while (i < n && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '.')) {
                    i++;
                }
            } else if (Character.isLetter(c) || c == '_' || c == ':') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '_' || expr.charAt(i) == ':')) {
                    i++;
                }
                String word = expr.substring(start, i);
                int next = skipSpaces(expr, i);
                if (LABEL_LISTS.contains(word)) {
                    i = next < n && expr.charAt(next) == '(' ? expr.indexOf(')', next) + 1 : next;
                } else if (KEYWORDS.contains(word.toLowerCase()) || (next < n && expr.charAt(next) == '(')) {
                    // an operator, or a function / aggregation: its arguments are scanned next
                } else if (next < n && expr.charAt(next) == '{') {
                    int end = closingBrace(expr, next);
                    found.add(new Selector(word, expr.substring(next, end)));
                    i = end;
                } else {
                    found.add(new Selector(word, ""));
                }
            } else {
                i++;
            }
        }
        return found;
    }

    private static int skipString(String expr, int i) {
        char quote = expr.charAt(i);
        int j = i + 1;
        while (j < expr.length() && expr.charAt(j) != quote) {
            j += expr.charAt(j) == '\\' ? 2 : 1;
        }
        return j + 1;
    }

    private static int skipSpaces(String expr, int i) {
        while (i < expr.length() && Character.isWhitespace(expr.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int closingBrace(String expr, int open) {
        int j = open + 1;
        while (j < expr.length() && expr.charAt(j) != '}') {
            j = expr.charAt(j) == '"' || expr.charAt(j) == '\'' ? skipString(expr, j) : j + 1;
        }
        return j + 1;
    }
}
