package dev.localai.mattermost.commands;

import dev.localai.mattermost.Command;
import dev.localai.mattermost.Reply;
import dev.localai.mattermost.Requester;
import dev.localai.mattermost.access.AccessPolicy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Runs a command that is not a chat, for {@code who}: control commands are checked against {@link AccessPolicy}
 * first. Blocks on the gaming PC or the router (each call within its timeout); never throws.
 */
@ApplicationScoped
public class Commands {

    private final AccessPolicy access;
    private final GamingCommands gaming;
    private final StatusReport status;
    private final InfoCommands info;

    public Commands(AccessPolicy access, GamingCommands gaming, StatusReport status, InfoCommands info) {
        this.access = access;
        this.gaming = gaming;
        this.status = status;
        this.info = info;
    }

    public Reply run(Command command, Requester who, String botName) {
        String refusal = access.refusal(command, who);
        if (refusal != null) {
            return Reply.refused(refusal);
        }
        return switch (command.kind()) {
            case GAMING_MODE_ON -> gaming.gamingMode(true);
            case GAMING_MODE_OFF -> gaming.gamingMode(false);
            case STOP_ALL -> gaming.stopAll();
            case GAMING_STATUS -> status.status();
            case MODELS -> info.models();
            case COSTS -> info.costs();
            case HELP -> info.help(botName);
            case CHAT -> throw new IllegalArgumentException("a chat is not a command");
        };
    }
}
