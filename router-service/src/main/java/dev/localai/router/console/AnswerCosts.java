package dev.localai.router.console;

import dev.localai.router.accounting.AccountingQueries;
import dev.localai.router.accounting.LogRow;
import jakarta.inject.Singleton;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Fills in each answer's cost and tokens from its request's row in the request log, once that is written. */
@Singleton
public class AnswerCosts {

    private final AccountingQueries queries;

    public AnswerCosts(AccountingQueries queries) {
        this.queries = queries;
    }

    ChatStore.Conversation filledIn(ChatStore.Conversation c) throws SQLException {
        List<ChatStore.Message> out = new ArrayList<>(c.messages().size());
        for (ChatStore.Message m : c.messages()) {
            Optional<LogRow> row = m.requestId() == null ? Optional.empty() : queries.one(m.requestId().toString());
            out.add(row.map(r -> m.withCost(r.costUsd(),
                    m.promptTokens() != null ? m.promptTokens() : Integer.valueOf(r.promptTokens()),
                    m.completionTokens() != null ? m.completionTokens() : Integer.valueOf(r.completionTokens())))
                    .orElse(m));
        }
        return new ChatStore.Conversation(c.id(), c.title(), c.titled(), c.model(), c.forceLocal(), c.createdAt(),
                c.updatedAt(), out);
    }
}
