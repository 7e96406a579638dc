package dev.localai.router.console;

import dev.localai.openai.ApiException;

/** Query parameters of the console's API. */
final class QueryParameters {

    private QueryParameters() {
    }

    /** An integer parameter; a 400 that names it otherwise. */
    static int integer(String name, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("'" + name + "' must be an integer, not '" + value + "'.", name,
                    "invalid_value");
        }
    }
}
