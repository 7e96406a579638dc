package dev.localai.router;

/**
 * What a model costs, in US dollars per million tokens. Local backends cost nothing by default (or
 * the electricity a user wants to count); the request log (accounting) multiplies these by usage.
 */
public record Price(double inputPerMillion, double outputPerMillion) {

    public static final Price FREE = new Price(0, 0);

    /** The cost of one request with these token counts. */
    public double cost(long promptTokens, long completionTokens) {
        return (promptTokens * inputPerMillion + completionTokens * outputPerMillion) / 1_000_000d;
    }
}
