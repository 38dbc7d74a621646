-- Devices that report through POST /ocsinventory (FusionInventory, OCS Inventory agents): which agent reported them,
-- the identity facts it sent, the enrolment token whose shared credential vouches for them, and the salt the
-- collector hashes their personal account names with (Rollcall's own agent keeps that salt on the laptop; these
-- agents cannot, so the collector keeps it). identity_key is derived from hardware UUID + serial, or the agent's
-- DEVICEID when the hardware has no usable UUID; devices.hardware_uuid of such a device is 'foreign:' || its hash.
CREATE TABLE foreign_agents (
    device_id       UUID         PRIMARY KEY REFERENCES devices (id),
    identity_key    VARCHAR(64)  NOT NULL,
    agent_device_id VARCHAR(256) NOT NULL,
    hardware_uuid   VARCHAR(128),
    serial_number   VARCHAR(128),
    agent_name      VARCHAR(64)  NOT NULL,
    agent_version   VARCHAR(32),
    agent_raw       VARCHAR(128) NOT NULL,
    token_id        UUID,
    token_label     VARCHAR(256),
    name_salt       VARCHAR(64)  NOT NULL,
    first_seen_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT foreign_agents_identity_unique UNIQUE (identity_key)
);
CREATE INDEX foreign_agents_agent_name ON foreign_agents (agent_name, device_id);
