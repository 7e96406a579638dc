package dev.localai.router.availability;

import dev.localai.router.HouseState;
import jakarta.inject.Singleton;

import java.util.HashSet;
import java.util.Set;

/**
 * Which backends can serve now (see {@code README.md}), in one reading: the health probes'
 * verdicts ({@link BackendHealth}), the open circuits ({@link CircuitBreakers}) and the gaming PC's
 * own status ({@link GamingPcStatus}: unreachable means unavailable; gaming mode is passed on, the
 * policy decides what it means).
 */
@Singleton
public class Availability {

    private final GamingPcStatus gamingPc;
    private final BackendHealth health;
    private final CircuitBreakers breakers;

    public Availability(GamingPcStatus gamingPc, BackendHealth health, CircuitBreakers breakers) {
        this.gamingPc = gamingPc;
        this.health = health;
        this.breakers = breakers;
    }

    public HouseState now() {
        GamingPcStatus.Reading pc = gamingPc.current();
        Set<String> down = health.down();
        Set<String> open = breakers.open();
        String unreachablePc = pc.reachable() ? null : gamingPc.backend().orElse(null);
        if (open.isEmpty() && unreachablePc == null) {
            return new HouseState(pc.gamingMode(), down);
        }
        Set<String> unavailable = new HashSet<>(down);
        unavailable.addAll(open);
        if (unreachablePc != null) {
            unavailable.add(unreachablePc);
        }
        return new HouseState(pc.gamingMode(), unavailable);
    }
}
