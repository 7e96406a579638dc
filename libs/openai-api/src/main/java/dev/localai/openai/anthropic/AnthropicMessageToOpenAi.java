package dev.localai.openai.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.localai.openai.ChatCompletion;
import dev.localai.openai.ChatMessage;
import dev.localai.openai.MessageContent;
import dev.localai.openai.ToolCall;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Messages API answer (https://docs.anthropic.com/en/api/messages) as an OpenAI
 * {@code chat.completion}: one choice whose content is the text blocks joined; {@code tool_use} blocks
 * become {@code tool_calls} (the {@code input} object written as the {@code arguments} JSON text), and
 * the content is null when there are tool calls and no text; thinking blocks go to a
 * {@code reasoning_content} extra field, as OpenAI-compatible servers name it. {@code stop_reason}
 * maps by {@link StopReasons}, {@code usage} by {@link Usages}. The message id is kept.
 */
public final class AnthropicMessageToOpenAi {

    private AnthropicMessageToOpenAi() {
    }

    /** @param created the {@code created} epoch seconds to report (the Message carries no time) */
    public static ChatCompletion translate(Message message, long created) {
        ChatMessage assistant = assistantMessage(message.content() == null ? List.of() : message.content());
        ChatCompletion.Choice choice = new ChatCompletion.Choice(0, assistant,
                StopReasons.toFinishReason(message.stopReason()), null, null);
        return new ChatCompletion(message.id(), ChatCompletion.OBJECT, created, message.model(), List.of(choice),
                Usages.toOpenAi(message.usage()), null, null, null);
    }

    static ChatMessage assistantMessage(List<ContentBlock> blocks) {
        StringBuilder text = new StringBuilder();
        StringBuilder thinking = new StringBuilder();
        List<ToolCall> calls = new ArrayList<>();
        for (ContentBlock block : blocks) {
            if (block.is(ContentBlock.TEXT) && block.text() != null) {
                text.append(block.text());
            } else if (block.is(ContentBlock.TOOL_USE)) {
                JsonNode input = block.input() == null || block.input().isNull()
                        ? AnthropicSse.JSON.createObjectNode() : block.input();
                calls.add(new ToolCall(null, block.id(), "function",
                        new ToolCall.FunctionCall(block.name(), input.toString(), null), null));
            } else if (block.is(ContentBlock.THINKING) && block.thinking() != null) {
                thinking.append(block.thinking());
            }
        }
        MessageContent content = calls.isEmpty() || text.length() > 0 ? MessageContent.text(text.toString()) : null;
        Map<String, JsonNode> extra = thinking.length() == 0 ? null
                : Map.of("reasoning_content", TextNode.valueOf(thinking.toString()));
        return new ChatMessage(InputMessage.ASSISTANT, content, null, calls.isEmpty() ? null : calls, null, null,
                extra);
    }
}
