package dev.localai.router.quality;

import java.util.List;
import java.util.Locale;

/**
 * Scores an answer by its tokens' log-probabilities (OpenAI's {@code choices[].logprobs.content[].logprob}):
 * the geometric mean of the tokens' probabilities, {@code exp(mean logprob)}, with the mean and the least
 * likely token as reasons. Abstains when the backend sent none (Anthropic, the in-process llama.cpp engine).
 */
public final class Logprobs {

    private Logprobs() {
    }

    public static Score score(Answer answer) {
        List<Double> values = answer.logprobs();
        if (values.isEmpty()) {
            return Score.abstain("logprobs: the backend sent none");
        }
        double sum = 0;
        double min = 0;
        for (double v : values) {
            sum += v;
            min = Math.min(min, v);
        }
        double mean = sum / values.size();
        double p = Math.exp(mean);
        return Score.of(p, String.format(Locale.ROOT, "logprobs: mean %.2f (p %.2f), min %.2f over %d tokens",
                mean, p, min, values.size()));
    }
}
