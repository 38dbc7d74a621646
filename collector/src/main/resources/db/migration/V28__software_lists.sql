-- Issue 14: software lists stored once, shared by every device (and every history row) that reported them. A list
-- reported by an agent is stored here under the SHA-256 span digest of its bytes (common SoftwareSpan, "w2:…"): the
-- school's image sends the same list from every laptop, so a first report of a laptop with a known list is neither
-- parsed nor encoded nor written again, and the store holds one copy per distinct list instead of two per device.
-- A row of device_sections or section_history whose list_digest is set keeps an empty doc and reads the list here;
-- lists from other sources (the OCS/FusionInventory path) stay inline with list_digest NULL.
CREATE TABLE software_lists (
    digest    VARCHAR(64)              PRIMARY KEY,
    doc       BYTEA                    NOT NULL,
    stored_at TIMESTAMP WITH TIME ZONE NOT NULL
);
ALTER TABLE device_sections ADD COLUMN list_digest VARCHAR(64) REFERENCES software_lists (digest);
ALTER TABLE section_history ADD COLUMN list_digest VARCHAR(64) REFERENCES software_lists (digest);
