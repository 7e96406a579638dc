package dev.localai.mattermost.access;

import dev.localai.mattermost.Command;
import dev.localai.mattermost.Requester;
import dev.localai.mattermost.config.BotConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who may use control commands, and where (see {@code README.md} here). Everything else is open to everyone who can
 * talk to the bot.
 */
@ApplicationScoped
public class AccessPolicy {

    private static final Logger LOG = Logger.getLogger(AccessPolicy.class);

    private final Optional<Set<String>> users;
    private final Optional<Set<String>> channels;

    public AccessPolicy(BotConfig config) {
        this.users = config.allowedUsers().map(AccessPolicy::normalised).filter(s -> !s.isEmpty());
        this.channels = config.allowedChannels().map(AccessPolicy::normalised).filter(s -> !s.isEmpty());
    }

    /** Null when {@code who} may run {@code command} here; otherwise the polite refusal to reply with (and it is logged). */
    public String refusal(Command command, Requester who) {
        if (!command.kind().control()) {
            return null;
        }
        boolean userOk = users.map(u -> u.contains(key(who.userName())) || u.contains(key(who.userId()))).orElse(true);
        boolean channelOk = channels.map(c -> c.contains(key(who.channelName())) || c.contains(key(who.channelId())))
                .orElse(true);
        if (userOk && channelOk) {
            return null;
        }
        String why = !userOk ? "not in mattermost.allowed-users" : "channel not in mattermost.allowed-channels";
        LOG.warnf("refused %s from %s (user id %s) in %s (channel id %s): %s", command.kind().metricName(), who.mention(),
                who.userId(), who.channelName(), who.channelId(), why);
        if (!userOk) {
            return "Sorry " + who.mention() + ", I only take that from "
                    + users.orElseThrow().stream().sorted().map(u -> "@" + u).collect(Collectors.joining(", "))
                    + ". You can still ask me for `gaming status`, `models`, `costs`, or just chat.";
        }
        return "Sorry " + who.mention() + ", I don't take control commands in this channel; try ~"
                + channels.orElseThrow().stream().sorted().collect(Collectors.joining(", ~")) + ".";
    }

    /** The users allowed control commands, when limited. */
    public Optional<Set<String>> allowedUsers() {
        return users;
    }

    private static Set<String> normalised(Set<String> names) {
        return names.stream().map(AccessPolicy::key).filter(n -> !n.isEmpty()).collect(Collectors.toSet());
    }

    private static String key(String name) {
        String trimmed = name == null ? "" : name.trim();
        return (trimmed.startsWith("@") || trimmed.startsWith("~") ? trimmed.substring(1) : trimmed).toLowerCase(Locale.ROOT);
    }
}
