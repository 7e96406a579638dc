package dev.localai.router.evals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.localai.router.keys.KeyFilter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An eval run's calls: each prompt sent through the router's own {@code /v1/chat/completions}, as a household
 * client would send it, shaped by the policy (see {@link #request}), marked as eval traffic with
 * {@code X-Router-Eval}. Blocking, on the run's own threads. A call ends with its answer, its error, its time
 * limit (the connection is closed, so the router cancels the backend), or the run's cancel ({@link Open#close}).
 */
final class EvalCalls {

    /** What one call brought back. */
    record Result(int status, UUID requestId, String backend, String model, String answer, Double latencyMs,
                  Double ttftMs, String error) {
    }

    /** A call in flight; closing it ends it (its connection closed). */
    interface Open {
        void close();
    }

    /** Where a call in flight is kept while it runs, so that a cancel can close it. */
    interface Tracker {
        /** False when the run is cancelled already: the call is not made. */
        boolean opened(Open call);

        void closed(Open call);
    }

    static final int ANSWER_CHARS = 2000;
    private static final Pattern SCORE = Pattern.compile("\\b(10|[0-9])(?:\\s*/\\s*10)?\\b");

    private final HttpClient http;
    private final ObjectMapper json;
    private final URI chat;
    private final Optional<String> adminKey;
    private final ScheduledExecutorService timers;

    EvalCalls(HttpClient http, ObjectMapper json, URI chat, Optional<String> adminKey, ScheduledExecutorService timers) {
        this.http = http;
        this.json = json;
        this.chat = chat;
        this.adminKey = adminKey;
        this.timers = timers;
    }

    /**
     * The request of {@code prompt} under {@code policy}: {@code local} names the local model or alias (the
     * shipped {@code local}: the 3070, then the gaming PC) and asks for the {@code private} tag (only the house's
     * backends may answer), {@code cloud} names the reference model (and none of the CSV's tags,
     * which could keep it out), {@code current} is the prompt as the CSV gives it, {@code cascade} adds the
     * {@code cascade} tag and the sweep's threshold.
     */
    HttpRequest request(UUID run, EvalPrompt prompt, EvalSettings.Policy policy, EvalSettings settings) {
        ObjectNode body = json.createObjectNode();
        String model = EvalSettings.Policy.CLOUD.equals(policy.kind()) ? settings.reference()
                : EvalSettings.Policy.LOCAL.equals(policy.kind()) && settings.local() != null ? settings.local() : "auto";
        body.put("model", model);
        ArrayNode messages = body.putArray("messages");
        if (prompt.system() != null) {
            messages.addObject().put("role", "system").put("content", prompt.system());
        }
        messages.addObject().put("role", "user").put("content", prompt.prompt());
        body.put("stream", settings.stream());
        if (settings.stream()) {
            body.putObject("stream_options").put("include_usage", true);
        }
        List<String> tags = new ArrayList<>();
        if (!EvalSettings.Policy.CLOUD.equals(policy.kind())) {
            tags.addAll(prompt.tags());
        }
        if (EvalSettings.Policy.LOCAL.equals(policy.kind())) {
            tags.add("private");
        }
        if (EvalSettings.Policy.CASCADE.equals(policy.kind())) {
            tags.add("cascade");
        }
        HttpRequest.Builder r = builder(run, body, settings.timeoutS());
        if (!tags.isEmpty()) {
            r.header("X-Router-Tags", String.join(",", tags));
        }
        if (prompt.taskType() != null) {
            r.header("X-Task-Type", prompt.taskType());
        }
        if (policy.threshold() != null) {
            r.header("X-Router-Cascade-Threshold", Double.toString(policy.threshold()));
        }
        return r.build();
    }

    /** The judge model's question: how well the answer matches the expected one, 0 to 10. */
    HttpRequest judgeRequest(UUID run, EvalPrompt prompt, String answer, EvalSettings settings) {
        ObjectNode body = json.createObjectNode().put("model", settings.judge()).put("stream", false)
                .put("temperature", 0).put("max_tokens", 8);
        body.putArray("messages").addObject().put("role", "user").put("content", "You grade answers. Compare the"
                + " ANSWER with the EXPECTED answer to the QUESTION and reply with one whole number from 0 (wrong or"
                + " unrelated) to 10 (says the same as the expected answer), and nothing else.\n\nQUESTION:\n"
                + clip(prompt.prompt(), 2000) + "\n\nEXPECTED:\n" + clip(prompt.expected(), 2000) + "\n\nANSWER:\n"
                + clip(answer, 3000));
        return builder(run, body, settings.timeoutS()).build();
    }

    /** The judge's score in [0, 1] from its reply, or null when the reply holds no score. */
    static Double judgeScore(String reply) {
        if (reply == null) {
            return null;
        }
        Matcher m = SCORE.matcher(reply.replaceAll("(?s)<think>.*?</think>", ""));
        return m.find() ? Integer.parseInt(m.group(1)) / 10.0 : null;
    }

    private HttpRequest.Builder builder(UUID run, ObjectNode body, int timeoutS) {
        HttpRequest.Builder r = HttpRequest.newBuilder(chat).timeout(Duration.ofSeconds(timeoutS))
                .header("Content-Type", "application/json").header(KeyFilter.EVAL_HEADER, run.toString())
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        adminKey.ifPresent(k -> r.header("Authorization", "Bearer " + k));
        return r;
    }

    /** Sends {@code request} and reads its answer, within {@code timeoutS} from the start. */
    Result send(HttpRequest request, int timeoutS, Tracker tracker) {
        long start = System.nanoTime();
        Call call = new Call();
        if (!tracker.opened(call)) {
            return new Result(0, null, null, null, "", null, null, "cancelled");
        }
        ScheduledFuture<?> limit = timers.schedule(call::expire, timeoutS, TimeUnit.SECONDS);
        try {
            java.util.concurrent.CompletableFuture<HttpResponse<InputStream>> pending =
                    http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
            call.pending = pending;
            if (call.ended()) {
                pending.cancel(true);
            }
            HttpResponse<InputStream> response = pending.get();
            call.body(response.body());
            return read(response, start, call);
        } catch (java.util.concurrent.CancellationException e) {
            return failure(start, call, null);
        } catch (java.util.concurrent.ExecutionException e) {
            return failure(start, call, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failure(start, call, e);
        } catch (IOException e) {
            return failure(start, call, e);
        } finally {
            limit.cancel(false);
            call.finish();
            tracker.closed(call);
        }
    }

    private Result read(HttpResponse<InputStream> response, long start, Call call) throws IOException {
        UUID id = response.headers().firstValue("X-Request-Id").map(EvalCalls::uuid).orElse(null);
        String backend = response.headers().firstValue("X-Router-Backend").orElse(null);
        String model = response.headers().firstValue("X-Router-Model").orElse(null);
        String type = response.headers().firstValue("Content-Type").orElse("");
        StringBuilder answer = new StringBuilder();
        Double ttft = null;
        String error = null;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            if (response.statusCode() == 200 && type.startsWith("text/event-stream")) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (!line.startsWith("data:")) {
                        continue;
                    }
                    String data = line.substring(5).strip();
                    if (data.equals("[DONE]")) {
                        break;
                    }
                    JsonNode event = json.readTree(data);
                    if (event.has("error")) {
                        error = event.path("error").path("message").asText("the stream ended with an error");
                        break;
                    }
                    String piece = event.path("choices").path(0).path("delta").path("content").asText("");
                    if (!piece.isEmpty() && ttft == null) {
                        ttft = (System.nanoTime() - start) / 1e6;
                    }
                    answer.append(piece);
                }
            } else {
                JsonNode body = json.readTree(in);
                if (response.statusCode() == 200) {
                    answer.append(body.path("choices").path(0).path("message").path("content").asText(""));
                } else {
                    error = body == null ? null : body.path("error").path("message").asText(null);
                    if (error == null) {
                        error = "HTTP " + response.statusCode();
                    }
                }
            }
        } catch (IOException e) {
            if (call.ended()) {
                return failure(start, call, e);
            }
            throw e;
        }
        double latency = (System.nanoTime() - start) / 1e6;
        if (call.ended()) {
            return failure(start, call, null);
        }
        return new Result(response.statusCode(), id, backend, model, answer.toString(), latency,
                ttft == null && response.statusCode() == 200 && !answer.isEmpty() ? Double.valueOf(latency) : ttft,
                error);
    }

    private static Result failure(long start, Call call, Throwable cause) {
        String why = call.expired ? "no answer within the time limit" : call.cancelled ? "cancelled"
                : cause instanceof HttpTimeoutException ? "no answer within the time limit"
                : "the router could not be reached: " + (cause == null ? "closed" : cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : " " + cause.getMessage()));
        return new Result(0, null, null, null, "", (System.nanoTime() - start) / 1e6, null, why);
    }

    private static UUID uuid(String s) {
        try {
            return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static String clip(String s, int chars) {
        return s == null ? "" : s.length() > chars ? s.substring(0, chars) + "…" : s;
    }

    /** One call's connection: closed by its time limit, the run's cancel, or its end. */
    private static final class Call implements Open {
        private volatile java.util.concurrent.CompletableFuture<?> pending;
        private volatile InputStream body;
        private volatile boolean expired;
        private volatile boolean cancelled;
        private volatile boolean done;

        void body(InputStream in) {
            this.body = in;
            if (expired || cancelled) {
                closeBody();
            }
        }

        boolean ended() {
            return expired || cancelled;
        }

        void expire() {
            expired = true;
            end();
        }

        /** The run was cancelled: end the call now. */
        @Override
        public void close() {
            if (!done && !expired) {
                cancelled = true;
                end();
            }
        }

        /** The call is over: its connection is let go. */
        void finish() {
            done = true;
            closeBody();
        }

        private void end() {
            java.util.concurrent.CompletableFuture<?> p = pending;
            if (p != null) {
                p.cancel(true);
            }
            closeBody();
        }

        private void closeBody() {
            InputStream in = body;
            if (in != null) {
                try {
                    in.close();
                } catch (IOException e) {
                    // closing is all that is asked
                }
            }
        }
    }
}
