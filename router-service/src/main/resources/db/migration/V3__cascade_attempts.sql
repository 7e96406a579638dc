-- A quality cascade's answers per request: each attempt's model, score, verdict, tokens, time and cost
-- (JSON), how many answers were escalated, and the tokens and money spent on answers the client never got
-- (already part of cost_usd, so saved_usd is net of them).
alter table request_log
    add column attempts      jsonb,
    add column escalations   integer         not null default 0,
    add column wasted_tokens integer         not null default 0,
    add column wasted_usd    numeric(18, 10) not null default 0;
