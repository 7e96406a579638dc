package dev.localai.router.routing.signals;

import dev.localai.router.Tags;
import dev.localai.openai.ChatCompletionRequest;
import dev.localai.openai.ChatMessage;
import dev.localai.openai.MessageContent;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds {@code #tag} words in the last user message and removes them before the request is
 * forwarded, so the model never sees routing instructions. Only known tags are removed; an
 * unknown {@code #word} (a hashtag the user meant, {@code #123} in a bug report) stays in the text
 * and is reported as unknown.
 */
public final class HashTags {

    /** A {@code #} at the start or after white space, then a word; markdown headings ({@code # Title}) do not match. */
    private static final Pattern TAG = Pattern.compile("(?<=^|\\s)#([A-Za-z][A-Za-z0-9_-]{1,31})(?=$|\\s|[.,;:!?])");

    public record Result(ChatCompletionRequest request, Tags tags) {
    }

    private HashTags() {
    }

    public static Result extract(ChatCompletionRequest request) {
        List<ChatMessage> messages = request.messages();
        int last = lastUserIndex(messages);
        if (last < 0) {
            return new Result(request, Tags.NONE);
        }
        ChatMessage message = messages.get(last);
        List<String> found = new ArrayList<>();
        MessageContent stripped = strip(message.content(), found);
        Tags tags = Tags.of(found);
        if (tags.known().isEmpty()) {
            return new Result(request, tags);
        }
        List<ChatMessage> copy = new ArrayList<>(messages);
        copy.set(last, message.withContent(stripped));
        return new Result(request.withMessages(copy), tags);
    }

    private static int lastUserIndex(List<ChatMessage> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equals(messages.get(i).role())) {
                return i;
            }
        }
        return -1;
    }

    private static MessageContent strip(MessageContent content, List<String> found) {
        if (content instanceof MessageContent.Text text) {
            return MessageContent.text(strip(text.value(), found));
        }
        if (content instanceof MessageContent.Parts parts) {
            List<MessageContent.Part> out = new ArrayList<>();
            for (MessageContent.Part part : parts.parts()) {
                out.add("text".equals(part.type()) && part.text() != null ? part.withText(strip(part.text(), found)) : part);
            }
            return MessageContent.parts(out);
        }
        return content;
    }

    /** Removes known tags from {@code text} (and the space before each), noting every tag word seen. */
    static String strip(String text, List<String> found) {
        if (text.indexOf('#') < 0) {
            return text;
        }
        Matcher m = TAG.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        int kept = 0;
        boolean removed = false;
        while (m.find()) {
            String tag = Tags.normalize(m.group(1));
            found.add(tag);
            if (Tags.ALL.contains(tag)) {
                int start = m.start();
                while (start > kept && (text.charAt(start - 1) == ' ' || text.charAt(start - 1) == '\t')) {
                    start--;
                }
                out.append(text, kept, start);
                kept = m.end();
                removed = true;
            }
        }
        if (!removed) {
            return text;
        }
        out.append(text, kept, text.length());
        return out.toString().strip();
    }
}
