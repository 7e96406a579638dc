package dev.localai.router.privacy;

import dev.localai.openai.ChatCompletionRequest;
import dev.localai.openai.ChatMessage;
import dev.localai.openai.MessageContent;
import dev.localai.openai.ToolCall;
import dev.localai.router.config.RouterConfig;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from a request before it leaves the house (a backend whose {@code location} is
 * {@code cloud}): API keys of common shapes, bearer tokens, private-key blocks, {@code password=}-style
 * assignments (the name stays, the value goes) and the patterns in {@code router.redaction.patterns}.
 * Each secret becomes {@code [REDACTED:kind]} and is counted in {@code router_redactions_total{kind}}.
 * Home backends get the request as the client sent it.
 */
@Singleton
public class Redactor {

    private static final Map<String, Pattern> BUILT_IN = new LinkedHashMap<>();

    static {
        BUILT_IN.put("private_key", Pattern.compile(
                "-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\\s\\S]*?-----END [A-Z0-9 ]*PRIVATE KEY-----"));
        BUILT_IN.put("bearer_token", Pattern.compile("(?i)\\bbearer\\s+[A-Za-z0-9._~+/-]{16,}=*"));
        BUILT_IN.put("api_key", Pattern.compile("\\bsk-(?:proj-|ant-|or-)?[A-Za-z0-9_-]{20,}"));
        BUILT_IN.put("github_token", Pattern.compile("\\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})"));
        BUILT_IN.put("aws_access_key", Pattern.compile("\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b"));
        BUILT_IN.put("google_api_key", Pattern.compile("\\bAIza[0-9A-Za-z_-]{35}"));
        BUILT_IN.put("slack_token", Pattern.compile("\\bxox[abprs]-[A-Za-z0-9-]{10,}"));
        BUILT_IN.put("password", Pattern.compile(
                "(?i)\\b((?:password|passwd|pwd|secret|api[_-]?key|access[_-]?token|auth[_-]?token)\\s*[:=]\\s*)"
                        + "(\"[^\"\\n]*\"|'[^'\\n]*'|[^\\s,;]+)"));
    }

    private final Map<String, Pattern> patterns = new LinkedHashMap<>();
    private final boolean enabled;
    private final MeterRegistry registry;

    public Redactor(RouterConfig config, MeterRegistry registry) {
        this.enabled = config.redaction().enabled();
        this.registry = registry;
        patterns.putAll(BUILT_IN);
        List<String> custom = config.redaction().patterns().orElse(List.of());
        for (int i = 0; i < custom.size(); i++) {
            patterns.put(custom.size() == 1 ? "custom" : "custom" + (i + 1), Pattern.compile(custom.get(i)));
        }
    }

    /** The request with secrets redacted from every message's text and every tool call's arguments. */
    public ChatCompletionRequest redact(ChatCompletionRequest request) {
        if (!enabled) {
            return request;
        }
        boolean changed = false;
        List<ChatMessage> messages = new ArrayList<>(request.messages().size());
        for (ChatMessage message : request.messages()) {
            ChatMessage clean = redact(message);
            changed |= clean != message;
            messages.add(clean);
        }
        return changed ? request.withMessages(messages) : request;
    }

    private ChatMessage redact(ChatMessage message) {
        MessageContent content = message.content();
        MessageContent cleanContent = content;
        if (content instanceof MessageContent.Text text) {
            String clean = redact(text.value());
            cleanContent = clean == text.value() ? content : MessageContent.text(clean);
        } else if (content instanceof MessageContent.Parts parts) {
            List<MessageContent.Part> cleanParts = new ArrayList<>(parts.parts().size());
            boolean changed = false;
            for (MessageContent.Part part : parts.parts()) {
                String clean = redact(part.text());
                changed |= clean != part.text();
                cleanParts.add(clean == part.text() ? part : part.withText(clean));
            }
            cleanContent = changed ? MessageContent.parts(cleanParts) : content;
        }
        List<ToolCall> calls = message.toolCalls();
        List<ToolCall> cleanCalls = calls;
        if (calls != null) {
            List<ToolCall> out = new ArrayList<>(calls.size());
            boolean changed = false;
            for (ToolCall call : calls) {
                ToolCall.FunctionCall f = call.function();
                String clean = f == null ? null : redact(f.arguments());
                if (f != null && clean != f.arguments()) {
                    changed = true;
                    out.add(new ToolCall(call.index(), call.id(), call.type(),
                            new ToolCall.FunctionCall(f.name(), clean, f.extra()), call.extra()));
                } else {
                    out.add(call);
                }
            }
            cleanCalls = changed ? out : calls;
        }
        if (cleanContent == content && cleanCalls == calls) {
            return message;
        }
        return new ChatMessage(message.role(), cleanContent, message.name(), cleanCalls, message.toolCallId(),
                message.refusal(), message.extra());
    }

    /** The text with every secret replaced; the same instance when there was none. */
    public String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (Map.Entry<String, Pattern> entry : patterns.entrySet()) {
            Matcher m = entry.getValue().matcher(out);
            if (!m.find()) {
                continue;
            }
            StringBuilder sb = new StringBuilder(out.length());
            int count = 0;
            do {
                String replacement = "password".equals(entry.getKey())
                        ? m.group(1) + "[REDACTED:password]" : "[REDACTED:" + entry.getKey() + "]";
                m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
                count++;
            } while (m.find());
            m.appendTail(sb);
            out = sb.toString();
            registry.counter("router_redactions", "kind", entry.getKey()).increment(count);
        }
        return out.equals(text) ? text : out;
    }
}
