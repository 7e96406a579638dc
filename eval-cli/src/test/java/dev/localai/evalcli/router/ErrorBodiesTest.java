package dev.localai.evalcli.router;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ErrorBodiesTest {

    @Test
    void theMessageIsTheOpenAiErrorsOwnOrElseTheBodyOrTheStatus() {
        assertEquals("the CSV has no 'prompt' column", ErrorBodies.message(400,
                "{\"error\":{\"message\":\"the CSV has no 'prompt' column\",\"type\":\"invalid_request_error\","
                        + "\"param\":\"prompt\",\"code\":null}}"));
        assertEquals("HTTP 502: Bad Gateway", ErrorBodies.message(502, "Bad Gateway\n"));
        assertEquals("HTTP 404", ErrorBodies.message(404, ""));
    }
}
