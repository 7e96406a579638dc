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
        PcStatus.Stopped stopped = after.stopped();
        boolean nothing = stopped != null
                ? stopped.unloaded().isEmpty() && stopped.pending().isEmpty() && stopped.cancelled() == 0
                : before != null && before.loaded().isEmpty() && before.inFlight() == 0;
        if (nothing) {
            return Reply.ok("Nothing was loaded on the 3090; it stays empty.");
        }
        return Reply.announced("⏹ Stopped everything on the 3090. " + changes(before, after));
    }

    /**
     * Models unloaded and requests stopped: as the manager counted them ({@code stopped} in its answer), or,
     * from a manager that does not say, as far as the status before and after tells.
     */
    private static String changes(PcStatus before, PcStatus after) {
        if (after.stopped() != null) {
            return changes(after.stopped());
        }
        if (before == null) {
            return "Every model is unloaded (I could not read what was loaded before).";
        }
        List<String> unloaded = new ArrayList<>(before.loaded());
        unloaded.removeAll(after.loaded());
        StringBuilder text = new StringBuilder(unloaded(unloaded));
        if (after.inFlight() > 0) {
            text.append(' ').append(stillRunning(after.inFlight()));
        } else if (before.inFlight() > 0) {
            text.append(' ').append(cancelled(before.inFlight()));
        }
        return text.toString();
    }

    private static String changes(PcStatus.Stopped stopped) {
        StringBuilder text = new StringBuilder(unloaded(stopped.unloaded()));
        if (stopped.cancelled() > 0) {
            text.append(' ').append(cancelled(stopped.cancelled()));
        }
        if (!stopped.pending().isEmpty()) {
            text.append(' ').append(Texts.names(stopped.pending()))
                    .append(stopped.pending().size() == 1 ? " unloads" : " unload")
                    .append(" as soon as the requests still running on ")
                    .append(stopped.pending().size() == 1 ? "it" : "them").append(" finish.");
        }
        return text.toString();
    }

    private static String unloaded(List<String> names) {
        return names.isEmpty() ? "No model was loaded." : "Unloaded " + Texts.names(names) + ".";
    }

    private static String stillRunning(int count) {
        return Texts.plural(count, "request is", "requests are") + " still running; "
                + (count == 1 ? "its model unloads when it finishes." : "their models unload when they finish.");
    }

    private static String cancelled(int count) {
        return Texts.plural(count, "request", "requests") + " in flight " + (count == 1 ? "was" : "were") + " stopped.";
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
