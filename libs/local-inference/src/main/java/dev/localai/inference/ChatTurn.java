package dev.localai.inference;

import java.util.Objects;

/** One message of a chat as an engine sees it: a role and plain text. */
public record ChatTurn(String role, String content) {

    public ChatTurn {
        Objects.requireNonNull(role, "role");
        content = content == null ? "" : content;
    }
}
