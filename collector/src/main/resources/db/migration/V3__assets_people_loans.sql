-- Equipment loans: the asset register, staff, loan terms, loans and reminders.
-- Portable between H2 (PostgreSQL mode) and PostgreSQL: no partial indexes; "one open loan per asset"
-- is a plain UNIQUE on a column that holds the tag only while the loan is open (NULLs never collide).

CREATE TABLE assets (
    tag          VARCHAR(64)  PRIMARY KEY,
    type         VARCHAR(16)  NOT NULL,
    make         VARCHAR(128),
    model        VARCHAR(128),
    serial       VARCHAR(256),
    purchased_on DATE,
    cost         NUMERIC(12, 2),
    status       VARCHAR(16)  NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX assets_serial ON assets (serial);
CREATE INDEX assets_status ON assets (status);

-- Every status change of an asset (including its creation), who made it and why.
CREATE TABLE asset_history (
    id          UUID PRIMARY KEY,
    tag         VARCHAR(64)  NOT NULL REFERENCES assets (tag),
    at          TIMESTAMP WITH TIME ZONE NOT NULL,
    actor       VARCHAR(128) NOT NULL,
    from_status VARCHAR(16),
    to_status   VARCHAR(16)  NOT NULL,
    note        VARCHAR(512)
);
CREATE INDEX asset_history_tag ON asset_history (tag, at);

CREATE TABLE people (
    id         UUID PRIMARY KEY,
    staff_id   VARCHAR(64)  NOT NULL,
    name       VARCHAR(256) NOT NULL,
    email      VARCHAR(320),
    department VARCHAR(128),
    status     VARCHAR(16)  NOT NULL,
    left_on    DATE,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT people_staff_id_unique UNIQUE (staff_id)
);
CREATE INDEX people_status ON people (status);

-- Every version of the loan terms ever shown to a borrower; a loan points at the version it was lent under.
CREATE TABLE loan_terms (
    id         UUID PRIMARY KEY,
    text       VARCHAR      NOT NULL,
    sha256     VARCHAR(64)  NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by VARCHAR(128) NOT NULL
);
CREATE INDEX loan_terms_created ON loan_terms (created_at);
INSERT INTO loan_terms (id, text, sha256, created_at, created_by) VALUES (
    '00000000-0000-0000-0000-000000000001',
    'This equipment is lent to you by the school and remains the property of the school. Use it for school work '
    || 'and keep it safe. Report loss, theft or damage to the school at once. Return it by the due date, or when '
    || 'asked, and in any case before you leave the school, and obtain a signed receipt for its return.',
    '83d53dd68a7974cd5d492385272878ca49fbf079676479c910c807e3be668d24', TIMESTAMP WITH TIME ZONE '2024-01-01 00:00:00+00', 'migration');

CREATE TABLE loans (
    id            UUID PRIMARY KEY,
    asset_tag     VARCHAR(64)  NOT NULL REFERENCES assets (tag),
    person_id     UUID         NOT NULL REFERENCES people (id),
    terms_id      UUID         NOT NULL REFERENCES loan_terms (id),
    out_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    due_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    condition_out VARCHAR(512),
    lent_by       VARCHAR(128) NOT NULL,
    ack_name      VARCHAR(256),
    ack_at        TIMESTAMP WITH TIME ZONE,
    ack_hash      VARCHAR(64),
    closed_at     TIMESTAMP WITH TIME ZONE,
    closed_reason VARCHAR(16),
    closed_by     VARCHAR(128),
    condition_in  VARCHAR(512),
    received_by   VARCHAR(256),
    -- the asset tag while the loan is open, NULL once closed: the database refuses a second open loan
    open_tag      VARCHAR(64),
    CONSTRAINT loans_one_open_per_asset UNIQUE (open_tag)
);
CREATE INDEX loans_person ON loans (person_id, closed_at);
CREATE INDEX loans_asset ON loans (asset_tag, out_at);
CREATE INDEX loans_due ON loans (closed_at, due_at);

-- Overdue reminders sent, one per loan per period; Hazelcast decides which node sends, this keeps the record.
CREATE TABLE loan_reminders (
    loan_id   UUID        NOT NULL REFERENCES loans (id),
    period_no BIGINT      NOT NULL,
    sent_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    sent_to   VARCHAR(320) NOT NULL,
    PRIMARY KEY (loan_id, period_no)
);
