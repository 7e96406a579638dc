-- Eval runs: a CSV of prompts answered under several routing policies (local only, the reference cloud model,
-- the current routing, the quality cascade at a sweep of thresholds), each answer checked.
create table eval_runs (
    id          uuid primary key,
    name        text        not null,
    status      text        not null,
    created_at  timestamptz not null,
    finished_at timestamptz,
    settings    jsonb       not null,
    csv_errors  jsonb       not null default '[]',
    prompts     integer     not null,
    total       integer     not null,
    error       text,
    -- the router running it touches this while it runs; a run whose router stopped is seen by its stale heartbeat
    heartbeat_at timestamptz not null,
    -- the per-policy table and the recommendation, written when the run ends (null while it runs)
    summary     jsonb
);

create index eval_runs_created on eval_runs (created_at desc);

-- One answer per prompt (its CSV line) and policy setting; its cost, tokens and escalations are the request
-- log's (request_id), so they are the same figures the household's own requests are counted by.
create table eval_results (
    run_id     uuid    not null references eval_runs (id) on delete cascade,
    policy     text    not null,
    line       integer not null,
    passed     boolean not null,
    check_spec text    not null,
    detail     text,
    status     integer not null,
    request_id uuid,
    backend    text,
    model      text,
    local      boolean not null default false,
    latency_ms double precision,
    ttft_ms    double precision,
    answer     text,
    error      text,
    primary key (run_id, policy, line)
);

-- Eval traffic is logged like any request, marked with its run: the household's costs, budgets and savings
-- leave it out.
alter table request_log add column eval_run uuid;
create index request_log_eval_run on request_log (eval_run) where eval_run is not null;
