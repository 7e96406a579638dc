package dev.localai.standins.mattermost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.localai.standins.server.LoopbackStub;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The REST routes of {@link MattermostStub}, each as its page of the API v4 reference
 * (https://developers.mattermost.com/api-documentation/, {@code api/v4/source/*.yaml}) documents it: {@code GET
 * /users/me}; {@code POST /posts} (201), {@code GET /posts/{id}}, {@code PUT /posts/{id}} and {@code PUT
 * /posts/{id}/patch}, {@code GET /posts/{id}/thread}; {@code GET /channels/{id}}, {@code GET
 * /teams/name/{team}/channels/name/{channel}} and {@code GET /channels/{id}/posts}; {@code POST /commands/execute};
 * and {@code POST /hooks/commands/{id}}. Every {@code /api/v4}
 * call needs {@code Authorization: Bearer <token>} (or {@code Token}, or {@code access_token}), else 401; errors
 * carry Mattermost's body {@code {"id","message","detailed_error","request_id","status_code"}}, and every answer an
 * {@code X-Request-Id} and {@code X-Version-Id}.
 */
final class MattermostRoutes implements LoopbackStub.Routes {

    private static final Pattern POST = Pattern.compile("/api/v4/posts/([^/]+)(/patch|/thread)?");
    private static final Pattern CHANNEL = Pattern.compile("/api/v4/channels/([^/]+)(/posts)?");
    private static final Pattern HOOK = Pattern.compile("/hooks/commands/([^/]+)");
    private static final Pattern BY_NAME = Pattern.compile("/api/v4/teams/name/([^/]+)/channels/name/([^/]+)");

    private final MattermostState state;
    private final Posting posting;
    private final SlashCommands slash;

    MattermostRoutes(MattermostState state, Posting posting, SlashCommands slash) {
        this.state = state;
        this.posting = posting;
        this.slash = slash;
    }

    /** The access token of a request: {@code Authorization: Bearer|Token <t>} or {@code ?access_token=}. */
    static String token(HttpServerRequest request) {
        String header = request.getHeader("Authorization");
        if (header != null) {
            String lower = header.toLowerCase(Locale.ROOT);
            for (String scheme : List.of("bearer ", "token ")) {
                if (lower.startsWith(scheme)) {
                    return header.substring(scheme.length()).trim();
                }
            }
        }
        return request.getParam("access_token");
    }

    @Override
    public void answer(HttpServerRequest request, Buffer body) {
        String path = request.path();
        String method = request.method().name();
        Matcher hook = HOOK.matcher(path);
        if (hook.matches() && "POST".equals(method)) {
            MattermostJson.AppError error = slash.hook(hook.group(1), request.getHeader("Content-Type"), body);
            if (error != null) {
                error(request, error);
            } else {
                headers(request).putHeader("Content-Type", "text/plain").end("ok");
            }
            return;
        }
        if (!path.startsWith("/api/v4/")) {
            error(request, MattermostJson.AppError.notFound());
            return;
        }
        if (path.matches("/api/v4/websocket/?")) {     // a GET that is no WebSocket upgrade (api4/websocket.go)
            error(request, new MattermostJson.AppError(400, "api.web_socket.connect.upgrade.app_error",
                    "Failed to upgrade websocket connection."));
            return;
        }
        Optional<ChatUser> caller = state.userByToken(token(request));
        if (caller.isEmpty()) {
            error(request, MattermostJson.AppError.unauthorized());
            return;
        }
        route(request, method, path, body.toString(), caller.get());
    }

    private void route(HttpServerRequest request, String method, String path, String body, ChatUser caller) {
        Matcher post = POST.matcher(path);
        Matcher channel = CHANNEL.matcher(path);
        Matcher byName = BY_NAME.matcher(path);
        if (byName.matches() && "GET".equals(method)) {
            Optional<ChatChannel> found = MattermostState.TEAM_NAME.equals(byName.group(1))
                    ? state.channelNamed(byName.group(2)).filter(c -> !c.isDirect()) : Optional.empty();
            if (found.isEmpty()) {
                error(request, new MattermostJson.AppError(404, "app.channel.get_by_name.missing.app_error",
                        "Channel does not exist."));
            } else {
                channel(request, found.get().id(), false, caller);
            }
        } else if ("/api/v4/users/me".equals(path) && "GET".equals(method)) {
            json(request, 200, MattermostJson.user(caller, state.createdAt()));
        } else if ("/api/v4/posts".equals(path) && "POST".equals(method)) {
            create(request, body, caller);
        } else if ("/api/v4/commands/execute".equals(path) && "POST".equals(method)) {
            execute(request, body, caller);
        } else if (post.matches()) {
            post(request, method, post.group(1), post.group(2), body, caller);
        } else if (channel.matches() && "GET".equals(method)) {
            channel(request, channel.group(1), channel.group(2) != null, caller);
        } else {
            error(request, MattermostJson.AppError.notFound());
        }
    }

    private void create(HttpServerRequest request, String body, ChatUser caller) {
        ObjectNode json = MattermostJson.object(body);
        if (json == null) {
            error(request, MattermostJson.AppError.invalidBody("post"));
            return;
        }
        if (!MattermostIds.isValid(json.path("channel_id").asText(null))) {
            error(request, MattermostJson.AppError.invalidParam("channel_id"));
            return;
        }
        Posting.Result result = posting.create(caller, json.get("channel_id").asText(), json.path("root_id").asText(""),
                json.path("message").asText(""), MattermostJson.props(json.get("props")));
        if (result.error() != null) {
            error(request, result.error());
        } else {
            json(request, 201, MattermostJson.post(result.post(), 0));
        }
    }

    private void post(HttpServerRequest request, String method, String id, String sub, String body, ChatUser caller) {
        Optional<ChatPost> found = state.post(id);
        Optional<ChatChannel> channel = found.flatMap(p -> state.channel(p.channelId()));
        if (found.isEmpty() || channel.isEmpty() || !channel.get().hasMember(caller.id())) {
            error(request, found.isEmpty() ? new MattermostJson.AppError(404, "app.post.get.app_error",
                    "Unable to get the post.") : MattermostJson.AppError.forbidden());
            return;
        }
        ChatPost target = found.get();
        if ("GET".equals(method) && sub == null) {
            json(request, 200, MattermostJson.post(target, state.replyCount(target.id())));
        } else if ("GET".equals(method) && "/thread".equals(sub)) {
            List<ObjectNode> posts = state.thread(target.threadId()).stream()
                    .sorted(Comparator.comparingLong(ChatPost::createAt).reversed())
                    .map(p -> MattermostJson.post(p, state.replyCount(p.id()))).toList();
            json(request, 200, MattermostJson.postList(posts));
        } else if ("PUT".equals(method) && !"/thread".equals(sub)) {
            edit(request, target, sub != null, body, caller);
        } else {
            error(request, MattermostJson.AppError.notFound());
        }
    }

    /** {@code PUT /posts/{id}} (the whole post: {@code id} must match) or {@code PUT /posts/{id}/patch}. */
    private void edit(HttpServerRequest request, ChatPost target, boolean patch, String body, ChatUser caller) {
        ObjectNode json = MattermostJson.object(body);
        if (json == null) {
            error(request, MattermostJson.AppError.invalidBody(patch ? "patch" : "post"));
            return;
        }
        if (!patch && !target.id().equals(json.path("id").asText())) {
            error(request, MattermostJson.AppError.invalidParam("id"));
            return;
        }
        if (!target.userId().equals(caller.id())) {
            error(request, MattermostJson.AppError.forbidden());
            return;
        }
        JsonNode message = json.get("message");
        if (message != null && message.asText().length() > Posting.MAX_MESSAGE) {
            error(request, new MattermostJson.AppError(400, "model.post.is_valid.message_length.app_error",
                    "Invalid Message property length."));
            return;
        }
        String text = message != null ? message.asText() : patch ? null : "";
        ChatPost edited = posting.edit(target, text, json.has("props") ? MattermostJson.props(json.get("props")) : null);
        json(request, 200, MattermostJson.post(edited, state.replyCount(edited.id())));
    }

    private void channel(HttpServerRequest request, String id, boolean posts, ChatUser caller) {
        Optional<ChatChannel> channel = state.channel(id);
        if (channel.isEmpty() || !channel.get().hasMember(caller.id())) {
            error(request, channel.isEmpty() ? new MattermostJson.AppError(404, "app.channel.get.existing.app_error",
                    "Unable to find the existing channel.") : MattermostJson.AppError.forbidden());
            return;
        }
        ChatChannel c = channel.get();
        if (!posts) {
            json(request, 200, MattermostJson.JSON.createObjectNode().put("id", c.id()).put("create_at", state.createdAt())
                    .put("update_at", state.createdAt()).put("delete_at", 0).put("team_id", c.teamId())
                    .put("type", c.type()).put("display_name", c.displayName()).put("name", c.name()).put("header", "")
                    .put("purpose", ""));
            return;
        }
        int page = Math.max(0, intParam(request, "page", 0));
        int perPage = Math.min(200, Math.max(1, intParam(request, "per_page", 60)));
        List<ObjectNode> newestFirst = state.posts().stream().filter(p -> p.channelId().equals(c.id()))
                .sorted(Comparator.comparingLong(ChatPost::createAt).reversed()).skip((long) page * perPage)
                .limit(perPage).map(p -> MattermostJson.post(p, state.replyCount(p.id()))).toList();
        json(request, 200, MattermostJson.postList(newestFirst));
    }

    /** {@code POST /commands/execute} {@code {channel_id, command}}: runs a registered custom command. */
    private void execute(HttpServerRequest request, String body, ChatUser caller) {
        ObjectNode json = MattermostJson.object(body);
        String command = json == null ? "" : json.path("command").asText("");
        Optional<ChatChannel> channel = json == null ? Optional.empty() : state.channel(json.path("channel_id").asText());
        if (!command.startsWith("/") || channel.isEmpty()) {
            error(request, MattermostJson.AppError.invalidBody("command_args"));
            return;
        }
        String[] parts = command.substring(1).split(" ", 2);
        if (!slash.has(parts[0])) {
            error(request, new MattermostJson.AppError(404, "api.command.execute_command.not_found.app_error",
                    "Command with a trigger of '" + parts[0] + "' not found."));
            return;
        }
        slash.run(caller, channel.get(), parts[0], parts.length > 1 ? parts[1].trim() : "").onSuccess(outcome -> {
            if (outcome.response() == null) {
                error(request, new MattermostJson.AppError(500, "api.command.execute_command.failed_resp.app_error",
                        "Command with a trigger of '" + parts[0] + "' returned response " + outcome.status() + "."));
            } else {
                json(request, 200, outcome.response());
            }
        });
    }

    private static int intParam(HttpServerRequest request, String name, int otherwise) {
        try {
            String value = request.getParam(name);
            return value == null ? otherwise : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    private static io.vertx.core.http.HttpServerResponse headers(HttpServerRequest request) {
        return request.response().putHeader("X-Request-Id", MattermostIds.newId())
                .putHeader("X-Version-Id", MattermostJson.SERVER_VERSION);
    }

    static void json(HttpServerRequest request, int status, JsonNode body) {
        headers(request).setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(MattermostJson.text(body));
    }

    static void error(HttpServerRequest request, MattermostJson.AppError error) {
        String requestId = MattermostIds.newId();
        request.response().putHeader("X-Request-Id", requestId).putHeader("X-Version-Id", MattermostJson.SERVER_VERSION)
                .setStatusCode(error.status()).putHeader("Content-Type", "application/json")
                .end(MattermostJson.text(error.json(requestId)));
    }
}
