package dev.localai.router.routing.signals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.localai.openai.ChatCompletionRequest;
import dev.localai.openai.ChatMessage;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Recognises the housekeeping requests chat UIs send next to every chat (Open WebUI's title, tags,
 * follow-up, search query, autocomplete and emoji generation), so they can be pinned to the small
 * local model instead of waking a big GPU or paying a cloud provider. Open WebUI names the task in
 * {@code metadata.task}; when a proxy drops metadata, its prompt templates still start with
 * {@code ### Task:} and say what they want.
 */
public final class BackgroundRequests {

    static final Set<String> OPEN_WEBUI_TASKS = Set.of("title_generation", "tags_generation",
            "follow_up_generation", "query_generation", "autocomplete_generation", "emoji_generation",
            "image_prompt_generation");
    private static final List<String> TEMPLATE_HINTS = List.of("title", "tags", "follow-up", "follow up",
            "search queries", "search query", "autocompletion", "emoji");

    private BackgroundRequests() {
    }

    /** The kind of background task (e.g. {@code title_generation}), or null for a real chat. */
    public static String detect(ChatCompletionRequest request) {
        JsonNode task = request.metadata() == null ? null : request.metadata().get("task");
        if (task != null && task.isTextual() && OPEN_WEBUI_TASKS.contains(task.asText())) {
            return task.asText();
        }
        List<ChatMessage> messages = request.messages();
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equals(messages.get(i).role())) {
                String text = messages.get(i).text();
                if (!text.startsWith("### Task:")) {
                    return null;
                }
                String head = text.substring(0, Math.min(text.length(), 300)).toLowerCase(Locale.ROOT);
                return TEMPLATE_HINTS.stream().anyMatch(head::contains) ? "ui_task" : null;
            }
        }
        return null;
    }
}
