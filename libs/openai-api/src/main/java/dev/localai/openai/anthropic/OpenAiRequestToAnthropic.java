package dev.localai.openai.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.localai.openai.ChatCompletionRequest;
import dev.localai.openai.ChatMessage;
import dev.localai.openai.MessageContent;
import dev.localai.openai.Tool;
import dev.localai.openai.ToolCall;

import java.util.ArrayList;
import java.util.List;

/**
 * An OpenAI chat request as a Messages API request, for calling Claude as a backend
 * (https://docs.anthropic.com/en/api/messages):
 * <ul>
 *   <li>{@code system} and {@code developer} messages, wherever they stand, are joined by a blank line
 *       into the top-level {@code system} string (the API has no system role);</li>
 *   <li>text parts become text blocks (empty ones are dropped: the API refuses empty text), {@code image_url}
 *       parts image blocks (a {@code data:} URL a base64 source, any other URL a url source), a PDF
 *       {@code file} part a document block; audio is refused;</li>
 *   <li>an assistant's {@code tool_calls} become {@code tool_use} blocks (arguments parsed into the
 *       {@code input} object); {@code tool} messages become {@code tool_result} blocks of a user turn;</li>
 *   <li>consecutive messages of one role are merged into one turn, tool results first;</li>
 *   <li>{@code max_tokens} (required by the API) is {@code max_completion_tokens}, else {@code max_tokens},
 *       else the configured default ({@value #DEFAULT_MAX_TOKENS} unless told otherwise);</li>
 *   <li>{@code stop} becomes {@code stop_sequences}; {@code temperature} is capped at 1.0 (the API's
 *       range is 0–1); {@code top_p} is kept, {@code top_k} taken from an extra field; {@code user}
 *       becomes {@code metadata.user_id};</li>
 *   <li>function tools become tools with {@code input_schema}; {@code tool_choice} {@code auto},
 *       {@code none}, {@code required} and a named function become {@code auto}, {@code none},
 *       {@code any} and {@code tool}; {@code parallel_tool_calls: false} sets
 *       {@code disable_parallel_tool_use}.</li>
 * </ul>
 * Other OpenAI fields are not forwarded: the API refuses unknown fields. {@code n > 1} is refused.
 */
public final class OpenAiRequestToAnthropic {

    /** The {@code max_tokens} sent when the client set no limit. */
    public static final int DEFAULT_MAX_TOKENS = 4096;

    private final int defaultMaxTokens;

    public OpenAiRequestToAnthropic() {
        this(DEFAULT_MAX_TOKENS);
    }

    /** @param defaultMaxTokens the {@code max_tokens} sent when the client set no limit; at least 1 */
    public OpenAiRequestToAnthropic(int defaultMaxTokens) {
        if (defaultMaxTokens < 1) {
            throw new IllegalArgumentException("defaultMaxTokens must be at least 1, was " + defaultMaxTokens);
        }
        this.defaultMaxTokens = defaultMaxTokens;
    }

    /** @throws TranslationException when the request uses something the Messages API cannot take */
    public MessagesRequest translate(ChatCompletionRequest request) {
        if (request.n() != null && request.n() > 1) {
            throw new TranslationException("Anthropic answers with one choice per request; n must be 1", "n");
        }
        List<String> system = new ArrayList<>();
        Turns turns = new Turns();
        List<ChatMessage> messages = request.messages() == null ? List.of() : request.messages();
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage message = messages.get(i);
            String where = "messages[" + i + "]";
            String role = message.role() == null ? "" : message.role();
            switch (role) {
                case "system", "developer" -> {
                    if (!message.text().isBlank()) {
                        system.add(message.text());
                    }
                }
                case "user" -> turns.add(InputMessage.USER, userBlocks(message.content(), where), plain(message));
                case "assistant" -> turns.add(InputMessage.ASSISTANT, assistantBlocks(message, where),
                        message.toolCalls() == null || message.toolCalls().isEmpty() ? plain(message) : null);
                case "tool" -> turns.add(InputMessage.USER, List.of(toolResult(message, where)), null);
                default -> throw new TranslationException("role \"" + role + "\" cannot be sent to Anthropic",
                        where + ".role");
            }
        }
        List<ToolDefinition> tools = tools(request.tools());
        return new MessagesRequest(request.model(),
                system.isEmpty() ? null : Content.text(String.join("\n\n", system)),
                turns.messages(),
                request.completionTokenLimit() != null ? request.completionTokenLimit() : defaultMaxTokens,
                request.stopSequences().isEmpty() ? null : request.stopSequences(),
                request.temperature() == null ? null : Math.min(1.0, Math.max(0.0, request.temperature())),
                request.topP(),
                request.extra().containsKey("top_k") ? request.extra().get("top_k").asInt() : null,
                request.stream(),
                tools,
                tools == null ? null : toolChoice(request),
                request.user() == null ? null : JsonNodeFactory.instance.objectNode().put("user_id", request.user()),
                null);
    }

    private static String plain(ChatMessage message) {
        return message.content() instanceof MessageContent.Text text ? text.value() : null;
    }

    static List<ContentBlock> userBlocks(MessageContent content, String where) {
        List<ContentBlock> blocks = new ArrayList<>();
        if (content instanceof MessageContent.Text text) {
            addText(blocks, text.value());
        } else if (content instanceof MessageContent.Parts parts) {
            for (int p = 0; p < parts.parts().size(); p++) {
                blocks.addAll(partBlocks(parts.parts().get(p), where + ".content[" + p + "]"));
            }
        }
        return blocks;
    }

    private static List<ContentBlock> partBlocks(MessageContent.Part part, String where) {
        String type = part.type() == null ? "" : part.type();
        switch (type) {
            case "text" -> {
                List<ContentBlock> text = new ArrayList<>();
                addText(text, part.text());
                return text;
            }
            case "image_url" -> {
                JsonNode image = part.imageUrl();
                String url = image == null ? "" : image.isTextual() ? image.asText() : image.path("url").asText("");
                return List.of(ContentBlock.image(imageSource(url, where)));
            }
            case "file" -> {
                String data = part.file() == null ? "" : part.file().path("file_data").asText("");
                DataUrl pdf = DataUrl.parse(data);
                if (pdf == null || !"application/pdf".equals(pdf.mediaType())) {
                    throw new TranslationException("Anthropic accepts files only as PDF data (file_data with a"
                            + " data:application/pdf;base64 URL)", where);
                }
                return List.of(new ContentBlock("document", null, ImageSource.base64(pdf.mediaType(), pdf.data()),
                        null, null, null, null, null, null, null));
            }
            default -> throw new TranslationException("content part type \"" + type
                    + "\" cannot be sent to Anthropic", where);
        }
    }

    private static ImageSource imageSource(String url, String where) {
        if (url.startsWith("data:")) {
            DataUrl data = DataUrl.parse(url);
            if (data == null) {
                throw new TranslationException("an image data URL must be data:<media type>;base64,<data>", where);
            }
            return ImageSource.base64(data.mediaType(), data.data());
        }
        if (url.isBlank()) {
            throw new TranslationException("an image_url part needs a url", where);
        }
        return ImageSource.url(url);
    }

    private static List<ContentBlock> assistantBlocks(ChatMessage message, String where) {
        List<ContentBlock> blocks = new ArrayList<>();
        addText(blocks, message.text());
        List<ToolCall> calls = message.toolCalls() == null ? List.of() : message.toolCalls();
        for (int c = 0; c < calls.size(); c++) {
            ToolCall call = calls.get(c);
            String name = call.function() == null ? null : call.function().name();
            if (call.id() == null || name == null) {
                throw new TranslationException("a tool call needs an id and a function name",
                        where + ".tool_calls[" + c + "]");
            }
            blocks.add(ContentBlock.toolUse(call.id(), name,
                    arguments(call.function().arguments(), where + ".tool_calls[" + c + "].function.arguments")));
        }
        return blocks;
    }

    private static JsonNode arguments(String arguments, String where) {
        if (arguments == null || arguments.isBlank()) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            JsonNode parsed = AnthropicSse.JSON.readTree(arguments);
            if (parsed instanceof ObjectNode) {
                return parsed;
            }
        } catch (JsonProcessingException e) {
            // reported below
        }
        throw new TranslationException("tool call arguments must be a JSON object for Anthropic's tool_use input",
                where);
    }

    private static ContentBlock toolResult(ChatMessage message, String where) {
        if (message.toolCallId() == null || message.toolCallId().isBlank()) {
            throw new TranslationException("a tool message needs tool_call_id", where + ".tool_call_id");
        }
        Content content = null;
        if (message.content() instanceof MessageContent.Text text) {
            content = Content.text(text.value());
        } else if (message.content() instanceof MessageContent.Parts) {
            content = Content.blocks(userBlocks(message.content(), where));
        }
        return ContentBlock.toolResult(message.toolCallId(), content, null);
    }

    private static void addText(List<ContentBlock> blocks, String text) {
        if (text != null && !text.isEmpty()) {
            blocks.add(ContentBlock.text(text));
        }
    }

    private static List<ToolDefinition> tools(List<Tool> tools) {
        if (tools == null || tools.isEmpty()) {
            return null;
        }
        List<ToolDefinition> out = new ArrayList<>();
        for (int t = 0; t < tools.size(); t++) {
            Tool tool = tools.get(t);
            if (!"function".equals(tool.type()) || tool.function() == null) {
                throw new TranslationException("only function tools can be sent to Anthropic", "tools[" + t + "]");
            }
            JsonNode schema = tool.function().parameters();
            if (schema == null || schema.isNull()) {
                schema = JsonNodeFactory.instance.objectNode().put("type", "object")
                        .set("properties", JsonNodeFactory.instance.objectNode());
            }
            out.add(ToolDefinition.of(tool.function().name(), tool.function().description(), schema));
        }
        return out;
    }

    private static ToolChoice toolChoice(ChatCompletionRequest request) {
        JsonNode choice = request.toolChoice();
        ToolChoice out = null;
        if (choice != null && choice.isTextual()) {
            out = switch (choice.asText()) {
                case "none" -> ToolChoice.of(ToolChoice.NONE);
                case "required" -> ToolChoice.of(ToolChoice.ANY);
                default -> ToolChoice.of(ToolChoice.AUTO);
            };
        } else if (choice != null && choice.isObject()) {
            String name = choice.path("function").path("name").asText(null);
            if (name == null) {
                throw new TranslationException("tool_choice names no function", "tool_choice");
            }
            out = ToolChoice.tool(name);
        }
        JsonNode parallel = request.extra().get("parallel_tool_calls");
        if (parallel != null && parallel.isBoolean() && !parallel.asBoolean()) {
            if (out == null) {
                out = ToolChoice.of(ToolChoice.AUTO);
            }
            if (!ToolChoice.NONE.equals(out.type())) {
                out = out.withDisableParallelToolUse(true);
            }
        }
        return out;
    }
}
