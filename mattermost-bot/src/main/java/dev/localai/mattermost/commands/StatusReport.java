package dev.localai.mattermost.commands;

import dev.localai.mattermost.CallFailure;
import dev.localai.mattermost.Reply;
import dev.localai.mattermost.config.BotConfig;
import dev.localai.mattermost.gamingpc.GamingPcClient;
import dev.localai.mattermost.gamingpc.PcStatus;
import dev.localai.mattermost.router.Readiness;
import dev.localai.mattermost.router.RouterClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code gaming status}: gaming mode with since when and why, and what each backend can do now, as the home-lab
 * plan's table has it (3070 available; 3090 available, or gated to force-big requests in gaming mode; OpenCode
 * available), corrected by what the router's probes see when it can tell (a backend down, a circuit open).
 */
@ApplicationScoped
public class StatusReport {

    private final GamingPcClient pc;
    private final RouterClient router;
    private final BotConfig.Router names;
    private final PcFailures failures;
    private final Clock clock = Clock.systemUTC();

    public StatusReport(GamingPcClient pc, RouterClient router, PcFailures failures, BotConfig config) {
        this.pc = pc;
        this.router = router;
        this.failures = failures;
        this.names = config.router();
    }

    public Reply status() {
        Instant now = clock.instant();
        PcStatus status = null;
        CallFailure failure = null;
        try {
            status = pc.status();
        } catch (RuntimeException e) {
            failure = CallFailure.of(e);
        }
        Readiness seen = null;
        try {
            seen = router.readiness();
        } catch (RuntimeException routerSilent) {
            // the plan's table alone
        }
        StringBuilder text = new StringBuilder();
        if (status == null) {
            text.append("❔ I can't tell whether gaming mode is on. ").append(failures.text(failure, "status", false)).append("\n\n");
        } else {
            text.append(status.gamingMode() ? "🎮 **Gaming mode is on**" : "**Gaming mode is off**");
            if (status.since() != null) {
                text.append(" since ").append(Texts.when(status.since(), now));
            }
            text.append(" (").append("detected".equals(status.why())
                    ? "detected" + (status.game() == null ? "" : ": " + status.game()) : "manual").append(").\n\n");
        }
        String big = status == null ? "unreachable (asleep?)" : status.gamingMode()
                ? "gated: force-big only (`#force_big` or `X-Force-Big: true`)" : "available";
        text.append("| backend | now |\n|:--|:--|\n")
                .append("| RTX 3070 (home server) | ").append(seenAs(seen, names.smallBackend(), "available")).append(" |\n")
                .append("| RTX 3090 (gaming PC) | ").append(status != null && status.gamingMode() ? big
                        : seenAs(seen, names.bigBackend(), big)).append(" |\n")
                .append("| OpenCode | ").append(seenAs(seen, names.opencodeBackend(), "available")).append(" |\n");
        if (status != null) {
            text.append('\n').append(models(status, now));
        }
        return failure == null ? Reply.ok(text.toString().strip()) : Reply.failed(failure, text.toString().strip());
    }

    private static String seenAs(Readiness seen, String backend, String plan) {
        Optional<String> state = seen == null ? Optional.empty() : seen.backend(backend);
        return state.filter(s -> !"up".equals(s)).map(s -> s + " (the router's probe)").orElse(plan);
    }

    private static String models(PcStatus status, Instant now) {
        if (status.models().isEmpty()) {
            return "The 3090 serves no models.";
        }
        StringBuilder text = new StringBuilder("3090 models: ");
        status.models().forEach(m -> text.append('`').append(m.name()).append("` ").append(m.state().replace('_', ' '))
                .append(m.inFlight() > 0 ? " (" + m.inFlight() + " running)" : "").append(", "));
        text.setLength(text.length() - 2);
        text.append(status.idleShutdownAt() == null ? "." : "; idle shutdown " + Texts.in(status.idleShutdownAt(), now) + ".");
        return text.toString();
    }
}
