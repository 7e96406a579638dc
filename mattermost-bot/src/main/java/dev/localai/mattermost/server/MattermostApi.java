package dev.localai.mattermost.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;

/** The four Mattermost API v4 calls the bot makes; built by {@link MattermostClient} for the configured server. */
@Path("/api/v4")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface MattermostApi {

    @GET
    @Path("/users/me")
    User me();

    @POST
    @Path("/posts")
    Post create(NewPost post);

    @PUT
    @Path("/posts/{id}/patch")
    Post patch(@PathParam("id") String id, PostPatch patch);

    @GET
    @Path("/posts/{id}/thread")
    PostList thread(@PathParam("id") String id);

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        String id = "";
        String message = "HTTP " + response.getStatus();
        try {
            JsonNode body = new ObjectMapper().readTree(response.readEntity(String.class));
            id = body.path("id").asText("");
            message = body.path("message").asText(message);
        } catch (Exception notMattermostsBody) {
            // a proxy's page: the status says enough
        }
        return new MattermostException(response.getStatus(), id, message);
    }
}
