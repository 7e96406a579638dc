package dev.localai.opencode.supervisor;

import dev.localai.opencode.server.Endpoint;
import dev.localai.opencode.server.EventStream;

import java.util.Set;

/**
 * A READY OpenCode as a request uses it: where it listens, its shared event stream, the OpenCode models
 * ({@code provider/model}) it has and those of them that take images, so a served model whose provider lacks
 * credentials, or an image for a model without image input, is known before a session is made.
 */
public record Connection(Endpoint endpoint, EventStream events, Set<String> models, Set<String> imageModels) {
}
