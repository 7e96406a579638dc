package dev.localai.openai.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.localai.openai.ApiError;
import dev.localai.openai.sse.SseEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.localai.openai.anthropic.Docs.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Both directions of the error mapping; see {@link AnthropicErrorToOpenAi} and {@link OpenAiErrorToAnthropic}. */
class ErrorTranslationTest {

    private static String body(String type, String message) {
        return "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"" + message + "\"},"
                + "\"request_id\":\"req_011CSHoEeqs5C35K2UUqR7Fy\"}";
    }

    @ParameterizedTest
    @CsvSource({
            "400, invalid_request_error, 400, invalid_request_error",
            "401, authentication_error,  502, upstream_error",
            "402, billing_error,         502, upstream_error",
            "403, permission_error,      502, upstream_error",
            "404, not_found_error,       404, invalid_request_error",
            "413, request_too_large,     413, invalid_request_error",
            "429, rate_limit_error,      429, rate_limit_error",
            "500, api_error,             502, upstream_error",
            "504, timeout_error,         504, upstream_error",
            "529, overloaded_error,      503, service_unavailable_error"})
    void everyDocumentedAnthropicErrorMapsToAStatusAndTypeForOurClient(int status, String type, int ourStatus,
                                                                        String ourType) {
        OpenAiFailure failure = AnthropicErrorToOpenAi.translate(status, body(type, "Something."));
        assertEquals(ourStatus, failure.status());
        assertEquals(ourType, failure.body().error().type());
        assertEquals(type, failure.body().error().code(), "code keeps Anthropic's type");
        assertTrue(failure.body().error().message().contains("req_011CSHoEeqs5C35K2UUqR7Fy"),
                failure.body().error().message());
    }

    @Test
    void aProviderAuthenticationFailureSaysItIsTheRoutersConfigurationAndEchoesNothing() {
        OpenAiFailure failure = AnthropicErrorToOpenAi.translate(401,
                body("authentication_error", "invalid x-api-key sk-ant-api03-secret"));
        String message = failure.body().error().message();
        assertTrue(message.contains("router's API key"), message);
        assertTrue(message.contains("not at fault"), message);
        assertFalse(message.contains("sk-ant"), "the provider's message is not passed on: " + message);
    }

    @Test
    void theClientsOwnMistakesKeepAnthropicsMessage() {
        OpenAiFailure failure = AnthropicErrorToOpenAi.translate(400,
                body("invalid_request_error", "max_tokens: Field required"));
        assertTrue(failure.body().error().message().startsWith("Anthropic: max_tokens: Field required"));
        assertEquals(ApiError.INVALID_REQUEST, failure.body().error().type());
    }

    @ParameterizedTest
    @CsvSource({"413, 413", "429, 429", "529, 503", "500, 502", "502, 502", "418, 400", "401, 502"})
    void aBodyThatIsNotAnthropicsShapeMapsByStatus(int status, int ourStatus) {
        OpenAiFailure failure = AnthropicErrorToOpenAi.translate(status, "<html>Request Entity Too Large</html>");
        assertEquals(ourStatus, failure.status());
        assertFalse(failure.body().error().message().contains("html"));
    }

    @Test
    void anUnknownErrorTypeMapsByItsStatus() {
        assertEquals(429, AnthropicErrorToOpenAi.translate(429, body("brand_new_error", "slow down")).status());
        assertEquals(502, AnthropicErrorToOpenAi.translate(AnthropicError.of("brand_new_error", "hm")).status(),
                "a stream error has no status: a provider failure");
    }

    @ParameterizedTest
    @CsvSource({
            "400, invalid_request_error", "401, authentication_error", "402, billing_error",
            "403, permission_error", "404, not_found_error", "413, request_too_large", "429, rate_limit_error",
            "500, api_error", "502, api_error", "503, overloaded_error", "504, timeout_error",
            "529, overloaded_error", "422, invalid_request_error"})
    void ourOpenAiErrorsBecomeAnthropicErrorBodiesWithTheSameStatus(int status, String type) {
        AnthropicFailure failure = OpenAiErrorToAnthropic.translate(status,
                ApiError.of("No backend can take this request: all are busy", ApiError.UNAVAILABLE, null, null));
        assertEquals(status, failure.status());
        JsonNode written = JSON.valueToTree(failure.body());
        assertEquals("{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\","
                + "\"message\":\"No backend can take this request: all are busy\"}}", written.toString());
    }

    @Test
    void aRawOpenAiErrorBodyIsReadAndAnythingElseNamesTheStatus() {
        AnthropicFailure read = OpenAiErrorToAnthropic.translate(404,
                "{\"error\":{\"message\":\"The model 'x' does not exist\",\"type\":\"invalid_request_error\","
                        + "\"param\":null,\"code\":\"model_not_found\"}}");
        assertEquals("The model 'x' does not exist", read.body().message());
        assertEquals("HTTP 502", OpenAiErrorToAnthropic.translate(502, "Bad Gateway").body().message());
    }

    @Test
    void aMidStreamFailureIsWrittenAsTheDocumentedErrorEvent() {
        AnthropicFailure failure = OpenAiErrorToAnthropic.translate(503,
                ApiError.of("Overloaded", ApiError.UNAVAILABLE, null, null));
        String written = AnthropicSse.format(failure.body());
        SseEvent documented = Docs.events(Docs.OVERLOADED_EVENT).get(0);
        SseEvent ours = Docs.events(written).get(0);
        assertEquals(documented.event(), ours.event());
        assertEquals(Docs.tree(documented.data()), Docs.tree(ours.data()));
        assertTrue(written.startsWith("event: error\ndata: {") && written.endsWith("}\n\n"), written);
    }
}
