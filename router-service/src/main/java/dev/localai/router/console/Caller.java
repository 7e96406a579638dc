package dev.localai.router.console;

import java.util.UUID;

/**
 * Who is using the console: the administrator, one client key's holder, or anyone on an open router
 * (no admin key and no client keys: the console needs no login there, as the router needs no key).
 *
 * @param owner who their conversations belong to: {@code admin}, {@code key:<id>} or {@code open}
 * @param csrf  the token the page must send back in {@code X-CSRF-Token} with every change
 */
public record Caller(Kind kind, UUID keyId, String name, String csrf) {

    public enum Kind { ADMIN, KEY, OPEN }

    public boolean admin() {
        return kind != Kind.KEY;
    }

    public String owner() {
        return switch (kind) {
            case ADMIN -> "admin";
            case KEY -> "key:" + keyId;
            case OPEN -> "open";
        };
    }
}
