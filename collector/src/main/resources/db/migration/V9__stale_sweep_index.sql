-- The stale sweep pages through silent devices in (last_seen_at, id) order: one index answers both the
-- "last seen before" range and the order, so each page reads only its own rows. Replaces devices_last_seen.
-- Portable between H2 and PostgreSQL.
CREATE INDEX devices_last_seen_id ON devices (last_seen_at, id);
DROP INDEX devices_last_seen;
