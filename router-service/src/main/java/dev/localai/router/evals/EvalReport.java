package dev.localai.router.evals;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * An eval run as one self-contained HTML page, to open from a file as well as from the router: the
 * recommendation, the table per policy setting, a cost-versus-success plot (Chart.js, from its WebJar, inlined:
 * nothing is fetched), and every answer with its verdict. Everything from the run is escaped; the scripts run
 * under a nonce and nothing else does ({@link #csp}).
 */
final class EvalReport {

    static final String CHART_JS = "META-INF/resources/webjars/chart.js/4.5.1/dist/chart.umd.min.js";
    private static volatile String chartJs;

    private EvalReport() {
    }

    static String csp(String nonce) {
        return "default-src 'none'; script-src 'nonce-" + nonce + "'; style-src 'unsafe-inline'; img-src data:;"
                + " base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    }

    static String html(EvalView run, ObjectMapper json, String nonce) {
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>Eval run ").append(esc(run.name())).append("</title><style>")
                .append("body{font:14px/1.45 system-ui,sans-serif;margin:1.5rem auto;max-width:72rem;padding:0 1rem;color:#1d2430}")
                .append("table{border-collapse:collapse;width:100%;margin:1rem 0;font-variant-numeric:tabular-nums}")
                .append("th,td{border-bottom:1px solid #d8dee8;padding:.3rem .5rem;text-align:right;vertical-align:top}")
                .append("th:first-child,td:first-child,td.t{text-align:left}.wrap{overflow-x:auto}")
                .append(".rec{background:#e9f6ee;border-left:4px solid #2e8b57;padding:.6rem 1rem}")
                .append(".none{background:#fff5e6;border-left:4px solid #d48a1a;padding:.6rem 1rem}")
                .append(".pass{color:#2e7d32}.fail{color:#b3261e}pre{white-space:pre-wrap;margin:0;max-width:40rem}")
                .append("#plot{max-width:46rem;height:22rem}</style></head><body>");
        h.append("<h1>Eval run: ").append(esc(run.name())).append("</h1><p>")
                .append(esc(run.status())).append(" · ").append(run.prompts()).append(" prompts · ")
                .append(run.progress().done()).append('/').append(run.progress().total()).append(" answers · started ")
                .append(esc(String.valueOf(run.createdAt()))).append(run.finishedAt() == null ? ""
                        : " · ended " + esc(String.valueOf(run.finishedAt()))).append("</p>");
        if (run.error() != null) {
            h.append("<p class=\"none\">").append(esc(run.error())).append("</p>");
        }
        EvalSummary.Recommended rec = run.recommended();
        if (rec != null) {
            h.append("<p class=\"rec\"><b>Recommended: cascade threshold ").append(rec.threshold()).append("</b> — ")
                    .append(esc(rec.reason())).append(String.format(Locale.ROOT, "; costs $%.6f, saves $%.6f against the"
                            + " reference.", rec.costUsd(), rec.savesUsd())).append("</p>");
        } else if (run.recommendationNote() != null) {
            h.append("<p class=\"none\">No recommendation: ").append(esc(run.recommendationNote())).append("</p>");
        }
        h.append("<div class=\"wrap\"><table><thead><tr><th>policy</th><th>success</th><th>passed</th><th>errors</th>")
                .append("<th>cost</th><th>cost / prompt</th><th>latency p50</th><th>p95</th><th>TTFT p50</th><th>p95</th>")
                .append("<th>kept local</th><th>escalations</th></tr></thead><tbody>");
        for (EvalSummary.PolicyStats p : run.policies()) {
            h.append("<tr><td>").append(esc(p.label())).append("</td><td>").append(pct(p.successRate())).append("</td><td>")
                    .append(p.passed()).append('/').append(p.prompts()).append("</td><td>").append(p.errors())
                    .append("</td><td>").append(usd(p.costUsd())).append("</td><td>").append(usd(p.costPerPromptUsd()))
                    .append("</td><td>").append(ms(p.latencyMs().p50())).append("</td><td>").append(ms(p.latencyMs().p95()))
                    .append("</td><td>").append(ms(p.ttftMs().p50())).append("</td><td>").append(ms(p.ttftMs().p95()))
                    .append("</td><td>").append(pct(p.localShare())).append("</td><td>").append(p.escalations())
                    .append("</td></tr>");
        }
        h.append("</tbody></table></div><h2>Cost against success</h2><div id=\"plot\"><canvas id=\"chart\""
                + " aria-label=\"cost against success rate per policy\"></canvas></div>");
        List<EvalResult> results = run.results() == null ? List.of() : run.results();
        h.append("<h2>Answers</h2><div class=\"wrap\"><table><thead><tr><th>line</th><th>policy</th><th>verdict</th>")
                .append("<th>check</th><th>backend/model</th><th>cost</th><th>latency</th><th>answer</th></tr></thead><tbody>");
        for (EvalResult r : results) {
            h.append("<tr><td>").append(r.line()).append("</td><td class=\"t\">").append(esc(r.policy()))
                    .append("</td><td class=\"t ").append(r.passed() ? "pass\">passed" : "fail\">failed").append("<br>")
                    .append(esc(r.detail())).append("</td><td class=\"t\">").append(esc(EvalCalls.clip(r.check(), 80)))
                    .append("</td><td class=\"t\">").append(esc(r.backend() == null ? "–" : r.backend() + "/" + r.model()))
                    .append("</td><td>").append(r.costUsd() == null ? "–" : usd(r.costUsd().doubleValue()))
                    .append("</td><td>").append(ms(r.latencyMs())).append("</td><td class=\"t\"><pre>")
                    .append(esc(EvalCalls.clip(r.answer(), 300))).append("</pre></td></tr>");
        }
        h.append("</tbody></table></div>");
        h.append("<script type=\"application/json\" id=\"data\">").append(scriptSafe(points(run, json))).append("</script>");
        h.append("<script nonce=\"").append(nonce).append("\">").append(scriptSafe(chartJs())).append("</script>");
        h.append("<script nonce=\"").append(nonce).append("\">").append(PLOT).append("</script></body></html>");
        return h.toString();
    }

    /** The plot's points: each setting's cost and success rate, the recommended one marked. */
    private static String points(EvalView run, ObjectMapper json) {
        var list = json.createArrayNode();
        for (EvalSummary.PolicyStats p : run.policies()) {
            if (p.successRate() == null) {
                continue;
            }
            list.addObject().put("label", p.label()).put("x", p.costUsd()).put("y", p.successRate() * 100)
                    .put("recommended", run.recommended() != null && run.recommended().policy().equals(p.policy()));
        }
        try {
            return json.writeValueAsString(list);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final String PLOT = """
            const points = JSON.parse(document.getElementById('data').textContent);
            new Chart(document.getElementById('chart'), {
              type: 'scatter',
              data: { datasets: [
                { label: 'policy settings', data: points.filter(p => !p.recommended), pointRadius: 6, backgroundColor: '#4a78c2' },
                { label: 'recommended', data: points.filter(p => p.recommended), pointRadius: 9, pointStyle: 'star',
                  borderColor: '#2e8b57', backgroundColor: '#2e8b57', borderWidth: 2 } ] },
              options: { maintainAspectRatio: false, animation: false,
                scales: { x: { title: { display: true, text: 'cost (USD)' }, beginAtZero: true },
                          y: { title: { display: true, text: 'success rate (%)' }, min: 0, max: 100 } },
                plugins: { tooltip: { callbacks: { label: c => c.raw.label + ': ' + c.raw.y.toFixed(1) + '% at $' + c.raw.x.toFixed(6) } } } }
            });
            """;

    private static String chartJs() {
        String js = chartJs;
        if (js == null) {
            try (InputStream in = EvalReport.class.getClassLoader().getResourceAsStream(CHART_JS)) {
                if (in == null) {
                    throw new IllegalStateException(CHART_JS + " is not on the class path");
                }
                js = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("//# sourceMappingURL=.*", "");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            chartJs = js;
        }
        return js;
    }

    /** Text safe inside a script element: no end tag or comment opener can be formed. */
    static String scriptSafe(String s) {
        return s.replace("</", "<\\/").replace("<!--", "<\\!--");
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String pct(Double share) {
        return share == null ? "–" : EvalSummary.percent(share);
    }

    private static String usd(Double usd) {
        return usd == null ? "–" : String.format(Locale.ROOT, "$%.6f", usd);
    }

    private static String ms(Double ms) {
        return ms == null ? "–" : String.format(Locale.ROOT, "%.0f ms", ms);
    }
}
