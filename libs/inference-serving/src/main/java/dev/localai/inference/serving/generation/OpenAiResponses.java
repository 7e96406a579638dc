package dev.localai.inference.serving.generation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.localai.inference.Generation;
import dev.localai.openai.ChatCompletion;
import dev.localai.openai.ChatCompletionChunk;
import dev.localai.openai.ChatMessage;
import dev.localai.openai.Usage;
import dev.localai.openai.sse.SseWriter;

import java.util.List;

/**
 * Builds OpenAI's answer objects for one request: {@code chat.completion} and its chunks, or
 * {@code text_completion} (https://platform.openai.com/docs/api-reference/completions/object), which
 * has the same shape streamed or not.
 */
final class OpenAiResponses {

    private final ObjectMapper json;
    private final InferenceCall call;
    private final String id;
    private final long created = System.currentTimeMillis() / 1000;
    private final boolean fastPieces;
    private String piecePrefix;                 // "data: {...\"content\":\"" once built; null: use Jackson
    private String pieceSuffix;                 // "\"}...}\n\n"
    private boolean pieceTemplateTried;

    /** @param fastPieces whether {@link JsonText#escape} writes strings exactly as {@code json} does */
    OpenAiResponses(ObjectMapper json, InferenceCall call, String id, boolean fastPieces) {
        this.json = json;
        this.call = call;
        this.id = id;
        this.fastPieces = fastPieces;
    }

    Object whole(Generation g) {
        Usage usage = Usage.of(g.promptTokens(), g.completionTokens());
        if (call.shape() == InferenceCall.Shape.TEXT) {
            ObjectNode out = text(g.text(), g.finishReason());
            out.set("usage", json.valueToTree(usage));
            return out;
        }
        return new ChatCompletion(id, ChatCompletion.OBJECT, created, call.model(),
                List.of(new ChatCompletion.Choice(0, ChatMessage.assistant(g.text()), g.finishReason(), null, null)),
                usage, null, null, null);
    }

    /** The first event of a chat stream: the assistant role, no content yet. Null for text completions. */
    Object opening() {
        return call.shape() == InferenceCall.Shape.CHAT ? chunk(new ChatCompletionChunk.Delta("assistant", "", null, null, null), null) : null;
    }

    Object piece(String text) {
        return call.shape() == InferenceCall.Shape.TEXT ? text(text, null)
                : chunk(new ChatCompletionChunk.Delta(null, text, null, null, null), null);
    }

    /**
     * The whole SSE event ({@code data: …} and the blank line) of {@link #piece}: the same text as
     * {@code SseWriter.data(json.writeValueAsString(piece(text)))}, but serialized once per stream with a
     * marker in place of the text, which each token then replaces with its escaped text.
     */
    String pieceEvent(String text) {
        if (!pieceTemplateTried) {
            pieceTemplateTried = true;
            if (fastPieces) {
                buildPieceTemplate();
            }
        }
        if (piecePrefix == null) {
            return SseWriter.data(JsonText.write(json, piece(text)));
        }
        StringBuilder out = new StringBuilder(piecePrefix.length() + pieceSuffix.length() + text.length() + 8);
        out.append(piecePrefix);
        JsonText.escape(text, out);
        return out.append(pieceSuffix).toString();
    }

    private void buildPieceTemplate() {
        String marker = "\"" + PIECE_MARKER + "\"";
        String whole = SseWriter.data(JsonText.write(json, piece(PIECE_MARKER)));
        int at = whole.indexOf(marker);
        if (at < 0 || at != whole.lastIndexOf(marker)) {
            return;                             // the marker also in the id or model name: stay with Jackson
        }
        piecePrefix = whole.substring(0, at + 1);
        pieceSuffix = whole.substring(at + marker.length() - 1);
    }

    private static final String PIECE_MARKER = "piece-text-3f0b9c";

    Object closing(String finishReason) {
        return call.shape() == InferenceCall.Shape.TEXT ? text("", finishReason)
                : chunk(new ChatCompletionChunk.Delta(null, null, null, null, null), finishReason);
    }

    /** The usage event that ends a stream when asked for: empty choices, usage set. */
    Object usage(Generation g) {
        Usage usage = Usage.of(g.promptTokens(), g.completionTokens());
        if (call.shape() == InferenceCall.Shape.TEXT) {
            ObjectNode out = base("text_completion");
            out.putArray("choices");
            out.set("usage", json.valueToTree(usage));
            return out;
        }
        return new ChatCompletionChunk(id, ChatCompletionChunk.OBJECT, created, call.model(), List.of(), usage,
                null, null, null);
    }

    private ChatCompletionChunk chunk(ChatCompletionChunk.Delta delta, String finishReason) {
        return new ChatCompletionChunk(id, ChatCompletionChunk.OBJECT, created, call.model(),
                List.of(new ChatCompletionChunk.Choice(0, delta, finishReason, null, null)), null, null, null, null);
    }

    private ObjectNode text(String text, String finishReason) {
        ObjectNode out = base("text_completion");
        ObjectNode choice = out.putArray("choices").addObject();
        choice.put("text", text).put("index", 0).putNull("logprobs");
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return out;
    }

    private ObjectNode base(String object) {
        ObjectNode out = json.createObjectNode();
        out.put("id", id).put("object", object).put("created", created).put("model", call.model());
        return out;
    }
}
