package dev.localai.mattermost.server;

import dev.localai.mattermost.config.BotConfig;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The Mattermost server's REST API as the bot uses it ({@code MATTERMOST_URL}, {@code MATTERMOST_TOKEN} as a bearer
 * token): who it is, posting a reply in a thread, editing it, and reading a thread. Absent when not configured.
 */
@ApplicationScoped
public class MattermostClient {

    /** Mattermost's largest message (API v4: posts are limited to 16383 characters). */
    public static final int MAX_MESSAGE = 16383;

    private final Optional<URI> url;
    private final MattermostApi api;

    public MattermostClient(BotConfig config) {
        this.url = config.url().filter(u -> config.token().filter(t -> !t.isBlank()).isPresent());
        this.api = url.map(base -> {
            String token = config.token().orElseThrow().trim();
            ClientRequestFilter bearer = request -> request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, "Bearer " + token);
            return QuarkusRestClientBuilder.newBuilder().baseUri(base).register(bearer)
                    .connectTimeout(5, TimeUnit.SECONDS).readTimeout(15, TimeUnit.SECONDS).build(MattermostApi.class);
        }).orElse(null);
    }

    /** Whether {@code MATTERMOST_URL} and {@code MATTERMOST_TOKEN} are both set. */
    public boolean configured() {
        return api != null;
    }

    /** The server's base URL; throws when not configured. */
    public URI url() {
        return url.orElseThrow();
    }

    /** {@code GET /api/v4/users/me}: the bot's own account. */
    public User me() {
        return api().me();
    }

    /** {@code POST /api/v4/posts} in the thread {@code rootId}; {@code kind} is kept in the post's props. */
    public Post reply(String channelId, String rootId, String message, String kind) {
        return api().create(new NewPost(channelId, fit(message), rootId, Map.of("tayne", kind)));
    }

    /** {@code PUT /api/v4/posts/{id}/patch}: a new text for a post of the bot's. */
    public Post edit(String postId, String message) {
        return api().patch(postId, new PostPatch(fit(message), null));
    }

    /** A new text and a new {@code kind} in the post's props (e.g. a chat that ended in an error). */
    public Post edit(String postId, String message, String kind) {
        return api().patch(postId, new PostPatch(fit(message), Map.of("tayne", kind)));
    }

    /** {@code GET /api/v4/posts/{id}/thread}. */
    public PostList thread(String postId) {
        return api().thread(postId);
    }

    private MattermostApi api() {
        if (api == null) {
            throw new IllegalStateException("Mattermost is not configured: set MATTERMOST_URL and MATTERMOST_TOKEN");
        }
        return api;
    }

    private static String fit(String message) {
        return message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE - 1) + "…";
    }
}
