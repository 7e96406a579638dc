package dev.localai.router.quality;

import dev.localai.openai.ChatMessage;
import dev.localai.router.Backend;
import dev.localai.router.backend.SmallModel;
import dev.localai.router.routing.RoutingTableHolder;
import dev.localai.router.routing.policy.CascadePlan;
import io.vertx.core.Future;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The judge model: a small (local) model asked to grade an answer against its question, 0 to 10, within
 * the plan's time budget ({@link SmallModel}); for {@link Consensus}, whether two long answers say the same.
 * Past the budget, or on any failure, it abstains and the other judges (or the word overlap) decide.
 */
@Singleton
public class JudgeModel {

    static final String INSTRUCTION = "You grade answers. Read the user's question and the assistant's answer, "
            + "then reply with only one integer from 0 to 10: how correct, complete and helpful the answer is "
            + "(0: wrong, empty, gibberish or a refusal; 10: fully correct). No other text.";
    private static final Pattern NUMBER = Pattern.compile("\\b(10|[0-9])(?:\\.\\d+)?\\b");
    private static final int MAX_CHARS = 6000;

    private final SmallModel model;
    private final RoutingTableHolder routing;

    public JudgeModel(SmallModel model, RoutingTableHolder routing) {
        this.model = model;
        this.routing = routing;
    }

    public Future<Score> score(CascadePlan.JudgeModel judge, Answer answer) {
        Backend backend = routing.table().backends().get(judge.target().backend());
        String name = judge.target().backend() + "/" + judge.target().model();
        if (backend == null) {
            return Future.succeededFuture(Score.abstain("judge: " + judge.target().backend() + " is not configured"));
        }
        String prompt = "Question:\n" + SmallModel.clip(question(answer.request().messages()), MAX_CHARS) + "\n\nAnswer"
                + (answer.complete() ? "" : " (its first part only)") + ":\n" + SmallModel.clip(answer.text(), MAX_CHARS);
        return model.ask(backend, judge.target().model(), INSTRUCTION, prompt, 8, judge.budget()).map(reply -> {
            if (!reply.ok()) {
                return Score.abstain("judge: " + name + " " + reply.failure());
            }
            Matcher m = NUMBER.matcher(reply.text());
            if (!m.find()) {
                return Score.abstain("judge: " + name + " gave no grade in " + reply.millis() + " ms");
            }
            int grade = Integer.parseInt(m.group(1));
            return Score.of(grade / 10.0, "judge: " + name + " grades " + grade + "/10 in " + reply.millis() + " ms");
        });
    }

    static final String COMPARE = "You compare two answers to the same question. Reply with only one integer "
            + "from 0 to 10: how far they say the same thing (0: they contradict each other or answer something "
            + "else; 10: the same facts and conclusion, however worded). No other text.";

    /**
     * Whether answers {@code a} and {@code b} to the request's last user message say the same, 0 to 10 as a
     * score in [0, 1], within the judge's budget; past it, or on any failure, it abstains (and says why).
     */
    public Future<Score> agreement(CascadePlan.JudgeModel judge, List<ChatMessage> messages, String a, String b) {
        Backend backend = routing.table().backends().get(judge.target().backend());
        String name = judge.target().backend() + "/" + judge.target().model();
        if (backend == null) {
            return Future.succeededFuture(Score.abstain("judge: " + judge.target().backend() + " is not configured"));
        }
        int each = MAX_CHARS / 2;
        String prompt = "Question:\n" + SmallModel.clip(question(messages), each) + "\n\nAnswer A:\n"
                + SmallModel.clip(a, each) + "\n\nAnswer B:\n" + SmallModel.clip(b, each);
        return model.ask(backend, judge.target().model(), COMPARE, prompt, 8, judge.budget())
                .otherwise(e -> new SmallModel.Reply(null, String.valueOf(e.getMessage()), 0))
                .map(reply -> {
                    if (!reply.ok()) {
                        return Score.abstain(name + ": " + reply.failure());
                    }
                    Matcher m = NUMBER.matcher(reply.text());
                    if (!m.find()) {
                        return Score.abstain(name + ": no grade in " + reply.millis() + " ms");
                    }
                    int grade = Integer.parseInt(m.group(1));
                    return Score.of(grade / 10.0, name + ": " + grade + "/10 in " + reply.millis() + " ms");
                });
    }

    private static String question(List<ChatMessage> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equals(messages.get(i).role())) {
                return String.valueOf(messages.get(i).text());
            }
        }
        return "";
    }
}
