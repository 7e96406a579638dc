package dev.localai.standins.mattermost;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Custom slash commands as Mattermost runs them ({@code app/command.go}, and the developer docs' "Custom slash
 * commands" page, https://developers.mattermost.com/integrate/slash-commands/custom/): a POST to the command's URL with
 * {@code Authorization: Token <token>}, {@code Accept: application/json} and the form fields {@code token, team_id,
 * team_domain, channel_id, channel_name, user_id, user_name, command, text, trigger_id, response_url}, answered within
 * 30 s by a CommandResponse ({@code response_type} {@code ephemeral} or {@code in_channel}, {@code text}); an
 * {@code in_channel} answer becomes a post by the user who ran the command with {@code props.from_webhook}, an
 * ephemeral one is shown to that user only. {@code POST /hooks/commands/<id>} (the {@code response_url}, from
 * {@code web/webhook.go}) takes up to 5 later answers and replies {@code ok} as text. Event loop only.
 */
final class SlashCommands {

    static final int MAX_HOOK_USES = 5;

    /** A registered command. */
    record Command(String trigger, String url, String token) {
    }

    private static final class Hook {
        final ChatUser user;
        final ChatChannel channel;
        int uses;

        Hook(ChatUser user, ChatChannel channel) {
            this.user = user;
            this.channel = channel;
        }
    }

    private final MattermostState state;
    private final Posting posting;
    private final Supplier<String> siteUrl;
    private final HttpClient http;
    private final Map<String, Command> commands = new HashMap<>();
    private final Map<String, Hook> hooks = new HashMap<>();

    SlashCommands(Vertx vertx, MattermostState state, Posting posting, Supplier<String> siteUrl) {
        this.state = state;
        this.posting = posting;
        this.siteUrl = siteUrl;
        this.http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5_000));
    }

    void register(Command command) {
        commands.put(command.trigger(), command);
    }

    boolean has(String trigger) {
        return commands.containsKey(trigger);
    }

    /** Runs {@code /trigger text} as {@code user} in {@code channel}; the answer is handled as Mattermost does. */
    Future<SlashOutcome> run(ChatUser user, ChatChannel channel, String trigger, String text) {
        Command command = commands.get(trigger);
        String hookId = MattermostIds.newId();
        hooks.put(hookId, new Hook(user, channel));
        Map<String, String> form = new java.util.LinkedHashMap<>();
        form.put("token", command.token());
        form.put("team_id", state.teamId());
        form.put("team_domain", MattermostState.TEAM_NAME);
        form.put("channel_id", channel.id());
        form.put("channel_name", channel.name());
        form.put("user_id", user.id());
        form.put("user_name", user.username());
        form.put("command", "/" + trigger);
        form.put("text", text);
        form.put("trigger_id", MattermostIds.newId());
        form.put("response_url", siteUrl.get() + "/hooks/commands/" + hookId);
        String body = form.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(command.url())
                .setTimeout(30_000)
                .putHeader("Authorization", "Token " + command.token()).putHeader("Accept", "application/json")
                .putHeader("Content-Type", "application/x-www-form-urlencoded");
        return http.request(request).compose(r -> r.send(body)).compose(response -> response.body().map(answer -> {
            String type = response.getHeader("Content-Type");
            ObjectNode parsed = response.statusCode() == 200 ? commandResponse(type, answer) : null;
            if (parsed != null) {
                respond(hooks.get(hookId), parsed);
            }
            return new SlashOutcome(response.statusCode(), type, answer.toString(), parsed, hookId);
        })).recover(failure -> Future.succeededFuture(new SlashOutcome(0, null, String.valueOf(failure.getMessage()),
                null, hookId)));
    }

    /** {@code POST /hooks/commands/<id>}: a later answer; returns the error, or null when it was taken. */
    MattermostJson.AppError hook(String hookId, String contentType, Buffer body) {
        Hook hook = hooks.get(hookId);
        if (hook == null) {
            return new MattermostJson.AppError(404, "app.command_webhook.handle_command_webhook.app_error",
                    "Unable to find the webhook.");
        }
        ObjectNode response = commandResponse(contentType, body);
        if (response == null) {
            return new MattermostJson.AppError(400, "web.command_webhook.parse.app_error",
                    "Unable to parse incoming data");
        }
        if (hook.uses >= MAX_HOOK_USES) {
            return new MattermostJson.AppError(400,
                    "app.command_webhook.handle_command_webhook.use_count_exceeded.app_error",
                    "This webhook has been used too many times.");
        }
        hook.uses++;
        respond(hook, response);
        return null;
    }

    private void respond(Hook hook, ObjectNode response) {
        String text = response.path("text").asText("");
        if (text.isEmpty()) {
            return;
        }
        if ("in_channel".equals(response.path("response_type").asText())) {
            posting.create(hook.user, hook.channel.id(), "", text, Map.of("from_webhook", "true"));
        } else {
            state.addEphemeral(hook.user.id(), hook.channel.id(), "", text);
        }
    }

    /** {@code model.CommandResponseFromHTTPBody}: JSON when so typed, else the body is the text. */
    private static ObjectNode commandResponse(String contentType, Buffer body) {
        if (contentType != null && contentType.toLowerCase().startsWith("application/json")) {
            return MattermostJson.object(body.toString());
        }
        return MattermostJson.JSON.createObjectNode().put("text", body.toString());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
