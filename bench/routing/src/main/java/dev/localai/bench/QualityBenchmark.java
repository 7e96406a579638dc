package dev.localai.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.localai.openai.ChatCompletionRequest;
import dev.localai.openai.ChatMessage;
import dev.localai.router.Complexity;
import dev.localai.router.quality.Answer;
import dev.localai.router.quality.Checks;
import dev.localai.router.quality.Logprobs;
import dev.localai.router.quality.Score;
import dev.localai.router.quality.SelfConfidence;
import dev.localai.router.routing.signals.ComplexityHeuristic;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * What the cascade's in-process judges cost per answer, and the complexity heuristic per prompt, to set next
 * to {@link RoutingDecisionBenchmark}'s routing decision: the checks on a 300-word answer with a code block
 * (task {@code code}, read by JavaParser), on a 30,000-character Java block (near the largest that is parsed)
 * on 1,024 characters of printable noise (a random-weight model's answer) and on the held 32-token start of a
 * stream; the logprobs judge over 300 tokens; unwrapping
 * a self-reported confidence; the heuristic on a short question and on a 2,000-token prompt. The judge model
 * is a model call (its budget bounds it), measured by {@code bench/overhead/hold.sh}'s kind of run, not here.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class QualityBenchmark {

    private Answer codeAnswer;
    private Answer largeJava;
    private Answer heldStart;
    private Answer noise;
    private Answer withLogprobs;
    private String wrapped;
    private String shortPrompt;
    private String longPrompt;
    private final ObjectMapper json = new ObjectMapper();

    @Setup
    public void setUp() {
        ChatCompletionRequest request = ChatCompletionRequest.of("auto", List.of(ChatMessage.user("Write a parser")));
        String prose = RoutingDecisionBenchmark.prose(300);
        String text = prose + "\n```java\nclass Parser {\n    int parse(String s) {\n        return s.isEmpty() ? 0 : "
                + "Integer.parseInt(s.strip()); // \"}\"\n    }\n}\n```\n";
        codeAnswer = new Answer(text, true, "stop", List.of(), null, false, request, "code");
        StringBuilder big = new StringBuilder("```java\nclass Big {\n");
        for (int i = 0; big.length() < 30_000; i++) {
            big.append("    int f").append(i).append("(int x) { return x * ").append(i).append(" + 1; }\n");
        }
        largeJava = new Answer(big.append("}\n```\n").toString(), true, "stop", List.of(), null, false, request, "code");
        StringBuilder printable = new StringBuilder();
        Random chars = new Random(42);
        while (printable.length() < 1024) {
            printable.append((char) (chars.nextInt(40) == 0 ? ' ' : 33 + chars.nextInt(94)));   // as the demo 3070 writes
        }
        noise = new Answer(printable.toString(), true, "length", List.of(), null, false, request, null);
        heldStart = new Answer(RoutingDecisionBenchmark.prose(32), false, null, List.of(), null, false, request, null);
        List<Double> logprobs = new ArrayList<>();
        Random random = new Random(1);
        for (int i = 0; i < 300; i++) {
            logprobs.add(-random.nextDouble());
        }
        withLogprobs = new Answer(prose, true, "stop", logprobs, null, false, request, null);
        wrapped = "{\"answer\": \"" + RoutingDecisionBenchmark.prose(120).replace("\"", "") + "\", \"confidence\": 0.8}";
        shortPrompt = "What is the difference between a process and a thread?";
        longPrompt = RoutingDecisionBenchmark.prose(2000);
    }

    @Benchmark
    public Score checksOn300WordCodeAnswer() {
        return Checks.score(codeAnswer);
    }

    @Benchmark
    public Score checksOn30000CharJavaBlock() {
        return Checks.score(largeJava);
    }

    @Benchmark
    public Score checksOn1024CharsOfGibberish() {
        return Checks.score(noise);
    }

    @Benchmark
    public Score checksOnHeld32TokenStart() {
        return Checks.score(heldStart);
    }

    @Benchmark
    public Score logprobsOver300Tokens() {
        return Logprobs.score(withLogprobs);
    }

    @Benchmark
    public SelfConfidence.Unwrapped unwrapSelfReportedConfidence() {
        return SelfConfidence.unwrap(wrapped, json);
    }

    @Benchmark
    public Complexity complexityHeuristicShortQuestion() {
        return ComplexityHeuristic.of(shortPrompt);
    }

    @Benchmark
    public Complexity complexityHeuristic2000TokenPrompt() {
        return ComplexityHeuristic.of(longPrompt);
    }
}
