package io.rollcall.collector.sso;

import io.rollcall.collector.db.Database;
import io.rollcall.collector.db.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * A member of staff's own laptops: the enrolled devices whose serial number is that of an asset lent to them now
 * (an open loan to the person whose e-mail address is the signed-in user's name), and those a technician named them
 * the primary user of, with each open finding and what to do about it ({@link StaffAdvice}). Nothing here takes a device id from the caller, so no one can ask for
 * another person's device. Blocking (SQL).
 */
public final class OwnDevices {
    private final Database db;

    public OwnDevices(Database db) {
        this.db = db;
    }

    /** The devices lent to the person with this e-mail address, each with its open findings. */
    public List<Map<String, Object>> of(String email) throws SQLException {
        if (email == null || email.indexOf('@') < 1) {
            return List.of();
        }
        String e = email.toLowerCase(Locale.ROOT);
        return db.read(c -> {
            // by device id: a laptop both lent to and assigned to the person is listed once
            Map<UUID, Map<String, Object>> byId = new LinkedHashMap<>();
            // the staff list is the school's few hundred people; the loans and devices are found through indexes
            rows(c, """
                    SELECT d.id, d.hostname, d.os_family, d.os_version, d.last_seen_at, a.tag, a.make, a.model, l.due_at
                    FROM people p
                    JOIN loans l ON l.person_id = p.id AND l.closed_at IS NULL
                    JOIN assets a ON a.tag = l.asset_tag
                    JOIN devices d ON d.serial_number = a.serial
                    WHERE LOWER(p.email) = ? AND a.serial IS NOT NULL AND a.serial <> ''
                    ORDER BY a.tag""", e, byId);
            rows(c, """
                    SELECT d.id, d.hostname, d.os_family, d.os_version, d.last_seen_at, NULL AS tag, NULL AS make,
                           NULL AS model, NULL AS due_at
                    FROM device_primary_users u JOIN devices d ON d.id = u.device_id
                    WHERE u.email = ? ORDER BY d.hostname""", e, byId);
            List<Map<String, Object>> out = new ArrayList<>(byId.values());
            for (Map<String, Object> d : out) {
                d.put("findings", findings(c, (UUID) d.get("deviceId")));
            }
            return out;
        });
    }

    private static void rows(Connection c, String sql, String email, Map<UUID, Map<String, Object>> into)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, email);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    UUID id = Jdbc.getUuid(rs, "id");
                    if (into.containsKey(id)) {
                        continue;
                    }
                    Map<String, Object> d = new LinkedHashMap<>();
                    d.put("deviceId", id);
                    d.put("hostname", rs.getString("hostname"));
                    d.put("os", ((rs.getString("os_family") == null ? "" : rs.getString("os_family")) + " "
                            + (rs.getString("os_version") == null ? "" : rs.getString("os_version"))).strip());
                    d.put("lastReportAt", Jdbc.getInstant(rs, "last_seen_at"));
                    d.put("assetTag", rs.getString("tag"));
                    d.put("model", join(rs.getString("make"), rs.getString("model")));
                    d.put("dueAt", Jdbc.getInstant(rs, "due_at"));
                    d.put("how", rs.getString("tag") == null ? "primary user" : "lent to you");
                    into.put(id, d);
                }
            }
        }
    }

    /** Sets (or, with a null e-mail, clears) a device's primary user; false when there is no such device. */
    public boolean setPrimaryUser(UUID device, String email, String by, java.time.Instant at) throws SQLException {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM devices WHERE id = ?")) {
                ps.setObject(1, device);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return false;
                    }
                }
            }
            try (PreparedStatement del = c.prepareStatement("DELETE FROM device_primary_users WHERE device_id = ?")) {
                del.setObject(1, device);
                del.executeUpdate();
            }
            if (email != null) {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO device_primary_users (device_id, email, set_at, set_by) VALUES (?, ?, ?, ?)")) {
                    ps.setObject(1, device);
                    ps.setString(2, email.toLowerCase(Locale.ROOT));
                    Jdbc.setInstant(ps, 3, at);
                    ps.setString(4, by);
                    ps.executeUpdate();
                }
            }
            return true;
        });
    }

    private static List<Map<String, Object>> findings(Connection c, UUID device) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT rule, subject, outcome, severity, first_seen, policy_ref FROM findings
                WHERE device_id = ? AND status = 'open' ORDER BY rule, subject""")) {
            ps.setObject(1, device);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    StaffAdvice.Advice a = StaffAdvice.forRule(rs.getString("rule"));
                    Map<String, Object> f = new LinkedHashMap<>();
                    f.put("rule", rs.getString("rule"));
                    f.put("subject", rs.getString("subject"));
                    f.put("outcome", rs.getString("outcome"));
                    f.put("severity", rs.getString("severity"));
                    f.put("since", Jdbc.getInstant(rs, "first_seen"));
                    f.put("title", a.title());
                    f.put("whatToDo", a.whatToDo());
                    f.put("policySays", a.policySays());
                    f.put("policyRef", rs.getString("policy_ref"));
                    out.add(f);
                }
            }
        }
        return out;
    }

    private static String join(String a, String b) {
        return ((a == null ? "" : a) + " " + (b == null ? "" : b)).strip();
    }
}
