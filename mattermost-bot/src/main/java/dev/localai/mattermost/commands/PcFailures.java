package dev.localai.mattermost.commands;

import dev.localai.mattermost.CallFailure;
import dev.localai.mattermost.gamingpc.GamingPcClient;
import jakarta.enterprise.context.ApplicationScoped;

/** Why a call to the gaming PC failed, in a reply's words, and whether anything may have changed. */
@ApplicationScoped
public class PcFailures {

    private final GamingPcClient pc;

    public PcFailures(GamingPcClient pc) {
        this.pc = pc;
    }

    /** {@code method} names the call ({@code status}, {@code gamingMode}, {@code stopAll}) for its timeout. */
    public String text(CallFailure failure, String method, boolean change) {
        String unchanged = change ? " Nothing changed." : "";
        return switch (failure.kind()) {
            case UNREACHABLE -> "I can't reach the gaming PC at " + pc.url() + ": it is probably asleep or switched off ("
                    + failure.detail() + ")." + unchanged;
            case TIMEOUT -> "The gaming PC did not answer within " + Texts.seconds(pc.timeout(method))
                    + ": it may be asleep or busy." + (change ? " It may still switch; ask me `gaming status` in a moment." : "");
            case UNAUTHORIZED -> "The gaming PC refused my token (" + failure.status() + "): set `GAMING_PC_TOKEN` for the"
                    + " bot to the PC's `gaming-pc.token`." + unchanged;
            case CIRCUIT_OPEN -> "The gaming PC failed several times in a row, so I'm not calling it for a few seconds;"
                    + " try again shortly." + unchanged;
            case ANSWERED -> "The gaming PC answered " + failure.status() + ": " + failure.detail() + unchanged;
        };
    }
}
