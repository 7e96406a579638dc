package dev.localai.router.quality;

import dev.localai.openai.ChatCompletionRequest;
import dev.localai.router.routing.RoutingTableHolder;
import dev.localai.router.routing.policy.CascadePlan;
import io.vertx.core.Future;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Whether consensus members' answers say the same. Short answers (12 words or fewer) when they are equal once
 * normalised (case, punctuation, spaces, a leading "the answer is"). Long ones are graded by the routing file's
 * judge model (the top-level {@code cascade}'s {@code judge}, within its budget, the pairs in parallel) when it
 * names one, 5 of 10 or more agreeing; a pair it cannot grade, and every long pair without a judge, by word
 * overlap: half or more of their words shared (Jaccard).
 */
@Singleton
public class Agreement {

    static final int SHORT_WORDS = 12;
    static final double SIMILAR = 0.5;

    private final JudgeModel judges;
    private final RoutingTableHolder routing;

    public Agreement(JudgeModel judges, RoutingTableHolder routing) {
        this.judges = judges;
        this.routing = routing;
    }

    /** Which answers agree, pair by pair, and how the long ones were compared (null when none were long). */
    public record Pairs(boolean[][] same, String how) {
    }

    /**
     * Pairs of answers compared: the same once normalised, else (both long) by the judge model of the rule's
     * cascade block, or else the routing file's, when one is named, each pair within its budget, in parallel; a pair it cannot grade, and every long pair
     * without a judge, by word overlap.
     */
    public Future<Pairs> compare(List<String> texts, ChatCompletionRequest request) {
        return compare(texts, request, null);
    }

    /** {@link #compare(List, ChatCompletionRequest)} with the judge of {@code rule} (the rule's cascade block) first. */
    public Future<Pairs> compare(List<String> texts, ChatCompletionRequest request, CascadePlan rule) {
        int n = texts.size();
        boolean[][] same = new boolean[n][n];
        CascadePlan file = routing.table().cascade();
        CascadePlan.JudgeModel judge = rule != null && rule.judge() != null ? rule.judge()
                : file == null ? null : file.judge();
        List<Future<Score>> graded = new ArrayList<>();
        List<int[]> pairs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            same[i][i] = texts.get(i) != null && !texts.get(i).isBlank();
            for (int j = i + 1; j < n; j++) {
                String a = texts.get(i);
                String b = texts.get(j);
                if (a == null || b == null || a.isBlank() || b.isBlank()) {
                    continue;
                }
                Similarity quick = quick(a, b);
                if (quick != Similarity.LONG) {
                    same[i][j] = same[j][i] = quick == Similarity.SAME;
                } else if (judge == null) {
                    same[i][j] = same[j][i] = overlap(a, b);
                    pairs.add(new int[] {i, j, -1});
                } else {
                    pairs.add(new int[] {i, j, graded.size()});
                    graded.add(judges.agreement(judge, request.messages(), a, b));
                }
            }
        }
        if (pairs.isEmpty()) {
            return Future.succeededFuture(new Pairs(same, null));
        }
        if (graded.isEmpty()) {
            return Future.succeededFuture(new Pairs(same, "word overlap"));
        }
        String name = judge.target().backend() + "/" + judge.target().model();
        return Future.join(graded).map(done -> {
            List<String> fallbacks = new ArrayList<>();
            for (int[] p : pairs) {
                Score s = graded.get(p[2]).result();
                boolean agreed;
                if (s.abstains()) {
                    fallbacks.add(s.reasons().get(0));
                    agreed = overlap(texts.get(p[0]), texts.get(p[1]));
                } else {
                    agreed = s.value() >= SIMILAR;
                }
                same[p[0]][p[1]] = same[p[1]][p[0]] = agreed;
            }
            return new Pairs(same, fallbacks.isEmpty() ? "judge " + name
                    : fallbacks.size() == pairs.size() ? "word overlap (" + fallbacks.get(0) + ")"
                    : "judge " + name + ", word overlap for " + fallbacks.size() + " of " + pairs.size()
                    + " pairs (" + fallbacks.get(0) + ")");
        });
    }

    /** Whether two answers say the same by the quick tests alone: equal once normalised, short, or long (undecided). */
    enum Similarity { SAME, DIFFERENT, LONG }

    static Similarity quick(String a, String b) {
        String na = normalise(a);
        String nb = normalise(b);
        if (na.equals(nb)) {
            return Similarity.SAME;
        }
        return na.split(" ").length <= SHORT_WORDS || nb.split(" ").length <= SHORT_WORDS ? Similarity.DIFFERENT
                : Similarity.LONG;
    }

    /** Whether two answers say the same without a judge: equal once normalised when short, half their words shared when long. */
    static boolean agree(String a, String b) {
        Similarity quick = quick(a, b);
        return quick == Similarity.LONG ? overlap(a, b) : quick == Similarity.SAME;
    }

    /** Half or more of their (normalised) words shared: Jaccard similarity. */
    static boolean overlap(String a, String b) {
        Set<String> sa = new HashSet<>(List.of(normalise(a).split(" ")));
        Set<String> sb = new HashSet<>(List.of(normalise(b).split(" ")));
        int common = 0;
        for (String w : sa) {
            common += sb.contains(w) ? 1 : 0;
        }
        return (double) common / (sa.size() + sb.size() - common) >= SIMILAR;
    }

    static String normalise(String text) {
        String t = text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}.]+", " ")
                .replaceAll("(?<!\\d)\\.|\\.(?!\\d)", " ").strip().replaceAll("\\s+", " ");
        return t.replaceFirst("^(?:the )?answer is ", "");
    }

}
