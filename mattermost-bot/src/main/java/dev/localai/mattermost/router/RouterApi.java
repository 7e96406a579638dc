package dev.localai.mattermost.router;

import dev.localai.mattermost.OpenAiErrors;
import dev.localai.mattermost.ServiceAnswered;
import dev.localai.openai.ModelList;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;

/** The router's read-only API ({@code quarkus.rest-client.router.*}); wrapped by {@link RouterClient}. */
@RegisterRestClient(configKey = "router")
@RegisterProvider(RouterKey.class)
@Produces(MediaType.APPLICATION_JSON)
interface RouterApi {

    @GET
    @Path("/v1/models")
    ModelList models();

    @GET
    @Path("/api/savings")
    Savings savings();

    @GET
    @Path("/q/health/ready")
    Readiness readiness();

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return new ServiceAnswered(response.getStatus(), OpenAiErrors.message(response));
    }
}
