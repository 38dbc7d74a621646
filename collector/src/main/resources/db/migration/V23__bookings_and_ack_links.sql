-- Issue 16, reservations and acknowledgement links. Portable between H2 (PostgreSQL mode) and PostgreSQL.

-- A reservation of one or more assets (or a set's members at booking time) for a person over [starts_at, ends_at).
-- status: booked (waiting for pick-up), collected (became a loan or a loan batch), cancelled.
-- Overlap is checked in the booking transaction after locking the assets' rows (SELECT … FOR UPDATE), which both
-- databases support; an exclusion constraint would be PostgreSQL only.
CREATE TABLE bookings (
    id                 UUID PRIMARY KEY,
    person_id          UUID         NOT NULL REFERENCES people (id),
    set_id             UUID         REFERENCES asset_sets (id),
    starts_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    ends_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    note               VARCHAR(512),
    status             VARCHAR(16)  NOT NULL,
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by         VARCHAR(128) NOT NULL,
    closed_at          TIMESTAMP WITH TIME ZONE,
    closed_by          VARCHAR(128),
    batch_id           UUID         REFERENCES loan_batches (id),
    loan_id            UUID         REFERENCES loans (id),
    pickup_reminded_at TIMESTAMP WITH TIME ZONE,
    return_reminded_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT bookings_range CHECK (ends_at > starts_at)
);
CREATE INDEX bookings_status_start ON bookings (status, starts_at);
CREATE INDEX bookings_status_end ON bookings (status, ends_at);
CREATE INDEX bookings_set ON bookings (set_id, starts_at);
CREATE INDEX bookings_person ON bookings (person_id, starts_at);

-- The assets a booking holds; the range is copied from the booking so an overlap check is one indexed query.
CREATE TABLE booking_items (
    booking_id UUID        NOT NULL REFERENCES bookings (id),
    asset_tag  VARCHAR(64) NOT NULL REFERENCES assets (tag),
    starts_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    ends_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (booking_id, asset_tag)
);
CREATE INDEX booking_items_asset ON booking_items (asset_tag, starts_at);

-- A single-use link e-mailed to a borrower to acknowledge a loan (or a whole batch) on their own device. Only the
-- SHA-256 of the 256-bit token is stored. A newer link for the same loan or batch revokes the older ones.
CREATE TABLE ack_links (
    id           UUID PRIMARY KEY,
    token_sha256 VARCHAR(64)  NOT NULL,
    loan_id      UUID         REFERENCES loans (id),
    batch_id     UUID         REFERENCES loan_batches (id),
    person_id    UUID         NOT NULL REFERENCES people (id),
    sent_to      VARCHAR(320) NOT NULL,
    reason       VARCHAR(16)  NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by   VARCHAR(128) NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at      TIMESTAMP WITH TIME ZONE,
    revoked_at   TIMESTAMP WITH TIME ZONE,
    CONSTRAINT ack_links_token_unique UNIQUE (token_sha256),
    CONSTRAINT ack_links_one_target CHECK ((loan_id IS NULL) <> (batch_id IS NULL))
);
CREATE INDEX ack_links_loan ON ack_links (loan_id, created_at);
CREATE INDEX ack_links_batch ON ack_links (batch_id, created_at);
-- the unacknowledged list reads open loans without an acknowledgement
CREATE INDEX loans_unacknowledged ON loans (closed_at, ack_at, out_at);
