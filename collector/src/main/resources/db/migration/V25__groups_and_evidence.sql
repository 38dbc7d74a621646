-- Issue 17: device groups (named by the school, with per-group policy thresholds) and the evidence mapping's
-- admin edits and the school's term calendar. Portable between H2 (PostgreSQL mode) and PostgreSQL.

-- A group the school names: a department, a year group, a trolley, "classroom presentation PCs".
-- overrides: JSON of the policy thresholds this group's devices are held to (empty object: none).
CREATE TABLE device_groups (
    id          UUID PRIMARY KEY,
    name        VARCHAR(128)  NOT NULL,
    description VARCHAR(512),
    overrides   VARCHAR(1024) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT device_groups_name_unique UNIQUE (name)
);

-- A membership rule: a pattern (RE2 syntax, linear time) on a device's or asset's field.
CREATE TABLE group_rules (
    id         UUID PRIMARY KEY,
    group_id   UUID         NOT NULL REFERENCES device_groups (id),
    field      VARCHAR(16)  NOT NULL,
    pattern    VARCHAR(512) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX group_rules_group ON group_rules (group_id);

-- Members: source is manual, csv or rule; rule rows are rewritten when rules or a device's names change.
CREATE TABLE group_devices (
    group_id  UUID        NOT NULL REFERENCES device_groups (id),
    device_id UUID        NOT NULL,
    source    VARCHAR(8)  NOT NULL,
    added_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (group_id, device_id, source)
);
CREATE INDEX group_devices_device ON group_devices (device_id);

CREATE TABLE group_assets (
    group_id  UUID        NOT NULL REFERENCES device_groups (id),
    asset_tag VARCHAR(64) NOT NULL,
    source    VARCHAR(8)  NOT NULL,
    added_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (group_id, asset_tag, source)
);
CREATE INDEX group_assets_asset ON group_assets (asset_tag);

-- An admin's change to the shipped evidence mapping of one subject (rule:<id> or field:<section>.<field>);
-- deleting the row resets the subject to what the collector ships.
CREATE TABLE evidence_mapping_edits (
    subject    VARCHAR(128)  PRIMARY KEY,
    doc        VARCHAR(4000) NOT NULL,
    changed_by VARCHAR(128)  NOT NULL,
    changed_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Evidence settings stored as one JSON document each (the term calendar).
CREATE TABLE evidence_settings (
    name       VARCHAR(64)   PRIMARY KEY,
    doc        VARCHAR(2000) NOT NULL,
    changed_by VARCHAR(128)  NOT NULL,
    changed_at TIMESTAMP WITH TIME ZONE NOT NULL
);
