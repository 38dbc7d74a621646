-- Issue 14: the install index keeps a school image's titles once, not once per laptop. A device's titles as the
-- indexer derives them (title, version, install date) are a set stored under the SHA-256 of their canonical form
-- (InstallIndex.setId); a device whose first indexed list is such a set holds it by one row in software_set_holders,
-- since = when it was first seen there, instead of one software_installs row per title. When a holder's titles
-- change, its rows are written out to software_installs (keeping each kept title's first_seen) and its holder row
-- goes: a set never changes once stored. software_held is what every reader of the index reads: both, as one.
CREATE TABLE software_title_sets (
    id        VARCHAR(64)              PRIMARY KEY,
    titles    INTEGER                  NOT NULL,
    stored_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE TABLE software_set_titles (
    set_id       VARCHAR(64)  NOT NULL REFERENCES software_title_sets (id),
    title_id     VARCHAR(160) NOT NULL,
    version      VARCHAR(256),
    installed_at TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (set_id, title_id)
);
CREATE INDEX software_set_titles_title ON software_set_titles (title_id, set_id);
CREATE TABLE software_set_holders (
    device_id UUID                     PRIMARY KEY,
    set_id    VARCHAR(64)              NOT NULL REFERENCES software_title_sets (id),
    since     TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX software_set_holders_set ON software_set_holders (set_id, device_id);
CREATE VIEW software_held AS
    SELECT device_id, title_id, version, installed_at, first_seen FROM software_installs
    UNION ALL
    SELECT h.device_id, t.title_id, t.version, t.installed_at, h.since AS first_seen
    FROM software_set_holders h JOIN software_set_titles t ON t.set_id = h.set_id;
