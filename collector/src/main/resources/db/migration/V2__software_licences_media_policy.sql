-- Software catalogue, per-title install index, licence register, approved media, policy versions.
-- Portable between H2 (PostgreSQL mode) and PostgreSQL.

-- One row per normalised title ever seen or named by a rule. status: unreviewed | approved |
-- licence-required | banned. A title whose dictionary category is system starts approved, one in a
-- banned category starts banned; everything else waits in the review queue.
CREATE TABLE software_titles (
    id          VARCHAR(160) PRIMARY KEY,
    name        VARCHAR(256) NOT NULL,
    category    VARCHAR(64),
    status      VARCHAR(24)  NOT NULL,
    reason      VARCHAR(1000),
    decided_by  VARCHAR(256),
    decided_at  TIMESTAMP WITH TIME ZONE,
    first_seen  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX software_titles_status ON software_titles (status, first_seen);

-- Every decision ever taken about a title, appended: who, what, why.
CREATE TABLE software_decisions (
    id          UUID PRIMARY KEY,
    title_id    VARCHAR(160) NOT NULL,
    status      VARCHAR(24)  NOT NULL,
    category    VARCHAR(64),
    reason      VARCHAR(1000),
    decided_by  VARCHAR(256) NOT NULL,
    decided_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    previous    VARCHAR(24)
);
CREATE INDEX software_decisions_title ON software_decisions (title_id, decided_at);

-- The per-title install index: which device holds which title, kept up to date from the difference
-- between a device's old and new software lists. A decision or licence change reads the holders of
-- one title here instead of rescanning reports.
CREATE TABLE software_installs (
    device_id    UUID         NOT NULL,
    title_id     VARCHAR(160) NOT NULL,
    version      VARCHAR(256),
    installed_at TIMESTAMP WITH TIME ZONE,
    first_seen   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (device_id, title_id)
);
CREATE INDEX software_installs_title ON software_installs (title_id, device_id);

-- A school's own normalisation rules; they add to the shipped dictionary and replace a shipped rule
-- with the same id.
CREATE TABLE software_rules (
    id          VARCHAR(120) PRIMARY KEY,
    doc         VARCHAR      NOT NULL,
    created_by  VARCHAR(256) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE licences (
    id          UUID PRIMARY KEY,
    title_id    VARCHAR(160) NOT NULL,
    type        VARCHAR(16)  NOT NULL,
    seats       INT          NOT NULL,
    valid_from  DATE,
    valid_to    DATE,
    supplier    VARCHAR(256),
    reference   VARCHAR(256),
    created_by  VARCHAR(256) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX licences_title ON licences (title_id);

CREATE TABLE approved_media (
    id          UUID PRIMARY KEY,
    serial      VARCHAR(256),
    vendor_id   VARCHAR(8),
    product_id  VARCHAR(8),
    description VARCHAR(256),
    created_by  VARCHAR(256) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Every accepted policy document, appended; the highest version is in force.
CREATE TABLE policy_versions (
    version     INT PRIMARY KEY,
    doc         VARCHAR      NOT NULL,
    changed_by  VARCHAR(256) NOT NULL,
    changed_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- A decision re-evaluates the findings of one title: found by rule and subject.
CREATE INDEX findings_rule_subject ON findings (rule, subject, status);
