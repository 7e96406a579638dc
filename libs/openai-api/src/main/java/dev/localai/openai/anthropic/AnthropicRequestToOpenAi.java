package dev.localai.openai.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.localai.openai.ChatCompletionRequest;
import dev.localai.openai.ChatMessage;
import dev.localai.openai.MessageContent;
import dev.localai.openai.Tool;
import dev.localai.openai.ToolCall;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A request to the router's {@code POST /v1/messages} (https://docs.anthropic.com/en/api/messages) as an
 * OpenAI chat request, so that local OpenAI-compatible models can answer it:
 * <ul>
 *   <li>{@code system} (a string, or text blocks joined by a blank line) becomes the first message;</li>
 *   <li>a user turn's {@code tool_result} blocks become {@code tool} messages first (text only;
 *       {@code is_error} prefixes the text with {@code "Error: "}), then its other blocks one user message:
 *       a plain string when they are all text, else parts with images as {@code image_url} (base64 sources
 *       as {@code data:} URLs);</li>
 *   <li>an assistant turn's text blocks become its content and its {@code tool_use} blocks its
 *       {@code tool_calls}; thinking blocks are dropped;</li>
 *   <li>{@code max_tokens}, {@code stop_sequences} ({@code stop}), {@code temperature}, {@code top_p} are
 *       kept; {@code top_k} goes as an extra field (llama.cpp, vLLM and Ollama read it);
 *       {@code metadata.user_id} becomes {@code user}; a stream asks {@code include_usage}, which the
 *       Anthropic stream needs for its usage;</li>
 *   <li>client tools become function tools; {@code tool_choice} {@code auto}, {@code any}, {@code tool},
 *       {@code none} become {@code auto}, {@code required}, the named function, {@code none};
 *       {@code disable_parallel_tool_use} becomes {@code parallel_tool_calls: false}.</li>
 * </ul>
 * Server tools (web search, code execution, …) and document blocks only Anthropic can serve: refused.
 */
public final class AnthropicRequestToOpenAi {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AnthropicRequestToOpenAi() {
    }

    /** @throws TranslationException when the request uses something only Anthropic's API offers */
    public static ChatCompletionRequest translate(MessagesRequest request) {
        List<ChatMessage> messages = new ArrayList<>();
        if (request.system() != null && !request.system().text().isBlank()) {
            String system = request.system() instanceof Content.Text text ? text.value()
                    : request.system().blocks().stream().filter(b -> b.is(ContentBlock.TEXT) && b.text() != null)
                    .map(ContentBlock::text).collect(Collectors.joining("\n\n"));
            messages.add(ChatMessage.system(system));
        }
        List<InputMessage> input = request.messages() == null ? List.of() : request.messages();
        for (int i = 0; i < input.size(); i++) {
            InputMessage message = input.get(i);
            String where = "messages[" + i + "]";
            if (InputMessage.USER.equals(message.role())) {
                user(message, where, messages);
            } else if (InputMessage.ASSISTANT.equals(message.role())) {
                messages.add(assistant(message));
            } else {
                throw new TranslationException("role \"" + message.role() + "\" is not user or assistant",
                        where + ".role");
            }
        }
        Map<String, JsonNode> extra = new LinkedHashMap<>();
        if (request.topK() != null) {
            extra.put("top_k", IntNode.valueOf(request.topK()));
        }
        if (request.toolChoice() != null && Boolean.TRUE.equals(request.toolChoice().disableParallelToolUse())) {
            extra.put("parallel_tool_calls", BooleanNode.FALSE);
        }
        ArrayNode stop = null;
        if (request.stopSequences() != null && !request.stopSequences().isEmpty()) {
            stop = NODES.arrayNode();
            request.stopSequences().forEach(stop::add);
        }
        String user = request.metadata() == null ? null : request.metadata().path("user_id").asText(null);
        return new ChatCompletionRequest(request.model(), messages, request.stream(),
                request.wantsStream() ? new ChatCompletionRequest.StreamOptions(true, null) : null,
                request.temperature(), request.topP(), request.maxTokens(), null, stop, null, null, user, null,
                tools(request.tools()), toolChoice(request.toolChoice()), null, extra);
    }

    private static void user(InputMessage message, String where, List<ChatMessage> out) {
        if (message.content() instanceof Content.Text text) {
            out.add(ChatMessage.user(text.value()));
            return;
        }
        List<MessageContent.Part> parts = new ArrayList<>();
        List<ContentBlock> blocks = message.blocks();
        for (int b = 0; b < blocks.size(); b++) {
            ContentBlock block = blocks.get(b);
            String type = block.type() == null ? "" : block.type();
            switch (type) {
                case ContentBlock.TOOL_RESULT -> out.add(toolMessage(block));
                case ContentBlock.TEXT -> parts.add(MessageContent.Part.text(block.text()));
                case ContentBlock.IMAGE -> parts.add(new MessageContent.Part("image_url", null,
                        NODES.objectNode().put("url", imageUrl(block.source(), where + ".content[" + b + "]")),
                        null, null, null));
                default -> throw new TranslationException("content block type \"" + type
                        + "\" can only be served by Anthropic", where + ".content[" + b + "]");
            }
        }
        if (parts.isEmpty()) {
            return;
        }
        boolean textOnly = parts.stream().allMatch(p -> "text".equals(p.type()));
        out.add(new ChatMessage(InputMessage.USER, textOnly ? MessageContent.text(MessageContent.parts(parts).text())
                : MessageContent.parts(parts), null, null, null, null, null));
    }

    private static String imageUrl(ImageSource source, String where) {
        if (source != null && ImageSource.BASE64.equals(source.type()) && source.data() != null) {
            return new DataUrl(source.mediaType(), source.data()).toUrl();
        }
        if (source != null && ImageSource.URL.equals(source.type()) && source.url() != null) {
            return source.url();
        }
        throw new TranslationException("an image needs a base64 or url source", where + ".source");
    }

    private static ChatMessage toolMessage(ContentBlock result) {
        String text = result.content() == null ? "" : result.content().text();
        if (Boolean.TRUE.equals(result.isError())) {
            text = "Error: " + text;
        }
        return new ChatMessage("tool", MessageContent.text(text), null, null, result.toolUseId(), null, null);
    }

    private static ChatMessage assistant(InputMessage message) {
        if (message.content() instanceof Content.Text text) {
            return ChatMessage.assistant(text.value());
        }
        StringBuilder text = new StringBuilder();
        List<ToolCall> calls = new ArrayList<>();
        for (ContentBlock block : message.blocks()) {
            if (block.is(ContentBlock.TEXT) && block.text() != null) {
                text.append(block.text());
            } else if (block.is(ContentBlock.TOOL_USE)) {
                String arguments = block.input() == null || block.input().isNull() ? "{}" : block.input().toString();
                calls.add(new ToolCall(null, block.id(), "function",
                        new ToolCall.FunctionCall(block.name(), arguments, null), null));
            }
        }
        MessageContent content = calls.isEmpty() || text.length() > 0 ? MessageContent.text(text.toString()) : null;
        return new ChatMessage(InputMessage.ASSISTANT, content, null, calls.isEmpty() ? null : calls, null, null,
                null);
    }

    private static List<Tool> tools(List<ToolDefinition> tools) {
        if (tools == null || tools.isEmpty()) {
            return null;
        }
        List<Tool> out = new ArrayList<>();
        for (int t = 0; t < tools.size(); t++) {
            ToolDefinition tool = tools.get(t);
            if (!tool.isClientTool()) {
                throw new TranslationException("tool type \"" + tool.type() + "\" is an Anthropic server tool that"
                        + " only Anthropic's API can run", "tools[" + t + "]");
            }
            out.add(new Tool("function",
                    new Tool.Function(tool.name(), tool.description(), tool.inputSchema(), null, null), null));
        }
        return out;
    }

    private static JsonNode toolChoice(ToolChoice choice) {
        if (choice == null || choice.type() == null) {
            return null;
        }
        return switch (choice.type()) {
            case ToolChoice.ANY -> TextNode.valueOf("required");
            case ToolChoice.NONE -> TextNode.valueOf("none");
            case ToolChoice.TOOL -> {
                var named = NODES.objectNode().put("type", "function");
                named.putObject("function").put("name", choice.name());
                yield named;
            }
            default -> TextNode.valueOf("auto");
        };
    }
}
