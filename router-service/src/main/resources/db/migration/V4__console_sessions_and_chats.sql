-- The web console: login sessions, and each person's chat conversations.

-- A console login. The cookie holds a random secret; only its SHA-256 is stored. A session is the
-- administrator's or one client key's (a revoked key ends its sessions); csrf is sent back by the page
-- in X-CSRF-Token with every request that changes something.
create table console_session (
    id_hash    text        primary key,
    principal  text        not null check (principal in ('admin', 'key')),
    key_id     uuid        references client_key (id) on delete cascade,
    csrf       text        not null,
    created_at timestamptz not null default now(),
    expires_at timestamptz not null
);
create index console_session_expires on console_session (expires_at);

-- A conversation belongs to its owner: 'admin', 'key:<client key id>' or, on an open router, 'open'.
create table conversation (
    id          uuid        primary key,
    owner       text        not null,
    title       text,
    titled      boolean     not null default false,
    model       text        not null default 'auto',
    force_local boolean     not null default false,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now()
);
create index conversation_owner_updated on conversation (owner, updated_at desc);

-- Its messages in order (seq). An answer keeps what the router said about it: the request id (its
-- request_log row has tokens and cost), the backend and model that served it, its speed.
create table conversation_message (
    conversation_id   uuid             not null references conversation (id) on delete cascade,
    seq               int              not null,
    role              text             not null check (role in ('user', 'assistant')),
    content           text             not null,
    request_id        uuid,
    backend           text,
    model             text,
    prompt_tokens     int,
    completion_tokens int,
    tokens_per_second double precision,
    stopped           boolean          not null default false,
    error             text,
    created_at        timestamptz      not null default now(),
    primary key (conversation_id, seq)
);
