-- Issue 14: the per-title install index (software_installs, software_raw, new software_titles) is written behind
-- the report's acknowledgement. The report's transaction leaves one row here per device whose software section
-- changed; a node's indexer derives the index from the stored section and deletes the row only if it still names
-- the report it indexed, in the same transaction. A crash leaves the row, so the index is rebuilt at the next start.
-- catalogue_version is the catalogue the report's findings were evaluated with: a decision taken before the device
-- reached the index could not see it as a holder, so the indexer re-evaluates such a device.
CREATE TABLE software_index_queue (
    device_id         UUID                     PRIMARY KEY,
    report_id         UUID                     NOT NULL,
    catalogue_version VARCHAR(100)             NOT NULL,
    queued_at         TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX software_index_queue_queued ON software_index_queue (queued_at);
