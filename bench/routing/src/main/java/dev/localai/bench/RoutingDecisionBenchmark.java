package dev.localai.bench;

import dev.localai.openai.ChatCompletionRequest;
import dev.localai.openai.ChatMessage;
import dev.localai.router.HouseState;
import dev.localai.router.routing.SignalReader;
import dev.localai.router.routing.policy.Decision;
import dev.localai.router.routing.policy.RoutingPolicy;
import dev.localai.router.routing.policy.RoutingTable;
import dev.localai.router.routing.policy.RoutingTableLoader;
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

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * What one routing decision costs on the request path: reading the signals (tags, a BPE token count,
 * task type, background detection) and running the shipped rules and filters. Three cases:
 * <ul>
 *   <li>{@code freshPrompt2000}: a 2,000-token user message never seen before (the token count is not cached);</li>
 *   <li>{@code repeatedPrompt2000}: the same 2,000-token message again (cached count);</li>
 *   <li>{@code chatTurnOver2000History}: a chat UI's next turn: 2,000 tokens of history it sends again, plus a short new question.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RoutingDecisionBenchmark {

    private RoutingPolicy policy;
    private RoutingTable table;
    private SignalReader signals;
    private String text2000;
    private ChatCompletionRequest repeated;
    private ChatCompletionRequest chatTurn;
    private long counter;
    private final Map<String, String> headers = Map.of("content-type", "application/json");

    @Setup
    public void setUp() throws IOException {
        try (InputStream in = RoutingDecisionBenchmark.class.getResourceAsStream("/routing-default.yaml")) {
            table = RoutingTableLoader.load(new String(in.readAllBytes(), StandardCharsets.UTF_8), name -> null);
        }
        policy = new RoutingPolicy(table);
        signals = new SignalReader();
        text2000 = prose(2000);
        repeated = ChatCompletionRequest.of("auto", List.of(ChatMessage.system("You are a helpful assistant."),
                ChatMessage.user(text2000)));
        String half = prose(1000);
        chatTurn = ChatCompletionRequest.of("auto", List.of(ChatMessage.system("You are a helpful assistant."),
                ChatMessage.user(half), ChatMessage.assistant(prose(1000)), ChatMessage.user("And what about the 3090?")));
    }

    /** Varied English-like prose of about {@code tokens} cl100k tokens. */
    static String prose(int tokens) {
        String[] words = ("the router sends each request to the cheapest backend that is allowed healthy and good "
                + "enough when a household asks questions about recipes taxes code diagrams and holidays while "
                + "someone plays games on the big graphics card in the other room").split(" ");
        Random random = new Random(tokens);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < tokens; i++) {
            out.append(words[random.nextInt(words.length)]).append(i % 17 == 16 ? ". " : " ");
        }
        return out.toString();
    }

    private Decision decide(ChatCompletionRequest request) {
        return policy.decide(signals.read(request, headers, table, HouseState.ALL_UP).signals());
    }

    @Benchmark
    public Decision freshPrompt2000() {
        String unseen = (counter++) + " " + text2000;            // a text the token cache has never seen
        return decide(ChatCompletionRequest.of("auto", List.of(ChatMessage.system("You are a helpful assistant."),
                ChatMessage.user(unseen))));
    }

    @Benchmark
    public Decision repeatedPrompt2000() {
        return decide(repeated);
    }

    @Benchmark
    public Decision chatTurnOver2000History() {
        return decide(chatTurn);
    }
}
