-- Indexes that let every list read one page in its sort order instead of sorting the whole table
-- (measured at 20,000 devices in BENCHMARKS.md, "Lists at 20,000 devices"). Portable between H2 and
-- PostgreSQL.

-- GET /api/v1/findings sorts by last_seen DESC, id, optionally filtered by status and/or rule.
CREATE INDEX findings_seen ON findings (last_seen DESC, id);
CREATE INDEX findings_status_seen ON findings (status, last_seen DESC, id);
CREATE INDEX findings_rule_seen ON findings (rule, last_seen DESC, id);
-- also answers the devices list's "open finding of rule X" (status, rule prefix), so it replaces findings_status_rule
CREATE INDEX findings_status_rule_seen ON findings (status, rule, last_seen DESC, id);
DROP INDEX findings_status_rule;

-- GET /api/v1/devices sorts by hostname, id; with compliant= the filter and the order come from one index.
CREATE INDEX devices_hostname_id ON devices (hostname, id);
DROP INDEX devices_hostname;
CREATE INDEX devices_compliant_hostname ON devices (compliant, hostname, id);
DROP INDEX devices_compliant;
