package io.rollcall.collector.compliance;

import io.rollcall.collector.db.Database;
import io.rollcall.collector.db.Jdbc;
import io.rollcall.collector.http.Query.Page;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Findings and the compliance summary, answered from indexed SQL. Blocking. */
public final class FindingQueries {
    private final Database db;

    public FindingQueries(Database db) {
        this.db = db;
    }

    /** A finding as the API shows it. */
    public record Finding(UUID id, UUID device, String hostname, String rule, String subject, String verdict,
                          String severity, String status, Instant firstSeen, Instant lastSeen, Instant resolvedAt,
                          Map<String, Object> evidence, String policyRef) {
    }

    public Page<Finding> list(String status, String rule, UUID device, int limit, int offset) throws SQLException {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (status != null) {
            where.append(" AND f.status = ?");
            args.add(status);
        }
        if (rule != null) {
            where.append(" AND f.rule = ?");
            args.add(rule);
        }
        if (device != null) {
            where.append(" AND f.device_id = ?");
            args.add(device);
        }
        return db.read(c -> {
            long total;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM findings f" + where)) {
                Jdbc.bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<Finding> items = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT f.*, d.hostname FROM findings f JOIN devices d ON d.id = f.device_id"
                    + where + " ORDER BY f.last_seen DESC, f.id LIMIT ? OFFSET ?")) {
                int n = Jdbc.bind(ps, args);
                ps.setInt(n, limit);
                ps.setInt(n + 1, offset);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        items.add(new Finding(Jdbc.getUuid(rs, "id"), Jdbc.getUuid(rs, "device_id"), rs.getString("hostname"),
                                rs.getString("rule"), rs.getString("subject"), rs.getString("outcome"),
                                rs.getString("severity"), rs.getString("status"), Jdbc.getInstant(rs, "first_seen"),
                                Jdbc.getInstant(rs, "last_seen"), Jdbc.getInstant(rs, "resolved_at"),
                                io.rollcall.collector.db.Docs.jsonMap(rs.getString("evidence")), rs.getString("policy_ref")));
                    }
                }
            }
            return new Page<>(items, total, limit, offset);
        });
    }

    /** {@code {devices, compliant, stale, byRule}}: byRule counts devices with an open failing finding per rule. */
    public record Summary(long devices, long compliant, long stale, Map<String, Long> byRule) {
    }

    public Summary summary(Instant staleBefore) throws SQLException {
        return db.read(c -> {
            long devices;
            long compliant;
            long stale;
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT COUNT(*),
                           SUM(CASE WHEN compliant = TRUE THEN 1 ELSE 0 END),
                           SUM(CASE WHEN last_seen_at IS NULL OR last_seen_at < ? THEN 1 ELSE 0 END)
                    FROM devices""")) {
                Jdbc.setInstant(ps, 1, staleBefore);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    devices = rs.getLong(1);
                    compliant = rs.getLong(2);
                    stale = rs.getLong(3);
                }
            }
            Map<String, Long> byRule = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT rule, COUNT(DISTINCT device_id) AS n FROM findings
                    WHERE status = 'open' AND outcome = 'fail' GROUP BY rule ORDER BY n DESC, rule""")) {
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        byRule.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            return new Summary(devices, compliant, stale, byRule);
        });
    }


}
