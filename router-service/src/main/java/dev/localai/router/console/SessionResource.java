package dev.localai.router.console;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import java.sql.SQLException;
import java.util.Optional;

/**
 * The console's login: {@code GET /console/api/session} (who you are, and the CSRF token the page sends
 * back), {@code POST /console/api/login} with {@code {"key": "…"}} (JSON only, so another site cannot
 * post it as a form), {@code POST /console/api/logout}. No answer ever holds a key.
 */
@Path("/console/api")
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {

    private final ConsoleSessions sessions;
    private final dev.localai.router.routing.RoutingTableHolder routing;

    public SessionResource(ConsoleSessions sessions, dev.localai.router.routing.RoutingTableHolder routing) {
        this.sessions = sessions;
        this.routing = routing;
    }

    /** What the chat's model selector offers: auto, the aliases, every backend/model. */
    public record Models(java.util.List<String> aliases, java.util.List<String> models) {
    }

    @GET
    @Path("/models")
    public Models models() {
        var table = routing.table();
        java.util.List<String> aliases = new java.util.ArrayList<>(new java.util.TreeSet<>(table.aliases().keySet()));
        aliases.remove("auto");
        aliases.add(0, "auto");
        java.util.List<String> models = table.backends().values().stream()
                .flatMap(b -> b.models().stream().map(m -> b.name() + "/" + m)).sorted().toList();
        return new Models(aliases, models);
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Session(boolean loginRequired, boolean loggedIn, String kind, String name, boolean admin,
                          String csrf) {
        static Session of(boolean required, Optional<Caller> caller) {
            return caller.map(c -> new Session(required, true, c.kind().name().toLowerCase(), c.name(), c.admin(),
                    c.csrf())).orElse(new Session(required, false, null, null, false, null));
        }
    }

    public record Login(String key) {
    }

    @GET
    @Path("/session")
    public Session session(@Context RoutingContext rc) {
        return Session.of(sessions.loginRequired(), sessions.who(rc));
    }

    @POST
    @Path("/login")
    @Consumes(MediaType.APPLICATION_JSON)
    public Session login(Login body, @Context RoutingContext rc) throws SQLException {
        return Session.of(sessions.loginRequired(), Optional.of(sessions.login(rc, body == null ? null : body.key())));
    }

    @POST
    @Path("/logout")
    public Session logout(@Context RoutingContext rc) throws SQLException {
        sessions.logout(rc);
        return Session.of(sessions.loginRequired(), Optional.empty());
    }
}
