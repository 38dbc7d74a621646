-- People who log in, their personal API tokens, the audit log and daily compliance snapshots.
-- Portable between H2 (PostgreSQL mode) and PostgreSQL.

CREATE TABLE users (
    id                  UUID PRIMARY KEY,
    username            VARCHAR(64)  NOT NULL,
    display_name        VARCHAR(200) NOT NULL,
    role                VARCHAR(32)  NOT NULL,
    -- PHC string: $argon2id$v=19$m=…,t=…,p=…$salt$hash
    password_hash       VARCHAR(256) NOT NULL,
    password_changed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by          VARCHAR(64)  NOT NULL,
    disabled            BOOLEAN      NOT NULL DEFAULT FALSE,
    CONSTRAINT users_username_unique UNIQUE (username)
);

-- Personal API tokens, stored as SHA-256 of 256 random bits. user_id NULL marks the first-run
-- admin token, imported from DATA/secrets at start so it can be listed and revoked like any other.
CREATE TABLE api_tokens (
    id         UUID PRIMARY KEY,
    user_id    UUID REFERENCES users (id),
    name       VARCHAR(100) NOT NULL,
    token_hash VARCHAR(64)  NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at TIMESTAMP WITH TIME ZONE,
    revoked_by VARCHAR(64),
    CONSTRAINT api_tokens_hash_unique UNIQUE (token_hash)
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- Who changed or viewed what, appended only.
CREATE TABLE audit_log (
    id         UUID PRIMARY KEY,
    at         TIMESTAMP WITH TIME ZONE NOT NULL,
    actor_id   VARCHAR(64)  NOT NULL,
    actor_name VARCHAR(200) NOT NULL,
    role       VARCHAR(32),
    action     VARCHAR(32)  NOT NULL,
    target     VARCHAR(600) NOT NULL,
    status     INT          NOT NULL,
    remote     VARCHAR(64),
    detail     VARCHAR(1000)
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_actor ON audit_log (actor_id, at);

-- One row per day: the compliance picture as last taken that day (the SLT trend).
CREATE TABLE compliance_snapshots (
    snapshot_day DATE PRIMARY KEY,
    devices   BIGINT NOT NULL,
    compliant BIGINT NOT NULL,
    stale     BIGINT NOT NULL,
    by_rule   VARCHAR NOT NULL,
    taken_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
