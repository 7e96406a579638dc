package dev.localai.router;

import java.util.Set;

/**
 * The state of the house a routing decision looks at, read in the background and never on the
 * request path: whether the gaming PC is in gaming mode, and which backends are unavailable (their
 * probe failed, their circuit is open, or the gaming PC does not answer its status).
 */
public record HouseState(boolean gamingMode, Set<String> unavailable) {

    public static final HouseState ALL_UP = new HouseState(false, Set.of());

    public HouseState {
        unavailable = Set.copyOf(unavailable);
    }
}
