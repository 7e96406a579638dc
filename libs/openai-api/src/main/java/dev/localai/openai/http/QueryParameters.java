package dev.localai.openai.http;

import dev.localai.openai.ApiException;

/** Query parameters read as the API's errors say them. */
public final class QueryParameters {

    private QueryParameters() {
    }

    /** A query parameter that must be an integer: a 400 naming it otherwise (not JAX-RS's bare 404). */
    public static int integer(String name, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("'" + name + "' must be an integer, not '" + value + "'.", name,
                    "invalid_value");
        }
    }
}
