-- Client API keys: only a SHA-256 of each key is stored; the key itself is shown once, at creation.
create table client_key (
    id                  uuid primary key,
    name                text        not null,
    prefix              text        not null,
    hash                text        not null unique,
    created_at          timestamptz not null default now(),
    revoked_at          timestamptz,
    daily_budget_usd    numeric(18, 6),
    monthly_budget_usd  numeric(18, 6),
    requests_per_minute integer,
    allowed_backends    text,
    forced_tags         text,
    over_budget         text        not null default 'local'
);

create unique index client_key_active_name on client_key (name) where revoked_at is null;

-- Money reserved before paid calls and spent after them, per key and period. A reservation is one
-- conditional UPDATE of the period's row, so concurrent requests (also from several routers sharing
-- the database) can never reserve past the budget together.
create table budget_spend (
    key_id       uuid           not null references client_key (id),
    period       text           not null,
    period_start date           not null,
    reserved_usd numeric(18, 10) not null default 0,
    spent_usd    numeric(18, 10) not null default 0,
    primary key (key_id, period, period_start)
);
