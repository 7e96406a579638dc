package dev.localai.mattermost.commands;

import dev.localai.mattermost.CallFailure;
import dev.localai.mattermost.Reply;
import dev.localai.mattermost.access.AccessPolicy;
import dev.localai.mattermost.config.BotConfig;
import dev.localai.mattermost.router.RouterClient;
import dev.localai.mattermost.router.Savings;
import dev.localai.openai.ModelList;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** {@code models}, {@code costs} (both from the router) and {@code help}. */
@ApplicationScoped
public class InfoCommands {

    private final RouterClient router;
    private final AccessPolicy access;
    private final String routerUrl;

    public InfoCommands(RouterClient router, AccessPolicy access, BotConfig config) {
        this.router = router;
        this.access = access;
        this.routerUrl = config.router().url().toString();
    }

    public Reply models() {
        ModelList list;
        try {
            list = router.models();
        } catch (RuntimeException e) {
            CallFailure failure = CallFailure.of(e);
            return Reply.failed(failure, routerFailure(failure));
        }
        Map<String, List<String>> byBackend = new TreeMap<>();
        String aliases = "";
        for (ModelList.Model model : list.data() == null ? List.<ModelList.Model>of() : list.data()) {
            String owner = model.ownedBy() == null ? "router" : model.ownedBy();
            if (!model.id().contains("/")) {
                aliases = aliases.isEmpty() ? "`" + model.id() + "`" : aliases + ", `" + model.id() + "`";
            } else {
                byBackend.computeIfAbsent(owner, o -> new java.util.ArrayList<>()).add(model.id());
            }
        }
        if (byBackend.isEmpty() && aliases.isEmpty()) {
            return Reply.ok("The router offers no models right now.");
        }
        StringBuilder text = new StringBuilder("The router offers:\n");
        byBackend.forEach((backend, ids) -> text.append("- **").append(backend).append("**: ")
                .append(ids.stream().map(id -> "`" + id + "`").collect(Collectors.joining(", "))).append('\n'));
        if (!aliases.isEmpty()) {
            text.append("- and ").append(aliases).append(" (the router chooses)\n");
        }
        return Reply.ok(text.append("Ask for one with a tag such as `#small`, or let the router choose.").toString());
    }

    public Reply costs() {
        Savings savings;
        try {
            savings = router.savings();
        } catch (RuntimeException e) {
            CallFailure failure = CallFailure.of(e);
            return Reply.failed(failure, failure.kind() == CallFailure.Kind.UNAUTHORIZED
                    ? "The router wants a key for its costs (" + failure.status() + "): set `mattermost.router.key` to its admin key."
                    : routerFailure(failure));
        }
        Savings.Totals day = savings.period("day");
        Savings.Totals month = savings.period("month");
        return Reply.ok("💰 **Today**: " + line(day) + "\n**This month**: " + line(month) + "\n"
                + "Savings are measured against " + (savings.reference() == null ? "the reference cloud model"
                : "`" + savings.reference() + "`") + " (UTC days and months).");
    }

    private static String line(Savings.Totals totals) {
        return Texts.plural(totals.requests(), "request", "requests") + ", " + Texts.money(totals.costUsd())
                + " spent, " + Texts.money(totals.savedUsd()) + " saved by serving at home";
    }

    private String routerFailure(CallFailure failure) {
        return switch (failure.kind()) {
            case UNREACHABLE -> "I can't reach the router at " + routerUrl + " (" + failure.detail() + ").";
            case TIMEOUT -> "The router did not answer in time; try again in a moment.";
            case CIRCUIT_OPEN -> "The router failed several times in a row, so I'm not calling it for a few seconds.";
            case UNAUTHORIZED -> "The router refused my key (" + failure.status() + "): set `mattermost.router.key`.";
            case ANSWERED -> "The router answered " + failure.status() + ": " + failure.detail();
        };
    }

    public Reply help(String botName) {
        String who = access.allowedUsers().map(users -> "\nOnly " + users.stream().sorted().map(u -> "@" + u)
                .collect(Collectors.joining(", ")) + " can switch gaming mode or stop models.").orElse("");
        return Reply.ok("I'm @" + botName + ". Mention me, or send me a direct message:\n"
                + "- `gaming mode on` / `gaming mode off`: hand the 3090 to games, or take it back\n"
                + "- `gaming status`: gaming mode, since when and why, and what each GPU can do now\n"
                + "- `stop-all`: unload every model on the 3090 now\n"
                + "- `models`: what the router offers\n"
                + "- `costs`: today's and this month's costs, and what serving at home saved\n"
                + "- `help`: this\n"
                + "Anything else is a chat: I ask the router and write its answer here as it comes;"
                + " replies in the thread keep the conversation.\n"
                + "The slash command `/gaming on|off|status` works too." + who);
    }
}
