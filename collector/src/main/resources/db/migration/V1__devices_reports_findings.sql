-- Portable between H2 (PostgreSQL mode) and PostgreSQL: UUID keys, TIMESTAMP WITH TIME ZONE,
-- BYTEA for gzipped JSON documents, VARCHAR without length for JSON text.

CREATE TABLE devices (
    id               UUID PRIMARY KEY,
    hardware_uuid    VARCHAR(256) NOT NULL,
    serial_number    VARCHAR(256),
    hostname         VARCHAR(256),
    os_family        VARCHAR(32),
    os_version       VARCHAR(256),
    secret_hash      VARCHAR(64)  NOT NULL,
    enrolled_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen_at     TIMESTAMP WITH TIME ZONE,
    last_report_kind VARCHAR(16),
    agent_version    VARCHAR(256),
    compliant        BOOLEAN,
    open_findings    INT NOT NULL DEFAULT 0,
    CONSTRAINT devices_hardware_uuid_unique UNIQUE (hardware_uuid)
);
CREATE INDEX devices_last_seen ON devices (last_seen_at);
CREATE INDEX devices_serial ON devices (serial_number);
CREATE INDEX devices_hostname ON devices (hostname);
CREATE INDEX devices_compliant ON devices (compliant);

-- A device's current value of each section, one gzipped JSON document per section.
CREATE TABLE device_sections (
    device_id  UUID        NOT NULL REFERENCES devices (id),
    section    VARCHAR(32) NOT NULL,
    doc        BYTEA       NOT NULL,
    sha256     VARCHAR(64) NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    report_id  UUID        NOT NULL,
    PRIMARY KEY (device_id, section)
);

-- Every change of a section, appended: what a device looked like at any time (return inspection).
CREATE TABLE section_history (
    id         UUID PRIMARY KEY,
    device_id  UUID        NOT NULL,
    section    VARCHAR(32) NOT NULL,
    doc        BYTEA       NOT NULL,
    sha256     VARCHAR(64) NOT NULL,
    changed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    report_id  UUID        NOT NULL
);
CREATE INDEX section_history_device ON section_history (device_id, section, changed_at);

-- Every stored report, once: the reportId is the idempotency key.
CREATE TABLE report_log (
    report_id        UUID PRIMARY KEY,
    device_id        UUID        NOT NULL,
    kind             VARCHAR(16) NOT NULL,
    collected_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    received_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    body_bytes       INT         NOT NULL,
    changed_sections VARCHAR(256),
    agent_version    VARCHAR(256),
    dropped_events   BIGINT
);
CREATE INDEX report_log_device ON report_log (device_id, received_at);

CREATE TABLE media_events (
    id             UUID PRIMARY KEY,
    device_id      UUID         NOT NULL,
    report_id      UUID         NOT NULL,
    at             TIMESTAMP WITH TIME ZONE NOT NULL,
    action         VARCHAR(16)  NOT NULL,
    kind           VARCHAR(16)  NOT NULL,
    device_key     VARCHAR(600) NOT NULL,
    vendor_id      VARCHAR(8),
    product_id     VARCHAR(8),
    vendor         VARCHAR(512),
    product        VARCHAR(512),
    serial         VARCHAR(256),
    capacity_bytes BIGINT,
    CONSTRAINT media_events_once UNIQUE (device_id, at, action, device_key)
);
CREATE INDEX media_events_device ON media_events (device_id, at);

CREATE TABLE findings (
    id             UUID PRIMARY KEY,
    device_id      UUID         NOT NULL,
    rule           VARCHAR(64)  NOT NULL,
    subject        VARCHAR(600) NOT NULL,
    outcome        VARCHAR(16)  NOT NULL,
    severity       VARCHAR(16)  NOT NULL,
    status         VARCHAR(16)  NOT NULL,
    first_seen     TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen      TIMESTAMP WITH TIME ZONE NOT NULL,
    resolved_at    TIMESTAMP WITH TIME ZONE,
    evidence       VARCHAR,
    policy_ref     VARCHAR(512)
);
CREATE INDEX findings_device_status ON findings (device_id, status);
CREATE INDEX findings_status_rule ON findings (status, rule);

-- Appended on every change of a finding's state: opened, outcome or severity changed, resolved.
CREATE TABLE finding_history (
    id         UUID PRIMARY KEY,
    finding_id UUID        NOT NULL,
    device_id  UUID        NOT NULL,
    at         TIMESTAMP WITH TIME ZONE NOT NULL,
    change     VARCHAR(16) NOT NULL,
    outcome    VARCHAR(16) NOT NULL,
    severity   VARCHAR(16) NOT NULL
);
CREATE INDEX finding_history_finding ON finding_history (finding_id, at);
