package dev.localai.mattermost.commands;

import dev.localai.mattermost.CallFailure;
import dev.localai.mattermost.Reply;
import dev.localai.mattermost.gamingpc.GamingPcClient;
import dev.localai.mattermost.gamingpc.PcStatus;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code gaming mode on|off} and {@code stop-all}: the gaming PC's state is read first (to say what changed:
 * models unloaded, requests stopped), then changed; a failure says why nothing (or maybe something) changed.
 */
@ApplicationScoped
public class GamingCommands {

    private static final Logger LOG = Logger.getLogger(GamingCommands.class);

    private final GamingPcClient pc;
    private final PcFailures failures;
    private final Clock clock = Clock.systemUTC();

    public GamingCommands(GamingPcClient pc, PcFailures failures) {
        this.pc = pc;
        this.failures = failures;
    }

    public Reply gamingMode(boolean on) {
        PcStatus before = readQuietly();
        PcStatus after;
        try {
            after = pc.gamingMode(on);
        } catch (RuntimeException e) {
            CallFailure failure = CallFailure.of(e);
            LOG.warnf("gaming mode %s failed: %s %s", on ? "on" : "off", failure.kind(), failure.detail());
            return Reply.failed(failure, failures.text(failure, "gamingMode", true));
        }
        if (before != null && before.gamingMode() == on) {
            return Reply.ok("Gaming mode was already **" + (on ? "on" : "off") + "**" + since(after) + "."
                    + (on ? " The 3090 stays reserved for games." : " The 3090 is free for work."));
        }
        if (!on) {
            return Reply.announced("Gaming mode is **off**: the 3090 takes work again; its models load on the next"
                    + " request that needs them.");
        }
        return Reply.announced("🎮 Gaming mode is **on**: the 3090 belongs to games now. " + changes(before, after)
                + " Chats go to the 3070 meanwhile; `#force_big` (or `X-Force-Big: true`) still reaches the 3090.");
    }

    public Reply stopAll() {
        PcStatus before = readQuietly();
        PcStatus after;
        try {
            after = pc.stopAll();
        } catch (RuntimeException e) {
            CallFailure failure = CallFailure.of(e);
            LOG.warnf("stop-all failed: %s %s", failure.kind(), failure.detail());
            return Reply.failed(failure, failures.text(failure, "stopAll", true));
        }
        if (before != null && before.loaded().isEmpty() && before.inFlight() == 0) {
            return Reply.ok("Nothing was loaded on the 3090; it stays empty.");
        }
        return Reply.announced("⏹ Stopped everything on the 3090. " + changes(before, after));
    }

    /** Models unloaded and requests stopped, as far as the status before and after tells. */
    private static String changes(PcStatus before, PcStatus after) {
        if (before == null) {
            return "Every model is unloaded (I could not read what was loaded before).";
        }
        List<String> unloaded = new ArrayList<>(before.loaded());
        unloaded.removeAll(after.loaded());
        StringBuilder text = new StringBuilder(unloaded.isEmpty() ? "No model was loaded."
                : "Unloaded " + Texts.names(unloaded) + ".");
        if (after.inFlight() > 0) {
            text.append(' ').append(Texts.plural(after.inFlight(), "request is", "requests are"))
                    .append(" still running; ").append(after.inFlight() == 1 ? "its model unloads" : "their models unload")
                    .append(" when ").append(after.inFlight() == 1 ? "it finishes." : "they finish.");
        } else if (before.inFlight() > 0) {
            text.append(' ').append(Texts.plural(before.inFlight(), "request", "requests")).append(" in flight ")
                    .append(before.inFlight() == 1 ? "was" : "were").append(" stopped.");
        }
        return text.toString();
    }

    private String since(PcStatus status) {
        return status.since() == null ? "" : " (since " + Texts.when(status.since(), clock.instant()) + ", "
                + (status.why() == null ? "manual" : status.why()) + ")";
    }

    private PcStatus readQuietly() {
        try {
            return pc.status();
        } catch (RuntimeException e) {
            LOG.debugf("status before a change unreadable: %s", e.toString());
            return null;
        }
    }

}
