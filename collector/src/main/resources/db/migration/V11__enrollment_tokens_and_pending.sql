-- Enrolment tokens (issue 11): several, each with a label, an expiry, a device limit and a rate, stored as the
-- SHA-256 of 256 random bits. first_run marks the token created on the collector's first start
-- (DATA/secrets/enroll-token.sha256), imported at every start. Portable between H2 (PostgreSQL mode) and PostgreSQL.
CREATE TABLE enrollment_tokens (
    id           UUID PRIMARY KEY,
    label        VARCHAR(100) NOT NULL,
    token_hash   VARCHAR(64)  NOT NULL,
    first_run    BOOLEAN      NOT NULL DEFAULT FALSE,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by   VARCHAR(64)  NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    max_devices  INT          NOT NULL,
    per_minute   INT          NOT NULL,
    -- new devices enrolled with the token; re-enrolments of known hardware do not count
    enrolled     INT          NOT NULL DEFAULT 0,
    last_used_at TIMESTAMP WITH TIME ZONE,
    revoked_at   TIMESTAMP WITH TIME ZONE,
    revoked_by   VARCHAR(64),
    CONSTRAINT enrollment_tokens_hash_unique UNIQUE (token_hash)
);

-- Re-enrolments of known hardware that did not prove the device's current secret: they wait for a technician.
-- secret_hash becomes the device's secret hash on approval. status: pending | approved | rejected | replaced.
CREATE TABLE enrollment_pending (
    id            UUID PRIMARY KEY,
    device_id     UUID         NOT NULL REFERENCES devices (id),
    hostname      VARCHAR(256),
    serial_number VARCHAR(256),
    os_family     VARCHAR(256),
    os_version    VARCHAR(256),
    address       VARCHAR(64),
    requested_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    token_id      UUID,
    token_label   VARCHAR(100),
    secret_hash   VARCHAR(64)  NOT NULL,
    status        VARCHAR(16)  NOT NULL,
    decided_at    TIMESTAMP WITH TIME ZONE,
    decided_by    VARCHAR(64)
);
CREATE INDEX enrollment_pending_device ON enrollment_pending (device_id, status);
CREATE INDEX enrollment_pending_status ON enrollment_pending (status, requested_at);
