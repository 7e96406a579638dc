package dev.localai.router.console;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.localai.openai.ApiException;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.sql.SQLException;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A person's conversations ({@code /console/api/chats}): list (newest first, {@code ?q=} searches), create,
 * read, rename, delete, and add a message. The answers themselves come from the router's own
 * {@code /v1/chat/completions}, which the page calls, so keys, budgets and the request log apply as to any
 * client; the page then stores the answer here. The first answer of a conversation starts its title.
 */
@Path("/console/api/chats")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ChatsResource {

    private static final int MAX_CONTENT = 1_000_000;

    private final ChatStore store;
    private final ChatTitles titles;
    private final AnswerCosts costs;

    public ChatsResource(ChatStore store, ChatTitles titles, AnswerCosts costs) {
        this.store = store;
        this.titles = titles;
        this.costs = costs;
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Settings(String title, String model, Boolean forceLocal) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record NewMessage(Integer fromSeq, String role, String content, UUID requestId, String backend, String model,
                             Integer promptTokens, Integer completionTokens, Double tokensPerSecond, Boolean stopped,
                             String error) {
    }

    @GET
    public Map<String, Object> list(@QueryParam("q") String query, @Context RoutingContext rc) throws SQLException {
        String q = query == null || query.isBlank() ? null : query.strip();
        return Map.of("object", "list", "data", store.list(owner(rc), q));
    }

    @POST
    public Response create(Settings body, @Context RoutingContext rc) throws SQLException {
        Settings s = body == null ? new Settings(null, null, null) : body;
        ChatStore.Conversation created = store.create(owner(rc), s.model(), Boolean.TRUE.equals(s.forceLocal()));
        if (s.title() != null && !s.title().isBlank()) {
            created = store.update(owner(rc), created.id(), s.title(), null, null);
        }
        return Response.status(201).entity(created).build();
    }

    @GET
    @Path("/{id}")
    public ChatStore.Conversation get(@PathParam("id") String id, @Context RoutingContext rc) throws SQLException {
        return costs.filledIn(store.get(owner(rc), uuid(id)));
    }

    @PATCH
    @Path("/{id}")
    public ChatStore.Conversation update(@PathParam("id") String id, Settings body, @Context RoutingContext rc)
            throws SQLException {
        if (body == null) {
            throw ApiException.badRequest("Send {\"title\": …, \"model\": …, \"force_local\": …}.", null,
                    "invalid_body");
        }
        return costs.filledIn(store.update(owner(rc), uuid(id), body.title(), body.model(), body.forceLocal()));
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id, @Context RoutingContext rc) throws SQLException {
        store.delete(owner(rc), uuid(id));
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/messages")
    public ChatStore.Conversation add(@PathParam("id") String id, NewMessage m, @Context RoutingContext rc)
            throws SQLException {
        if (m == null || m.role() == null || !Set.of("user", "assistant").contains(m.role()) || m.content() == null) {
            throw ApiException.badRequest("A message needs 'role' (user or assistant) and 'content'.", "role",
                    "invalid_value");
        }
        if (m.content().length() > MAX_CONTENT) {
            throw ApiException.badRequest("A message is at most " + MAX_CONTENT + " characters.", "content",
                    "invalid_value");
        }
        if (m.fromSeq() != null && m.fromSeq() < 0) {
            throw ApiException.badRequest("'from_seq' is 0 or more.", "from_seq", "invalid_value");
        }
        ChatStore.Conversation now = store.put(owner(rc), uuid(id), m.fromSeq(), new ChatStore.Message(0, m.role(),
                m.content(), m.requestId(), m.backend(), m.model(), m.promptTokens(), m.completionTokens(),
                m.tokensPerSecond(), Boolean.TRUE.equals(m.stopped()), m.error(), null, null));
        if (!now.titled() && "assistant".equals(m.role()) && m.error() == null) {
            titles.start(now, rc.request().localAddress().hostAddress(), rc.request().localAddress().port());
        }
        return costs.filledIn(now);
    }

    private static String owner(RoutingContext rc) {
        return ConsoleFilter.caller(rc).owner();
    }

    private static UUID uuid(String id) {
        return ChatStore.uuid(id).orElseThrow(() -> ChatStore.notFound(id));
    }
}
