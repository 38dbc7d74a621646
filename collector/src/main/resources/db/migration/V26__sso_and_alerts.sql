-- Issue 17: single sign-on providers and the rules that turn a provider's groups or e-mail domain into a role;
-- alert targets (webhooks, e-mail digests) and the log of every delivery.

-- An OpenID Connect provider (Google Workspace, Microsoft Entra ID or any other) the admin added. The client secret
-- is either here or in a file each node reads (client_secret_file); the API never returns it.
CREATE TABLE sso_providers (
    id                 VARCHAR(32)   PRIMARY KEY,
    display_name       VARCHAR(100)  NOT NULL,
    issuer             VARCHAR(512)  NOT NULL,
    client_id          VARCHAR(512)  NOT NULL,
    client_secret      VARCHAR(1024),
    client_secret_file VARCHAR(1024),
    enabled            BOOLEAN       NOT NULL,
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by         VARCHAR(128)  NOT NULL
);

-- Role rules, tried in pos order; the first that matches the signed-in person gives the role.
-- kind: 'group' (a value of the ID token's groups claim) or 'domain' (the part of the e-mail after @).
CREATE TABLE sso_role_rules (
    pos         INT          PRIMARY KEY,
    kind        VARCHAR(16)  NOT NULL,
    match_value VARCHAR(320) NOT NULL,
    role        VARCHAR(32)  NOT NULL
);

-- Where alerts go: a webhook (Teams, Google Chat, anything that takes JSON) or an e-mail address for digests.
-- events: comma-separated kinds (finding-high, loan-silent, unpatched, loan-overdue).
CREATE TABLE alert_targets (
    id         UUID          PRIMARY KEY,
    name       VARCHAR(100)  NOT NULL,
    kind       VARCHAR(16)   NOT NULL,
    url        VARCHAR(2048),
    secret     VARCHAR(256),
    email      VARCHAR(320),
    format     VARCHAR(16)   NOT NULL,
    events     VARCHAR(256)  NOT NULL,
    enabled    BOOLEAN       NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by VARCHAR(128)  NOT NULL
);

-- One event for one target: queued once (the unique key), retried with backoff until delivered or given up.
CREATE TABLE alert_deliveries (
    id              UUID          PRIMARY KEY,
    target_id       UUID          NOT NULL REFERENCES alert_targets (id) ON DELETE CASCADE,
    event_key       VARCHAR(300)  NOT NULL,
    event_kind      VARCHAR(32)   NOT NULL,
    payload         VARCHAR       NOT NULL,
    status          VARCHAR(16)   NOT NULL,
    attempts        INT           NOT NULL,
    next_attempt_at TIMESTAMP WITH TIME ZONE,
    last_attempt_at TIMESTAMP WITH TIME ZONE,
    last_result     VARCHAR(512),
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    delivered_at    TIMESTAMP WITH TIME ZONE,
    CONSTRAINT alert_deliveries_once UNIQUE (target_id, event_key)
);
CREATE INDEX alert_deliveries_due ON alert_deliveries (status, next_attempt_at);
CREATE INDEX alert_deliveries_target ON alert_deliveries (target_id, created_at);
CREATE INDEX alert_deliveries_created ON alert_deliveries (created_at);
-- the alert scan's "high-severity findings opened since" read
CREATE INDEX findings_status_first_seen ON findings (status, first_seen);

-- A device's primary user by e-mail address (a member of staff's own assigned laptop that is not on loan), set by
-- a technician; "My device" shows it to that person.
CREATE TABLE device_primary_users (
    device_id UUID         PRIMARY KEY REFERENCES devices (id) ON DELETE CASCADE,
    email     VARCHAR(320) NOT NULL,
    set_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    set_by    VARCHAR(128) NOT NULL
);
CREATE INDEX device_primary_users_email ON device_primary_users (email);
