-- Every distinct raw install (name, version, publisher, source) seen, with the title it is normalised to, so a
-- new or changed normalisation rule finds the installs it moves without reading every device's software list.
-- Written with the install index, for the titles a report adds or changes.
CREATE TABLE software_raw (
    raw_key    VARCHAR(64)   PRIMARY KEY,
    name       VARCHAR(1024) NOT NULL,
    version    VARCHAR(256),
    publisher  VARCHAR(256),
    source     VARCHAR(16),
    title_id   VARCHAR(160)  NOT NULL,
    first_seen TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX software_raw_title ON software_raw (title_id);
