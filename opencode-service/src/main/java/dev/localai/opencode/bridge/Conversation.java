package dev.localai.opencode.bridge;

import dev.localai.opencode.ServedModel;

import java.util.List;

/**
 * A chat request as the bridge passes it to OpenCode: the served model, the client's system prompt (its system
 * and developer messages, joined by a blank line; empty when it sent none), the earlier turns in order, and the
 * last user turn, which becomes the prompt. Checked already: everything in it can be passed as it is.
 */
public record Conversation(ServedModel model, String system, List<Turn> history, Turn prompt, boolean stream,
                           boolean includeUsage) {

    /** Whether any turn holds an image. */
    public boolean hasImages() {
        return prompt.parts().stream().anyMatch(p -> "file".equals(p.type()))
                || history.stream().flatMap(t -> t.parts().stream()).anyMatch(p -> "file".equals(p.type()));
    }

    /** One message: {@code user} or {@code assistant}, and its parts in order. */
    public record Turn(String role, List<Part> parts) {
        public Turn {
            parts = List.copyOf(parts);
        }
    }

    /** A text part, or a file part (an image given as a {@code data:} URL, with its media type). */
    public record Part(String type, String text, String mime, String url) {

        public static Part text(String text) {
            return new Part("text", text, null, null);
        }

        public static Part file(String mime, String url) {
            return new Part("file", null, mime, url);
        }
    }
}
