package dev.localai.router.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.localai.router.config.RouterConfig;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Titles a new conversation in the background: after its first answer, the router asks itself
 * ({@code /v1/chat/completions} on the address the console was reached on) for a title, shaped as Open
 * WebUI's title task ({@code metadata.task = title_generation}), which the routing policy pins to the small
 * local model. It goes through the request log like any request. The call carries the admin key when one
 * is set; without an answer (no admin key on a closed router, the local model down) the first words of the
 * question become the title.
 */
@Singleton
public class ChatTitles {

    private static final Logger LOG = Logger.getLogger(ChatTitles.class);
    static final int FALLBACK_WORDS = 6;

    private final ChatStore store;
    private final ObjectMapper json;
    private final ConsoleConfig config;
    private final Optional<String> adminKey;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Set<UUID> running = ConcurrentHashMap.newKeySet();

    public ChatTitles(ChatStore store, ObjectMapper json, ConsoleConfig config, RouterConfig router) {
        this.store = store;
        this.json = json;
        this.config = config;
        this.adminKey = router.adminKey().filter(k -> !k.isBlank());
    }

    /** Starts titling the conversation unless that is under way already. */
    void start(ChatStore.Conversation c, String host, int port) {
        if (c.messages().size() < 2 || !running.add(c.id())) {
            return;
        }
        String question = c.messages().get(0).content();
        String answer = c.messages().get(1).content();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + (host.contains(":") ? "[" + host
                        + "]" : host) + ":" + port + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(question, answer)));
        adminKey.ifPresent(k -> request.header("Authorization", "Bearer " + k));
        http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                .handle((response, failure) -> {
                    String title = failure == null && response.statusCode() == 200 ? parse(response.body()) : null;
                    if (title == null) {
                        LOG.debugf("no generated title for conversation %s (%s); using the question's first words",
                                c.id(), failure != null ? failure.toString() : "HTTP " + response.statusCode());
                        title = fallback(question);
                    }
                    try {
                        store.generatedTitle(c.id(), title);
                    } catch (Exception e) {
                        LOG.warnf("the title of conversation %s could not be stored: %s", c.id(), e.getMessage());
                    } finally {
                        running.remove(c.id());
                    }
                    return null;
                });
    }

    private String body(String question, String answer) {
        ObjectNode body = json.createObjectNode().put("model", config.titleModel()).put("stream", false)
                .put("max_tokens", 24);
        body.putObject("metadata").put("task", "title_generation");
        body.putArray("messages").addObject().put("role", "user").put("content", "### Task:\nGenerate a concise,"
                + " 3-5 word title summarizing the chat history. Answer with the title only, no quotes.\n"
                + "### Chat History:\n<chat_history>\nUSER: " + clip(question) + "\nASSISTANT: " + clip(answer)
                + "\n</chat_history>");
        return body.toString();
    }

    private String parse(String body) {
        try {
            JsonNode content = json.readTree(body).path("choices").path(0).path("message").path("content");
            String t = content.asText("").replaceAll("(?s)<think>.*?</think>", "").strip();
            int newline = t.indexOf('\n');
            t = (newline > 0 ? t.substring(0, newline) : t).replaceAll("^[\"'#*\\s]+|[\"'*\\s.]+$", "");
            return t.isBlank() ? null : t;
        } catch (Exception e) {
            return null;
        }
    }

    static String fallback(String question) {
        String[] words = question.strip().split("\\s+");
        String t = String.join(" ", java.util.Arrays.copyOf(words, Math.min(words.length, FALLBACK_WORDS)));
        return t.isBlank() ? "New chat" : t + (words.length > FALLBACK_WORDS ? "…" : "");
    }

    private static String clip(String text) {
        return text.length() > 2000 ? text.substring(0, 2000) + "…" : text;
    }
}
