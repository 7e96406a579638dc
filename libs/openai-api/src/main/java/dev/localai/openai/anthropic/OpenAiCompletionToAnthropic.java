package dev.localai.openai.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.localai.openai.ChatCompletion;
import dev.localai.openai.ChatMessage;
import dev.localai.openai.ToolCall;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * An OpenAI {@code chat.completion} as the Message object of the Messages API
 * (https://docs.anthropic.com/en/api/messages), for the router's {@code POST /v1/messages}: the first
 * choice's text (or refusal) becomes a text block, its {@code tool_calls} become {@code tool_use} blocks
 * after it (arguments parsed into the {@code input} object; arguments that are not a JSON object are kept
 * as {@code {"_unparsed_arguments": "<text>"}} so nothing is lost); {@code finish_reason} maps by
 * {@link StopReasons}; usage by {@link Usages}. An empty answer has empty {@code content}, as the API's
 * can. Ids get the {@code msg_} prefix Anthropic's have.
 */
public final class OpenAiCompletionToAnthropic {

    private OpenAiCompletionToAnthropic() {
    }

    public static Message translate(ChatCompletion completion) {
        ChatCompletion.Choice choice = completion.choices() == null || completion.choices().isEmpty() ? null
                : completion.choices().get(0);
        ChatMessage message = choice == null ? null : choice.message();
        List<ContentBlock> content = message == null ? List.of() : blocks(message);
        return Message.of(messageId(completion.id()), completion.model(), content,
                StopReasons.toStopReason(choice == null ? null : choice.finishReason()), null,
                Usages.toAnthropic(completion.usage()));
    }

    static List<ContentBlock> blocks(ChatMessage message) {
        List<ContentBlock> blocks = new ArrayList<>();
        String text = message.text().isEmpty() && message.refusal() != null ? message.refusal() : message.text();
        if (!text.isEmpty()) {
            blocks.add(ContentBlock.text(text));
        }
        List<ToolCall> calls = message.toolCalls() == null ? List.of() : message.toolCalls();
        for (int c = 0; c < calls.size(); c++) {
            ToolCall call = calls.get(c);
            String name = call.function() == null ? null : call.function().name();
            String arguments = call.function() == null ? null : call.function().arguments();
            blocks.add(ContentBlock.toolUse(toolUseId(call.id(), c), name, input(arguments)));
        }
        return blocks;
    }

    /** The tool input object for an OpenAI arguments text. */
    static JsonNode input(String arguments) {
        if (arguments == null || arguments.isBlank()) {
            return AnthropicSse.JSON.createObjectNode();
        }
        try {
            JsonNode parsed = AnthropicSse.JSON.readTree(arguments);
            if (parsed instanceof ObjectNode) {
                return parsed;
            }
        } catch (JsonProcessingException e) {
            // kept unparsed below
        }
        return AnthropicSse.JSON.createObjectNode().put("_unparsed_arguments", arguments);
    }

    /** {@code msg_<id>}: the OpenAI id with Anthropic's prefix, kept when it has it; a fresh one when absent. */
    public static String messageId(String openAiId) {
        if (openAiId == null || openAiId.isBlank()) {
            return "msg_" + UUID.randomUUID().toString().replace("-", "");
        }
        return openAiId.startsWith("msg_") ? openAiId : "msg_" + openAiId;
    }

    static String toolUseId(String openAiId, int position) {
        if (openAiId == null || openAiId.isBlank()) {
            return "toolu_" + UUID.randomUUID().toString().replace("-", "") + "_" + position;
        }
        return openAiId.replaceAll("[^a-zA-Z0-9_-]", "_");
    }
}
