package io.rollcall.collector.devices;

import com.hazelcast.map.MapStore;
import io.rollcall.collector.db.Database;
import io.rollcall.collector.db.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Backs the {@code devices} IMap with the {@code devices} table (write-through). Loading is lazy:
 * a device is read from SQL the first time any node asks for it, so a cluster of 100,000 devices
 * starts without reading them all. Ingest writes its multi-table transaction itself and refreshes
 * the map with {@code putTransient}; enrolment goes through {@link #store}.
 */
public final class DeviceMapStore implements MapStore<String, DeviceRecord> {
    private final Database db;

    public DeviceMapStore(Database db) {
        this.db = db;
    }

    @Override
    public DeviceRecord load(String key) {
        UUID id;
        try {
            id = UUID.fromString(key);
        } catch (IllegalArgumentException e) {
            return null;
        }
        try {
            return db.read(c -> load(c, id));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot load device " + key, e);
        }
    }

    static DeviceRecord load(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM devices WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return new DeviceRecord(id, rs.getString("hardware_uuid"), rs.getString("serial_number"),
                        rs.getString("hostname"), rs.getString("os_family"), rs.getString("os_version"),
                        rs.getString("secret_hash"), Jdbc.getInstant(rs, "enrolled_at"),
                        Jdbc.getInstant(rs, "last_seen_at"), rs.getString("last_report_kind"),
                        rs.getString("agent_version"), (Boolean) rs.getObject("compliant"), rs.getInt("open_findings"),
                        sectionHashes(c, id));
            }
        }
    }

    private static Map<String, String> sectionHashes(Connection c, UUID id) throws SQLException {
        Map<String, String> hashes = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT section, sha256 FROM device_sections WHERE device_id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    hashes.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return hashes;
    }

    @Override
    public Map<String, DeviceRecord> loadAll(Collection<String> keys) {
        Map<String, DeviceRecord> out = new HashMap<>();
        for (String k : keys) {
            DeviceRecord r = load(k);
            if (r != null) {
                out.put(k, r);
            }
        }
        return out;
    }

    /** No eager load: devices are loaded on first use. */
    @Override
    public Iterable<String> loadAllKeys() {
        return null;
    }

    @Override
    public void store(String key, DeviceRecord r) {
        try {
            db.inTransaction(c -> {
                upsert(c, r);
                return null;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store device " + key, e);
        }
    }

    static void upsert(Connection c, DeviceRecord r) throws SQLException {
        try (PreparedStatement up = c.prepareStatement("""
                UPDATE devices SET hardware_uuid = ?, serial_number = ?, hostname = ?, os_family = ?, os_version = ?,
                  secret_hash = ?, last_seen_at = ?, last_report_kind = ?, agent_version = ?, compliant = ?,
                  open_findings = ? WHERE id = ?""")) {
            up.setString(1, r.hardwareUuid());
            up.setString(2, r.serialNumber());
            up.setString(3, r.hostname());
            up.setString(4, r.osFamily());
            up.setString(5, r.osVersion());
            up.setString(6, r.secretHash());
            Jdbc.setInstant(up, 7, r.lastSeenAt());
            up.setString(8, r.lastReportKind());
            up.setString(9, r.agentVersion());
            up.setObject(10, r.compliant());
            up.setInt(11, r.openFindings());
            up.setObject(12, r.id());
            if (up.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement ins = c.prepareStatement("""
                INSERT INTO devices (id, hardware_uuid, serial_number, hostname, os_family, os_version, secret_hash,
                  enrolled_at, last_seen_at, last_report_kind, agent_version, compliant, open_findings)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            ins.setObject(1, r.id());
            ins.setString(2, r.hardwareUuid());
            ins.setString(3, r.serialNumber());
            ins.setString(4, r.hostname());
            ins.setString(5, r.osFamily());
            ins.setString(6, r.osVersion());
            ins.setString(7, r.secretHash());
            Jdbc.setInstant(ins, 8, r.enrolledAt());
            Jdbc.setInstant(ins, 9, r.lastSeenAt());
            ins.setString(10, r.lastReportKind());
            ins.setString(11, r.agentVersion());
            ins.setObject(12, r.compliant());
            ins.setInt(13, r.openFindings());
            ins.executeUpdate();
        }
    }

    @Override
    public void storeAll(Map<String, DeviceRecord> map) {
        map.forEach(this::store);
    }

    /** Devices are never deleted through the map; retirement is a status change. */
    @Override
    public void delete(String key) {
    }

    @Override
    public void deleteAll(Collection<String> keys) {
    }
}
