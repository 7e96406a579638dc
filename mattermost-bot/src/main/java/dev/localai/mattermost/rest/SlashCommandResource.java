package dev.localai.mattermost.rest;

import dev.localai.mattermost.conversation.SlashCommands;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import java.util.HashMap;
import java.util.Map;

/** {@code POST /slash}: where Mattermost sends the custom slash command {@code /gaming} (request method POST). */
@Path("/slash")
public class SlashCommandResource {

    private final SlashCommands slash;

    SlashCommandResource(SlashCommands slash) {
        this.slash = slash;
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Response run(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, MultivaluedMap<String, String> form) {
        Map<String, String> fields = new HashMap<>();
        form.forEach((name, values) -> fields.put(name, values.isEmpty() ? "" : values.get(0)));
        SlashCommands.Answer answer = slash.handle(authorization, fields);
        return Response.status(answer.status()).entity(answer.body()).build();
    }
}
