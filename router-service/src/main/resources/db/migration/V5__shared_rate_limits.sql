-- Per-key requests per minute, shared by every router replica: how much of a key's limit the replicas
-- together have taken in each minute (minutes since 1970-01-01 UTC). A replica takes a slice of the
-- limit at a time with one conditional UPDATE, so together they can never take more than the limit;
-- requests are then counted against the slice in memory. Rows of past minutes are deleted as they age.
create table rate_limit_window (
    key_id  uuid    not null references client_key (id),
    minute  bigint  not null,
    granted integer not null default 0,
    primary key (key_id, minute)
);
