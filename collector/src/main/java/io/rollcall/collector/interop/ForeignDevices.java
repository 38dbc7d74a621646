package io.rollcall.collector.interop;

import com.hazelcast.map.IMap;
import io.rollcall.collector.auth.FailureLimiter;
import io.rollcall.collector.db.Database;
import io.rollcall.collector.db.Jdbc;
import io.rollcall.collector.devices.DeviceRecord;
import io.rollcall.collector.enrollment.EnrollToken;
import io.rollcall.collector.enrollment.EnrollTokens;
import io.rollcall.collector.enrollment.PendingEnrolments;
import io.rollcall.collector.ingest.EnrollService;
import io.rollcall.common.wire.Hashes;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The devices that FusionInventory and OCS agents report (table {@code foreign_agents}, V21). A device is found by
 * its identity: hardware UUID plus serial when the firmware gives a usable UUID, else the agent's DEVICEID. Its
 * {@code devices.hardware_uuid} is {@code foreign:<sha256 of that identity>}, never the bare UUID, so a shared
 * enrolment token can never post into a device that Rollcall's own agent enrolled with its own secret (the same laptop
 * running both agents shows twice). Such a device has no device secret: its secret hash is a text no SHA-256 equals.
 * Blocking (SQL, cluster lock): call from a worker thread.
 */
public final class ForeignDevices {
    /** Stored as the secret hash of a foreign device: not hex, so no bearer secret ever matches it. */
    static final String NO_SECRET = "none: reported by an OCS-protocol agent on a shared credential";
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Database db;
    private final IMap<String, DeviceRecord> devices;
    private final EnrollTokens tokens;
    private final FailureLimiter perMinute;
    private final Clock clock;

    /** A known foreign device: its Rollcall id and its account-name salt. */
    public record Known(UUID deviceId, String salt, boolean created) {
    }

    /** What the console shows about a foreign device. */
    public record Info(UUID deviceId, String agentName, String agentVersion, String agentRaw, String agentDeviceId,
                       String tokenLabel, Instant firstSeenAt, Instant lastSeenAt) {
        /** "FusionInventory 2.6". */
        public String agentLabel() {
            return agentVersion == null ? agentName : agentName + " " + agentVersion;
        }
    }

    /** @param perMinute one-minute windows: new devices per token, counted with the token's enrolments */
    public ForeignDevices(Database db, IMap<String, DeviceRecord> devices, EnrollTokens tokens, FailureLimiter perMinute,
                          Clock clock) {
        this.perMinute = perMinute;
        this.db = db;
        this.devices = devices;
        this.tokens = tokens;
        this.clock = clock;
    }

    /** The identity key of an inventory: hardware UUID + serial, else the agent's DEVICEID. */
    static String identityKey(OcsMapper.Identity id) {
        String key = id.hardwareUuid() != null ? "uuid:" + id.hardwareUuid() + "|serial:" + id.serial()
                : "deviceid:" + id.agentDeviceId();
        return Hashes.sha256Hex(key);
    }

    /**
     * The device of this inventory, created (taking one of the token's device places) when it is new, its agent facts
     * brought up to date. Holds the cluster-wide lock of its identity, so two nodes never create it twice.
     *
     * @throws OcsRefusal 403 when the token has no device place left for a new device
     */
    public Known findOrCreate(OcsMapper.Identity id, ForeignAgent agent, EnrollToken token, String hostname)
            throws SQLException, InterruptedException {
        String key = identityKey(id);
        String hw = "foreign:" + key;
        String lock = PendingEnrolments.lockKey(hw);
        if (!devices.tryLock(lock, 10, TimeUnit.SECONDS)) {
            throw new OcsRefusal(503, "busy", "another inventory of this device is being stored; retry");
        }
        try {
            Instant now = clock.instant();
            Known known = find(hw);
            if (known == null) {
                FailureLimiter.Limit rate = new FailureLimiter.Limit(EnrollService.PER_TOKEN_PREFIX, token.perMinute());
                if (!perMinute.allowed(rate, token.id().toString())) {
                    long wait = perMinute.retryAfterSeconds();
                    throw new OcsRefusal(429, "too-many-attempts", "the enrolment token '" + token.label() + "' has "
                            + "brought in its " + token.perMinute() + " devices this minute; try again in " + wait
                            + " seconds", wait);
                }
                perMinute.failed(rate, token.id().toString());
                if (!tokens.claimDevice(token.id())) {
                    throw new OcsRefusal(403, "enrolment-token-used-up", "the enrolment token '" + token.label()
                            + "' has enrolled its " + token.maxDevices() + " devices (or was retired just now)");
                }
                DeviceRecord record = new DeviceRecord(UUID.randomUUID(), hw, id.serial(), hostname, null, null,
                        NO_SECRET, now, null, null, null, null, 0, null);
                try {
                    devices.set(record.id().toString(), record); // write-through: in SQL when this returns
                } catch (RuntimeException e) {
                    tokens.releaseDevice(token.id());
                    throw e;
                }
                known = new Known(record.id(), null, true);
            }
            if (known.salt() == null) {
                byte[] b = new byte[32];
                RANDOM.nextBytes(b);
                known = new Known(known.deviceId(), HexFormat.of().formatHex(b), known.created());
                insert(known, key, id, agent, token, now);
            } else {
                touch(known.deviceId(), id, agent, now);
            }
            return known;
        } finally {
            devices.unlock(lock);
        }
    }

    private Known find(String hw) throws SQLException {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT d.id, f.name_salt FROM devices d "
                    + "LEFT JOIN foreign_agents f ON f.device_id = d.id WHERE d.hardware_uuid = ?")) {
                ps.setString(1, hw);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? new Known(rs.getObject(1, UUID.class), rs.getString(2), false) : null;
                }
            }
        });
    }

    private void insert(Known k, String key, OcsMapper.Identity id, ForeignAgent agent, EnrollToken token, Instant now)
            throws SQLException {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO foreign_agents (device_id, identity_key, agent_device_id, hardware_uuid, serial_number,
                      agent_name, agent_version, agent_raw, token_id, token_label, name_salt, first_seen_at, last_seen_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                ps.setObject(1, k.deviceId());
                ps.setString(2, key);
                ps.setString(3, clip(id.agentDeviceId(), 256));
                ps.setString(4, id.hardwareUuid());
                ps.setString(5, id.serial());
                ps.setString(6, clip(agent.name(), 64));
                ps.setString(7, clip(agent.version(), 32));
                ps.setString(8, clip(agent.raw(), 128));
                ps.setObject(9, token.id());
                ps.setString(10, clip(token.label(), 256));
                ps.setString(11, k.salt());
                Jdbc.setInstant(ps, 12, now);
                Jdbc.setInstant(ps, 13, now);
                return ps.executeUpdate();
            }
        });
    }

    private void touch(UUID deviceId, OcsMapper.Identity id, ForeignAgent agent, Instant now) throws SQLException {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE foreign_agents SET agent_device_id = ?, "
                    + "agent_name = ?, agent_version = ?, agent_raw = ?, last_seen_at = ? WHERE device_id = ?")) {
                ps.setString(1, clip(id.agentDeviceId(), 256));
                ps.setString(2, clip(agent.name(), 64));
                ps.setString(3, clip(agent.version(), 32));
                ps.setString(4, clip(agent.raw(), 128));
                Jdbc.setInstant(ps, 5, now);
                ps.setObject(6, deviceId);
                return ps.executeUpdate();
            }
        });
    }

    /** The agent facts of one device, or null when Rollcall's own agent reports it. */
    public Info info(UUID deviceId) throws SQLException {
        List<Info> found = query("WHERE device_id = ?", deviceId);
        return found.isEmpty() ? null : found.get(0);
    }

    /** Every foreign device, most recently seen first (bounded: the console shows at most {@code limit}). */
    public List<Info> list(int limit) throws SQLException {
        return query("ORDER BY last_seen_at DESC, device_id FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY", null);
    }

    /** An open "cannot verify" finding on a device an OCS-protocol agent reports. */
    public record Unknown(UUID deviceId, String hostname, String rule, String agentLabel) {
        /** Why it is unknown: {@code not collected by FusionInventory 2.6}. */
        public String reason() {
            return "not collected by " + agentLabel;
        }
    }

    /** An agent (product and version) that reports devices here. */
    public record Agent(String name, String version) {
        /** "FusionInventory 2.6". */
        public String label() {
            return version == null ? name : name + " " + version;
        }
    }

    /** The agents that report devices here, sorted. */
    public List<Agent> agents() throws SQLException {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT DISTINCT agent_name, agent_version FROM foreign_agents ORDER BY agent_name, agent_version");
                 ResultSet rs = ps.executeQuery()) {
                List<Agent> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new Agent(rs.getString(1), rs.getString(2)));
                }
                return out;
            }
        });
    }

    /**
     * Open {@code unknown} findings on devices reported by {@code agent} (every OCS-protocol agent when null), at most
     * {@code limit}, by host name. The join starts from foreign_agents (indexed by agent) and reads each device's open
     * findings through findings_device_status.
     */
    public List<Unknown> unknowns(Agent agent, int limit) throws SQLException {
        String where = agent == null ? "" : agent.version() == null
                ? " AND a.agent_name = ? AND a.agent_version IS NULL" : " AND a.agent_name = ? AND a.agent_version = ?";
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT d.id, d.hostname, f.rule, a.agent_name, "
                    + "a.agent_version FROM foreign_agents a JOIN findings f ON f.device_id = a.device_id "
                    + "JOIN devices d ON d.id = a.device_id WHERE f.status = 'open' AND f.outcome = 'unknown'" + where
                    + " ORDER BY d.hostname, d.id, f.rule FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY")) {
                if (agent != null) {
                    ps.setString(1, agent.name());
                    if (agent.version() != null) {
                        ps.setString(2, agent.version());
                    }
                }
                List<Unknown> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Unknown(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                                new Agent(rs.getString(4), rs.getString(5)).label()));
                    }
                }
                return out;
            }
        });
    }

    private List<Info> query(String tail, UUID arg) throws SQLException {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT device_id, agent_name, agent_version, agent_raw, "
                    + "agent_device_id, token_label, first_seen_at, last_seen_at FROM foreign_agents " + tail)) {
                if (arg != null) {
                    ps.setObject(1, arg);
                }
                List<Info> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Info(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6), Jdbc.getInstant(rs, "first_seen_at"),
                                Jdbc.getInstant(rs, "last_seen_at")));
                    }
                }
                return out;
            }
        });
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
