-- Issue 16 (sets and the desk): a set's page shows its latest lending, found by set from this index.
CREATE INDEX loan_batches_set ON loan_batches (set_id, created_at);
