package dev.localai.opencode.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.localai.opencode.BridgeError;
import dev.localai.opencode.bridge.AnswerSink;
import dev.localai.openai.Usage;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

/** An answer as one {@code chat.completion}, written when OpenCode has finished it. */
final class CollectedAnswer implements AnswerSink {

    private final HttpServerResponse response;
    private final ObjectMapper json;
    private final AnswerJson answer;
    private final StringBuilder content = new StringBuilder();
    private final StringBuilder reasoning = new StringBuilder();

    CollectedAnswer(HttpServerResponse response, ObjectMapper json, String model) {
        this.response = response;
        this.json = json;
        this.answer = new AnswerJson(json, model);
    }

    @Override
    public void content(String text) {
        content.append(text);
    }

    @Override
    public void reasoning(String text) {
        reasoning.append(text);
    }

    @Override
    public void finish(String finishReason, Usage usage) {
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(answer.completion(content.toString(), reasoning.toString(), finishReason, usage));
    }

    @Override
    public void fail(BridgeError error) {
        ErrorWriter.write(response, json, error);
    }

    @Override
    public void onClientGone(Runnable action) {
        response.closeHandler(closed -> action.run());
    }
}
