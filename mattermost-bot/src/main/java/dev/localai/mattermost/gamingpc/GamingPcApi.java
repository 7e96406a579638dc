package dev.localai.mattermost.gamingpc;

import dev.localai.mattermost.OpenAiErrors;
import dev.localai.mattermost.ServiceAnswered;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;

import java.util.Map;

/** gaming-pc-manager's control API ({@code quarkus.rest-client.gaming-pc.*}); wrapped by {@link GamingPcClient}. */
@RegisterRestClient(configKey = "gaming-pc")
@RegisterProvider(GamingPcToken.class)
@Produces(MediaType.APPLICATION_JSON)
interface GamingPcApi {

    @GET
    @Path("/status")
    PcStatus status();

    @POST
    @Path("/gaming-mode")
    @Consumes(MediaType.APPLICATION_JSON)
    PcStatus gamingMode(Map<String, Boolean> body);

    @POST
    @Path("/stop-all")
    PcStatus stopAll();

    /** Its errors are in OpenAI's shape, {@code {"error":{"message",...}}}. */
    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return new ServiceAnswered(response.getStatus(), OpenAiErrors.message(response));
    }
}
