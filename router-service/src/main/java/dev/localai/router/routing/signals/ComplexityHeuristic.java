package dev.localai.router.routing.signals;

import dev.localai.router.Complexity;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fast guess at how hard a prompt is, from weighted features of the last user message, in the manner
 * of LiteLLM's complexity router: code (+0.25), reasoning words (+0.15 each, at most 0.45), asking for an explanation (+0.1), technical terms
 * (+0.06 each, at most 0.24), structure (several questions or steps +0.1; constraints +0.1), length (+0.05
 * over 300 words, +0.1 over 1,500: the token rules already weigh size), and short small talk (-0.3).
 * Score &lt; 0.2 {@code simple}, &lt; 0.45 {@code medium}, else {@code complex}; {@code reasoning} when a
 * proof, derivation or step-by-step reasoning is asked for and the score is 0.3 or more. No allocation
 * beyond the reasons; one pass of a few precompiled patterns.
 */
public final class ComplexityHeuristic {

    private static final Pattern CODE = Pattern.compile("```|\\b(?:def|class|function|public|import|return|const|"
            + "SELECT|struct|fn|#include)\\b|[;{}]\\s*\\n|=>|\\w+\\([^)]*\\)\\s*[;{]");
    private static final Pattern REASONING = Pattern.compile("(?i)\\b(?:prove|proof|derive|derivation|step[- ]by[- ]step|"
            + "think (?:it )?through|theorem|lemma|formally|rigorous|why does|why is|explain why|reason about|"
            + "trade-?offs?|compare|contrast|evaluate|analy[sz]e|optimi[sz]e|design an?|architecture|algorithm|"
            + "time complexity|big-?o|estimate|calculate|solve)\\b");
    private static final Pattern PROOF = Pattern.compile("(?i)\\b(?:prove|proof|derive|derivation|step[- ]by[- ]step|"
            + "theorem|lemma|formally|rigorous|think (?:it )?through|solve)\\b");
    private static final Pattern TECHNICAL = Pattern.compile("(?i)\\b(?:kubernetes|k8s|docker|database|postgres|sql|"
            + "index(?:es)?|concurrency|concurrent|thread|mutex|deadlock|async|distributed|consensus|latency|throughput|"
            + "cache|protocol|tcp|udp|http/?2|tls|kernel|compiler|regex|cryptograph\\w*|hash|neural|gradient|tensor|"
            + "matrix|eigen\\w*|integral|derivative|probability|statistic\\w*|microservices?|api|jvm|garbage collect\\w*)\\b");
    private static final Pattern EXPLAIN = Pattern.compile("(?i)\\b(?:explain|how does|how do|how can|describe|"
            + "summari[sz]e|what are the differences?)\\b");
    private static final Pattern CONSTRAINT = Pattern.compile("(?i)\\b(?:must|must not|without|at most|at least|ensure|"
            + "exactly|only if|constraint|requirement)\\b");
    private static final Pattern STEP = Pattern.compile("(?m)^\\s*(?:\\d+[.)]|[-*])\\s+\\S");
    private static final Pattern SMALL_TALK = Pattern.compile("(?i)^\\W*(?:hi|hello|hey|thanks|thank you|good "
            + "(?:morning|evening|night)|what(?:'s| is) (?:a|an|the)?\\s*\\w+\\??|translate|define|who (?:is|was))\\b");

    private ComplexityHeuristic() {
    }

    public static Complexity of(String text) {
        String t = text == null ? "" : text;
        double score = 0;
        List<String> why = new ArrayList<>(4);
        int words = words(t);
        if (CODE.matcher(t).find()) {
            score += 0.25;
            why.add("code");
        }
        int reasoning = Math.min(3, count(REASONING.matcher(t)));
        if (reasoning > 0) {
            score += 0.15 * reasoning;
            why.add(reasoning + " reasoning word" + (reasoning > 1 ? "s" : ""));
        }
        if (EXPLAIN.matcher(t).find()) {
            score += 0.1;
            why.add("asks for an explanation");
        }
        int technical = Math.min(4, count(TECHNICAL.matcher(t)));
        if (technical > 0) {
            score += 0.06 * technical;
            why.add(technical + " technical term" + (technical > 1 ? "s" : ""));
        }
        int questions = 0;
        for (int i = 0; i < t.length(); i++) {
            questions += t.charAt(i) == '?' ? 1 : 0;
        }
        if (questions >= 3 || count(STEP.matcher(t)) >= 3) {
            score += 0.1;
            why.add("several questions or steps");
        }
        if (count(CONSTRAINT.matcher(t)) >= 2) {
            score += 0.1;
            why.add("constraints");
        }
        if (words > 1500) {
            score += 0.1;
            why.add("long");
        } else if (words > 300) {
            score += 0.05;
            why.add("longish");
        }
        if (words < 12 && SMALL_TALK.matcher(t).find()) {
            score -= 0.3;
            why.add("short small talk");
        }
        score = Math.max(0, Math.min(1, score));
        String label = score < 0.2 ? Complexity.SIMPLE : score < 0.45 ? Complexity.MEDIUM : Complexity.COMPLEX;
        if (score >= 0.3 && PROOF.matcher(t).find()) {
            label = Complexity.REASONING;
        }
        return new Complexity(label, Math.round(score * 100) / 100.0, "heuristic", why);
    }

    private static int count(Matcher m) {
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static int words(String t) {
        int n = 0;
        boolean in = false;
        for (int i = 0; i < t.length(); i++) {
            boolean space = Character.isWhitespace(t.charAt(i));
            if (!space && !in) {
                n++;
            }
            in = !space;
        }
        return n;
    }

    /** For the routing file's error messages. */
    public static String labels() {
        return String.join(", ", List.of(Complexity.SIMPLE, Complexity.MEDIUM, Complexity.COMPLEX, Complexity.REASONING))
                .toLowerCase(Locale.ROOT);
    }
}
