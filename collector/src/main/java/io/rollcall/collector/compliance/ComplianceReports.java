package io.rollcall.collector.compliance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.rollcall.collector.db.Database;
import io.rollcall.collector.db.Jdbc;
import io.rollcall.common.wire.WireJson;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What SLT and governors read: one compliance snapshot per day (the trend), and compliance by group
 * (operating-system family until device groups exist). Blocking SQL.
 */
public final class ComplianceReports {
    private static final TypeReference<LinkedHashMap<String, Long>> BY_RULE = new TypeReference<>() {
    };
    private final Database db;
    private final FindingQueries findings;

    public ComplianceReports(Database db, FindingQueries findings) {
        this.db = db;
        this.findings = findings;
    }

    /** One day's picture: {@code byRule} counts devices failing each rule. */
    public record DaySnapshot(LocalDate day, long devices, long compliant, long stale, Map<String, Long> byRule) {
        /** Compliant devices as a whole percentage of all devices (0 when there are none). */
        public int compliantPercent() {
            return devices == 0 ? 0 : (int) Math.round(100.0 * compliant / devices);
        }
    }

    /** Compliance of one group of devices. */
    public record GroupRow(String group, long devices, long compliant) {
    }

    /** Takes (or retakes) today's snapshot from the current state; returns it. */
    public DaySnapshot snapshot(Instant now) throws SQLException {
        FindingQueries.Summary s = findings.summary();
        DaySnapshot d = new DaySnapshot(LocalDate.ofInstant(now, ZoneOffset.UTC), s.devices(), s.compliant(), s.stale(),
                s.byRule());
        store(d, now);
        return d;
    }

    /** Writes a day's snapshot, replacing that day's earlier one. */
    public void store(DaySnapshot d, Instant takenAt) throws SQLException {
        String json;
        try {
            json = WireJson.mapper().writeValueAsString(d.byRule());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of counts always serialises", e);
        }
        db.inTransaction(c -> {
            try (PreparedStatement up = c.prepareStatement("""
                    UPDATE compliance_snapshots SET devices = ?, compliant = ?, stale = ?, by_rule = ?, taken_at = ?
                    WHERE snapshot_day = ?""")) {
                up.setLong(1, d.devices());
                up.setLong(2, d.compliant());
                up.setLong(3, d.stale());
                up.setString(4, json);
                Jdbc.setInstant(up, 5, takenAt);
                up.setObject(6, d.day());
                if (up.executeUpdate() == 1) {
                    return null;
                }
            }
            try (PreparedStatement ins = c.prepareStatement("""
                    INSERT INTO compliance_snapshots (snapshot_day, devices, compliant, stale, by_rule, taken_at)
                    VALUES (?, ?, ?, ?, ?, ?)""")) {
                ins.setObject(1, d.day());
                ins.setLong(2, d.devices());
                ins.setLong(3, d.compliant());
                ins.setLong(4, d.stale());
                ins.setString(5, json);
                Jdbc.setInstant(ins, 6, takenAt);
                ins.executeUpdate();
            }
            return null;
        });
    }

    /** The snapshots of the {@code days} days up to and including {@code today}, oldest first; missing days are absent. */
    public List<DaySnapshot> trend(LocalDate today, int days) throws SQLException {
        return db.read(c -> {
            List<DaySnapshot> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT * FROM compliance_snapshots WHERE snapshot_day > ? AND snapshot_day <= ? ORDER BY snapshot_day")) {
                ps.setObject(1, today.minusDays(days));
                ps.setObject(2, today);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Map<String, Long> byRule;
                        try {
                            byRule = WireJson.mapper().readValue(rs.getString("by_rule"), BY_RULE);
                        } catch (JsonProcessingException e) {
                            throw new SQLException("stored by_rule is not JSON", e);
                        }
                        out.add(new DaySnapshot(rs.getObject("snapshot_day", LocalDate.class), rs.getLong("devices"),
                                rs.getLong("compliant"), rs.getLong("stale"), byRule));
                    }
                }
            }
            return out;
        });
    }

    /** Compliance per operating-system family, largest group first. */
    public List<GroupRow> byOsFamily() throws SQLException {
        return db.read(c -> {
            List<GroupRow> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT COALESCE(os_family, 'unknown') AS g, COUNT(*) AS n,
                           SUM(CASE WHEN compliant = TRUE THEN 1 ELSE 0 END) AS ok
                    FROM devices GROUP BY COALESCE(os_family, 'unknown') ORDER BY n DESC, g""");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new GroupRow(rs.getString("g"), rs.getLong("n"), rs.getLong("ok")));
                }
            }
            return out;
        });
    }
}
