package dev.localai.evalcli.output;

import dev.localai.evalcli.EvalRun;
import dev.localai.evalcli.EvalRun.PolicyResult;
import dev.localai.evalcli.EvalRun.Recommendation;

import java.util.ArrayList;
import java.util.List;

/** The end of a run as text: one row per policy setting, then the recommended threshold or why there is none. */
public final class ResultTable {

    static final List<String> HEADER = List.of("  policy", "success", "cost", "cost/prompt", "latency p50", "p95",
            "ttft p50", "local", "escalations");

    private ResultTable() {
    }

    public static String render(EvalRun run) {
        Recommendation best = run.recommended();
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        for (PolicyResult p : run.policies()) {
            boolean recommended = best != null && p.policy() != null && p.policy().equals(best.policy());
            rows.add(List.of((recommended ? "* " : "  ") + p.policy(), success(p), Formats.usd(p.costUsd()),
                    Formats.usd(p.costPerPromptUsd()), Formats.ms(p.latencyMs() == null ? null : p.latencyMs().p50()),
                    Formats.ms(p.latencyMs() == null ? null : p.latencyMs().p95()),
                    Formats.ms(p.ttftMs() == null ? null : p.ttftMs().p50()), Formats.percent(p.localShare()),
                    p.escalations() == null ? Formats.NONE : p.escalations().toString()));
        }
        StringBuilder out = new StringBuilder(columns(rows));
        out.append('\n').append(recommendation(run)).append('\n');
        return out.toString();
    }

    /** 83% (5/6), and the errors when there were any: 50% (3/6, 1 error). */
    static String success(PolicyResult p) {
        String counts = (p.passed() == null ? "?" : p.passed()) + "/" + (p.prompts() == null ? "?" : p.prompts());
        int errors = p.errors() == null ? 0 : p.errors();
        String err = errors == 0 ? "" : ", " + errors + (errors == 1 ? " error" : " errors");
        return Formats.percent(p.successRate()) + " (" + counts + err + ")";
    }

    static String recommendation(EvalRun run) {
        Recommendation r = run.recommended();
        if (r == null) {
            String note = run.recommendationNote();
            return "No threshold recommended" + (note == null || note.isBlank() ? "." : ": " + note);
        }
        StringBuilder s = new StringBuilder("Recommended: ").append(r.policy());
        if (r.threshold() != null) {
            s.append(" (threshold ").append(Formats.number(r.threshold())).append(')');
        }
        s.append(", success ").append(Formats.percent(r.successRate())).append(" at ").append(Formats.usd(r.costUsd()));
        if (r.savesUsd() != null) {
            s.append(", saves ").append(Formats.usd(r.savesUsd())).append(" against the reference");
        }
        if (r.reason() != null && !r.reason().isBlank()) {
            s.append("\n  ").append(r.reason());
        }
        return s.toString();
    }

    /** The policy and its success left-aligned, the figures right-aligned, two spaces apart. */
    static String columns(List<List<String>> rows) {
        int n = rows.get(0).size();
        int[] width = new int[n];
        for (List<String> row : rows) {
            for (int i = 0; i < n; i++) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < n; i++) {
                String cell = row.get(i);
                String pad = " ".repeat(width[i] - cell.length());
                line.append(i <= 1 ? cell + pad : pad + cell);
                if (i < n - 1) {
                    line.append("  ");
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
