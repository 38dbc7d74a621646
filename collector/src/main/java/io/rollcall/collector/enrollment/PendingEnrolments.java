package io.rollcall.collector.enrollment;

import com.hazelcast.map.IMap;
import io.rollcall.collector.db.Database;
import io.rollcall.collector.db.Jdbc;
import io.rollcall.collector.devices.DeviceRecord;
import io.rollcall.collector.http.ApiException;
import io.rollcall.common.enroll.EnrollRequest;
import io.rollcall.common.wire.Hashes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Re-enrolments waiting for a technician. Until one is approved the device keeps its secret and the requester's new
 * secret can only learn that it waits ({@code 403 enrolment-pending}); approval makes the new secret the device's and
 * retires the old one. The list stays short: a later request from the same address replaces that address's earlier
 * one, and at most {@value #MAX_PER_DEVICE} wait per device (the oldest is replaced), so an attacker cannot push the
 * real agent's request out of sight by asking once, and the technician sees competing requests side by side.
 *
 * <p>Approval and every enrolment of one hardware UUID take the same cluster-wide lock ({@link #lockKey}). Blocking
 * (SQL, IMap): call from a worker.
 */
public final class PendingEnrolments {
    public static final int MAX_PER_DEVICE = 3;
    public static final String PENDING = "pending";
    static final int LIST_LIMIT = 500;

    private final Database db;
    private final IMap<String, DeviceRecord> devices;
    private final Clock clock;

    public PendingEnrolments(Database db, IMap<String, DeviceRecord> devices, Clock clock) {
        this.db = db;
        this.devices = devices;
        this.clock = clock;
    }

    /** The lock (on the devices map) that serialises enrolments and approvals of one piece of hardware. */
    public static String lockKey(String hardwareUuid) {
        return "enroll:" + Hashes.sha256Hex(hardwareUuid);
    }

    /** Records a request for {@code device}; call under {@link #lockKey}. Returns its id. */
    public UUID request(DeviceRecord device, EnrollRequest req, String address, String tokenLabel, String secretHash)
            throws SQLException {
        UUID id = UUID.randomUUID();
        Instant now = now();
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE enrollment_pending SET status = 'replaced', decided_at = ?, decided_by = 'a later request'
                    WHERE device_id = ? AND status = 'pending' AND address = ?""")) {
                Jdbc.setInstant(ps, 1, now);
                ps.setObject(2, device.id());
                ps.setString(3, address);
                ps.executeUpdate();
            }
            List<UUID> waiting = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT id FROM enrollment_pending WHERE device_id = ? AND status = 'pending'
                    ORDER BY requested_at, id""")) {
                ps.setObject(1, device.id());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        waiting.add(Jdbc.getUuid(rs, "id"));
                    }
                }
            }
            for (int i = 0; i <= waiting.size() - MAX_PER_DEVICE; i++) {
                decide(c, waiting.get(i), "replaced", "a later request", now);
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO enrollment_pending (id, device_id, hostname, serial_number, os_family, os_version, address,
                      requested_at, token_label, secret_hash, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending')""")) {
                ps.setObject(1, id);
                ps.setObject(2, device.id());
                ps.setString(3, req.hostname());
                ps.setString(4, req.serialNumber());
                ps.setString(5, req.os() == null ? null : req.os().family());
                ps.setString(6, req.os() == null ? null : req.os().version());
                ps.setString(7, address);
                Jdbc.setInstant(ps, 8, now);
                ps.setString(9, tokenLabel);
                ps.setString(10, secretHash);
                ps.executeUpdate();
            }
            return null;
        });
        return id;
    }

    /** The waiting request whose new secret hashes to {@code secretHash}, or null. */
    public UUID waitingWith(UUID deviceId, String secretHash) throws SQLException {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT id FROM enrollment_pending WHERE device_id = ? AND secret_hash = ? AND status = 'pending'""")) {
                ps.setObject(1, deviceId);
                ps.setString(2, secretHash);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Jdbc.getUuid(rs, "id") : null;
                }
            }
        });
    }

    /** Waiting requests, newest first, each with the device as it is now. */
    public List<PendingEnrolment> waiting() throws SQLException {
        return db.read(c -> {
            List<PendingEnrolment> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT p.*, d.hostname AS d_hostname, d.serial_number AS d_serial, d.os_family AS d_os_family,
                      d.os_version AS d_os_version, d.enrolled_at AS d_enrolled_at, d.last_seen_at AS d_last_seen_at
                    FROM enrollment_pending p JOIN devices d ON d.id = p.device_id
                    WHERE p.status = 'pending' ORDER BY p.requested_at DESC, p.id LIMIT ?""")) {
                ps.setInt(1, LIST_LIMIT);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(row(rs));
                    }
                }
            }
            return out;
        });
    }

    /** One request in any state, or 404. */
    public PendingEnrolment get(UUID id) throws SQLException {
        return db.read(c -> one(c, id));
    }

    /**
     * Makes the request's secret the device's: the old credential stops, the new one reports. Any other request
     * waiting for the device is replaced. 404 unknown, 409 when it no longer waits.
     */
    public PendingEnrolment approve(UUID id, String actor) throws SQLException, InterruptedException {
        PendingEnrolment p = get(id);
        DeviceRecord device = devices.get(p.deviceId().toString());
        if (device == null) {
            throw ApiException.notFound("the device of re-enrolment " + id + " no longer exists");
        }
        String key = lockKey(device.hardwareUuid());
        if (!devices.tryLock(key, 10, TimeUnit.SECONDS)) {
            throw new ApiException(503, "busy", "an enrolment of this device is in progress; retry");
        }
        try {
            Instant now = now();
            String hash = db.read(c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT secret_hash FROM enrollment_pending WHERE id = ? AND status = 'pending'")) {
                    ps.setObject(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next() ? rs.getString(1) : null;
                    }
                }
            });
            if (hash == null) {
                throw notWaiting(get(id));
            }
            // the device first: should the status update fail, the request still waits and approving again is harmless
            DeviceRecord current = devices.get(p.deviceId().toString());
            devices.set(current.id().toString(), current.withSecretHash(hash));
            db.inTransaction(c -> {
                decide(c, id, "approved", actor, now);
                try (PreparedStatement ps = c.prepareStatement("""
                        UPDATE enrollment_pending SET status = 'replaced', decided_at = ?, decided_by = ?
                        WHERE device_id = ? AND status = 'pending'""")) {
                    Jdbc.setInstant(ps, 1, now);
                    ps.setString(2, actor);
                    ps.setObject(3, p.deviceId());
                    ps.executeUpdate();
                }
                return null;
            });
        } finally {
            devices.unlock(key);
        }
        return get(id);
    }

    /** Refuses the request: its secret never works, the device keeps its own. 404 unknown, 409 when it no longer waits. */
    public PendingEnrolment reject(UUID id, String actor) throws SQLException, InterruptedException {
        PendingEnrolment p = get(id);
        DeviceRecord device = devices.get(p.deviceId().toString());
        // under the device's lock, so a reject never lands between an approval's check and its write
        String key = device == null ? null : lockKey(device.hardwareUuid());
        if (key != null && !devices.tryLock(key, 10, TimeUnit.SECONDS)) {
            throw new ApiException(503, "busy", "an enrolment of this device is in progress; retry");
        }
        try {
            boolean done = db.inTransaction(c -> decide(c, id, "rejected", actor, now()));
            if (!done) {
                throw notWaiting(get(id));
            }
        } finally {
            if (key != null) {
                devices.unlock(key);
            }
        }
        return get(id);
    }

    private static ApiException notWaiting(PendingEnrolment p) {
        return new ApiException(409, "conflict", "re-enrolment " + p.id() + " is " + p.status() + ", not pending");
    }

    private static boolean decide(Connection c, UUID id, String status, String actor, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE enrollment_pending SET status = ?, decided_at = ?, decided_by = ? WHERE id = ? AND status = 'pending'""")) {
            ps.setString(1, status);
            Jdbc.setInstant(ps, 2, at);
            ps.setString(3, actor);
            ps.setObject(4, id);
            return ps.executeUpdate() == 1;
        }
    }

    private static PendingEnrolment one(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT p.*, d.hostname AS d_hostname, d.serial_number AS d_serial, d.os_family AS d_os_family,
                  d.os_version AS d_os_version, d.enrolled_at AS d_enrolled_at, d.last_seen_at AS d_last_seen_at
                FROM enrollment_pending p JOIN devices d ON d.id = p.device_id WHERE p.id = ?""")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw ApiException.notFound("no re-enrolment request " + id);
                }
                return row(rs);
            }
        }
    }

    private static PendingEnrolment row(ResultSet rs) throws SQLException {
        return new PendingEnrolment(Jdbc.getUuid(rs, "id"), Jdbc.getUuid(rs, "device_id"), rs.getString("hostname"),
                rs.getString("serial_number"), rs.getString("os_family"), rs.getString("os_version"),
                rs.getString("address"), Jdbc.getInstant(rs, "requested_at"), rs.getString("token_label"),
                rs.getString("status"), Jdbc.getInstant(rs, "decided_at"), rs.getString("decided_by"),
                new PendingEnrolment.Current(rs.getString("d_hostname"), rs.getString("d_serial"),
                        rs.getString("d_os_family"), rs.getString("d_os_version"), Jdbc.getInstant(rs, "d_enrolled_at"),
                        Jdbc.getInstant(rs, "d_last_seen_at")));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
