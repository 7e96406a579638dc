package dev.localai.gamingpc.auth;

import dev.localai.openai.ApiException;
import dev.localai.gamingpc.GamingErrors;
import dev.localai.gamingpc.config.GamingPcConfig;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

/**
 * With {@code gaming-pc.token} set, the control endpoints ({@code POST /gaming-mode}, {@code POST /stop-all},
 * and {@code GET /status} unless {@code gaming-pc.status-open}) need {@code Authorization: Bearer <token>};
 * without it they answer 401 in OpenAI's error shape. Without a token everything is open.
 */
public class ControlAuth {

    private static final Set<String> CONTROL = Set.of("/gaming-mode", "/stop-all");

    private final GamingPcConfig config;

    public ControlAuth(GamingPcConfig config) {
        this.config = config;
    }

    @ServerRequestFilter
    public Response check(ContainerRequestContext request) {
        String token = config.token().filter(t -> !t.isBlank()).orElse(null);
        String path = "/" + request.getUriInfo().getPath().replaceAll("^/+|/+$", "");
        boolean guarded = CONTROL.contains(path) || "/status".equals(path) && !config.statusOpen();
        if (token == null || !guarded || matches(request.getHeaderString(HttpHeaders.AUTHORIZATION), token)) {
            return null;
        }
        ApiException error = GamingErrors.unauthorized();
        Response.ResponseBuilder response = Response.status(error.status()).type(MediaType.APPLICATION_JSON)
                .entity(error.error());
        error.headers().forEach(response::header);
        return response.build();
    }

    private static boolean matches(String header, String token) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(header.substring(7).trim().getBytes(StandardCharsets.UTF_8),
                token.getBytes(StandardCharsets.UTF_8));
    }
}
