package dev.localai.openai.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.localai.openai.sse.SseEvent;
import dev.localai.openai.sse.SseReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

/**
 * Payloads from Anthropic's documentation, as JSON text, and helpers to compare JSON. Sources:
 * https://docs.anthropic.com/en/api/messages (request and Message examples),
 * https://docs.anthropic.com/en/docs/build-with-claude/streaming (the two full HTTP stream responses),
 * https://docs.anthropic.com/en/api/errors (error shape),
 * https://docs.anthropic.com/en/docs/build-with-claude/tool-use (tool use and tool result turns),
 * https://docs.anthropic.com/en/docs/build-with-claude/prompt-caching (usage with cache tokens).
 */
final class Docs {

    static final ObjectMapper JSON = new ObjectMapper();

    /** "Basic streaming request", Response, verbatim. */
    static final String BASIC_STREAM = """
            event: message_start
            data: {"type": "message_start", "message": {"id": "msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY", "type": "message", "role": "assistant", "content": [], "model": "claude-opus-4-1-20250805", "stop_reason": null, "stop_sequence": null, "usage": {"input_tokens": 25, "output_tokens": 1}}}

            event: content_block_start
            data: {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}}

            event: ping
            data: {"type": "ping"}

            event: content_block_delta
            data: {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "Hello"}}

            event: content_block_delta
            data: {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "!"}}

            event: content_block_stop
            data: {"type": "content_block_stop", "index": 0}

            event: message_delta
            data: {"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence":null}, "usage": {"output_tokens": 15}}

            event: message_stop
            data: {"type": "message_stop"}

            """;

    /** "Streaming request with tool use", Response, verbatim but for fewer text deltas. */
    static final String TOOL_USE_STREAM = """
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_014p7gG3wDgGV9EUtLvnow3U","type":"message","role":"assistant","model":"claude-opus-4-1-20250805","stop_sequence":null,"usage":{"input_tokens":472,"output_tokens":2},"content":[],"stop_reason":null}}

            event: content_block_start
            data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

            event: ping
            data: {"type": "ping"}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Okay"}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":", let's check the weather for San Francisco, CA:"}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":0}

            event: content_block_start
            data: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_01T1x1fJ34qAmk2tNTrN7Up6","name":"get_weather","input":{}}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":""}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\\"location\\":"}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":" \\"San"}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":" Francisc"}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"o,"}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":" CA\\""}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":", "}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"\\"unit\\": \\"fah"}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"renheit\\"}"}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":1}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":89}}

            event: message_stop
            data: {"type":"message_stop"}

            """;

    /** The Message example of the API reference. */
    static final String MESSAGE = """
            {
              "content": [{"text": "Hi! My name is Claude.", "type": "text"}],
              "id": "msg_013Zva2CMHLNnXjNJJKqJ2EF",
              "model": "claude-sonnet-4-20250514",
              "role": "assistant",
              "stop_reason": "end_turn",
              "stop_sequence": null,
              "type": "message",
              "usage": {"input_tokens": 2095, "output_tokens": 503}
            }""";

    /** A tool use answer, as the tool use guide shows one, with prompt-caching usage. */
    static final String TOOL_USE_MESSAGE = """
            {
              "id": "msg_01Aq9w938a90dw8q",
              "type": "message",
              "role": "assistant",
              "model": "claude-opus-4-1-20250805",
              "stop_reason": "tool_use",
              "stop_sequence": null,
              "content": [
                {"type": "text", "text": "I'll check the current weather in San Francisco for you."},
                {"type": "tool_use", "id": "toolu_01A09q90qw90lq917835lq9", "name": "get_weather",
                 "input": {"location": "San Francisco, CA", "unit": "celsius"}}
              ],
              "usage": {"input_tokens": 21, "cache_creation_input_tokens": 188086, "cache_read_input_tokens": 1200,
                        "output_tokens": 393, "service_tier": "standard"}
            }""";

    /** A request with every modelled field: system blocks, an image, a tool round trip, tools and tool_choice. */
    static final String TOOL_REQUEST = """
            {
              "model": "claude-opus-4-1-20250805",
              "max_tokens": 1024,
              "system": [{"type": "text", "text": "Today's date is 2024-06-01.", "cache_control": {"type": "ephemeral"}}],
              "messages": [
                {"role": "user", "content": [
                  {"type": "image", "source": {"type": "base64", "media_type": "image/jpeg", "data": "/9j/4AAQSkZJRg=="}},
                  {"type": "image", "source": {"type": "url", "url": "https://upload.wikimedia.org/wikipedia/commons/a/a7/Camponotus_flavomarginatus_ant.jpg"}},
                  {"type": "text", "text": "What is the weather like where this was taken?"}
                ]},
                {"role": "assistant", "content": [
                  {"type": "text", "text": "I'll check the weather."},
                  {"type": "tool_use", "id": "toolu_01A09q90qw90lq917835lq9", "name": "get_weather",
                   "input": {"location": "San Francisco, CA", "unit": "celsius"}}
                ]},
                {"role": "user", "content": [
                  {"type": "tool_result", "tool_use_id": "toolu_01A09q90qw90lq917835lq9", "content": "15 degrees"},
                  {"type": "text", "text": "Thanks, and tomorrow?"}
                ]}
              ],
              "tools": [{
                "name": "get_weather",
                "description": "Get the current weather in a given location",
                "input_schema": {
                  "type": "object",
                  "properties": {
                    "location": {"type": "string", "description": "The city and state, e.g. San Francisco, CA"},
                    "unit": {"type": "string", "description": "Unit for the output - one of (celsius, fahrenheit)"}
                  },
                  "required": ["location"]
                }
              }],
              "tool_choice": {"type": "auto", "disable_parallel_tool_use": true},
              "stop_sequences": ["\\n\\nHuman:"],
              "temperature": 0.5,
              "top_p": 0.7,
              "top_k": 5,
              "stream": false,
              "metadata": {"user_id": "13803d75-b4b5-4c3e-b2a2-6f21399b021b"},
              "thinking": {"type": "enabled", "budget_tokens": 2048}
            }""";

    /** The error shape of the errors page. */
    static final String ERROR = """
            {"type": "error", "error": {"type": "not_found_error", "message": "The requested resource could not be found."}, "request_id": "req_011CSHoEeqs5C35K2UUqR7Fy"}""";

    /** The error event of the streaming page. */
    static final String OVERLOADED_EVENT = """
            event: error
            data: {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}

            """;

    private Docs() {
    }

    static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> T read(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The events of an event stream, in order. */
    static List<SseEvent> events(String stream) {
        List<SseEvent> events = new ArrayList<>();
        SseReader reader = new SseReader(events::add);
        reader.feed(stream);
        reader.finish();
        return events;
    }

    /** Whether two JSON trees are equal, ignoring null members and int/long differences. */
    static boolean sameJson(JsonNode a, JsonNode b) {
        Comparator<JsonNode> sameNumber = (x, y) -> x.equals(y) ? 0
                : x.isNumber() && y.isNumber() && x.decimalValue().compareTo(y.decimalValue()) == 0 ? 0 : 1;
        return withoutNulls(a).equals(sameNumber, withoutNulls(b));
    }

    static JsonNode withoutNulls(JsonNode node) {
        if (node.isObject()) {
            ObjectNode copy = JSON.createObjectNode();
            Iterator<String> names = node.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (!node.get(name).isNull()) {
                    copy.set(name, withoutNulls(node.get(name)));
                }
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JSON.createArrayNode();
            node.forEach(item -> copy.add(withoutNulls(item)));
            return copy;
        }
        return node;
    }
}
