-- Issue 16's shared shapes, created first so that its parts (desk scanning, sets, reservations, acknowledgement
-- links, recalls) build on one schema. Portable between H2 (PostgreSQL mode) and PostgreSQL.

-- A named set of assets lent and returned as one: a laptop trolley, a camera kit. An asset is in at most one set.
CREATE TABLE asset_sets (
    id          UUID PRIMARY KEY,
    name        VARCHAR(128) NOT NULL,
    kind        VARCHAR(32)  NOT NULL,
    location    VARCHAR(128),
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT asset_sets_name_unique UNIQUE (name)
);

CREATE TABLE asset_set_members (
    set_id    UUID        NOT NULL REFERENCES asset_sets (id),
    asset_tag VARCHAR(64) NOT NULL REFERENCES assets (tag),
    added_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (set_id, asset_tag),
    CONSTRAINT asset_set_members_one_set UNIQUE (asset_tag)
);

-- Loans made together (one run of scans at the desk, or a set) for one borrower: one acknowledgement and one receipt
-- cover the batch. A loan made on its own has no batch.
CREATE TABLE loan_batches (
    id         UUID PRIMARY KEY,
    person_id  UUID         NOT NULL REFERENCES people (id),
    set_id     UUID         REFERENCES asset_sets (id),
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by VARCHAR(128) NOT NULL
);
CREATE INDEX loan_batches_person ON loan_batches (person_id, created_at);

ALTER TABLE loans ADD COLUMN batch_id UUID;
ALTER TABLE loans ADD FOREIGN KEY (batch_id) REFERENCES loan_batches (id);
CREATE INDEX loans_batch ON loans (batch_id);
