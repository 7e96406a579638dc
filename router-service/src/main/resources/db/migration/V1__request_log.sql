-- One row per request the router answered (or refused). Written in batches behind the response;
-- the id is made by the router, so a batch retried after a lost commit never doubles a row.
create table request_log (
    id                uuid primary key,
    ts                timestamptz      not null,
    client_key        text,
    requested_model   text,
    backend           text,
    served_model      text,
    route_reason      text,
    tags              text,
    task_type         text,
    stream            boolean          not null default false,
    prompt_tokens     integer          not null default 0,
    completion_tokens integer          not null default 0,
    tokens_counted    boolean          not null default false,
    latency_ms        double precision not null,
    ttft_ms           double precision,
    status            integer          not null,
    error             text,
    partial           boolean          not null default false,
    cache_hit         boolean          not null default false,
    cost_usd          numeric(18, 10)  not null default 0,
    saved_usd         numeric(18, 10)  not null default 0,
    prompt_text       text,
    answer_text       text
);

create index request_log_ts on request_log (ts);
create index request_log_backend_ts on request_log (backend, ts);
create index request_log_key_ts on request_log (client_key, ts);
