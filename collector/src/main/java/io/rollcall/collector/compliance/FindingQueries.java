package io.rollcall.collector.compliance;

import io.rollcall.collector.db.Database;
import io.rollcall.collector.db.Jdbc;
import io.rollcall.collector.db.Keyset;
import io.rollcall.collector.http.ApiException;
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
        Keyset.Page<Finding> p = list(status, rule, device, null, limit, offset);
        return new Page<>(p.items(), p.total(), p.limit(), p.offset());
    }

    /**
     * Findings newest first ({@code last_seen DESC, id}). The page is read in index order from {@code findings}
     * alone and only its rows are joined to their device's host name: joining first made H2 sort every
     * finding in the table for each page.
     *
     * @param after the {@code next} cursor of the previous page, or {@code null}; it continues after that
     *              page's last row without walking the rows before it ({@code offset} still applies on top)
     */
    public Keyset.Page<Finding> list(String status, String rule, UUID device, String after, int limit, int offset)
            throws SQLException {
        return list(status, rule, device, null, after, limit, offset);
    }

    /** As above; {@code group}, when set, keeps findings of that group's devices (400 when there is no such group). */
    public Keyset.Page<Finding> list(String status, String rule, UUID device, String group, String after, int limit,
                                     int offset) throws SQLException {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        UUID groupId = io.rollcall.collector.groups.GroupFilter.resolve(db, group);
        if (groupId != null) {
            where.append(" AND device_id").append(io.rollcall.collector.groups.GroupFilter.DEVICE_IN);
            args.add(groupId);
        }
        if (status != null) {
            where.append(" AND status = ?");
            args.add(status);
        }
        if (rule != null) {
            where.append(" AND rule = ?");
            args.add(rule);
        }
        if (device != null) {
            where.append(" AND device_id = ?");
            args.add(device);
        }
        StringBuilder pageWhere = new StringBuilder(where);
        List<Object> pageArgs = new ArrayList<>(args);
        if (after != null) {
            String[] k = Keyset.decode("after", after, 2);
            Instant seen;
            UUID id;
            try {
                seen = Instant.parse(k[0]);
                id = UUID.fromString(k[1]);
            } catch (RuntimeException e) {
                throw ApiException.badRequest("after: not a cursor this server issued");
            }
            pageWhere.append(" AND last_seen <= ? AND (last_seen < ? OR id > ?)");
            pageArgs.add(seen);
            pageArgs.add(seen);
            pageArgs.add(id);
        }
        return db.read(c -> {
            long total;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM findings" + where)) {
                Jdbc.bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<Finding> items = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT f.*, d.hostname FROM (SELECT * FROM findings" + pageWhere
                    + " ORDER BY last_seen DESC, id LIMIT ? OFFSET ?) f LEFT JOIN devices d ON d.id = f.device_id"
                    + " ORDER BY f.last_seen DESC, f.id")) {
                int n = Jdbc.bind(ps, pageArgs);
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
            String next = null;
            if (items.size() == limit) {
                Finding last = items.get(items.size() - 1);
                next = Keyset.encode(last.lastSeen().toString(), last.id().toString());
            }
            return new Keyset.Page<>(items, total, limit, offset, next);
        });
    }

    /** {@code {devices, compliant, stale, byRule}}: byRule counts devices with an open failing finding per rule. */
    public record Summary(long devices, long compliant, long stale, Map<String, Long> byRule) {
    }

    /** {@code stale} counts devices with an unresolved {@code device.stale} finding, as the device list's filter. */
    public Summary summary() throws SQLException {
        return summary(null);
    }

    /** As above over the members of the group named {@code group} (all devices when null; 400 when unknown). */
    public Summary summary(String group) throws SQLException {
        UUID groupId = io.rollcall.collector.groups.GroupFilter.resolve(db, group);
        String devicesIn = groupId == null ? "" : " WHERE id" + io.rollcall.collector.groups.GroupFilter.DEVICE_IN;
        String findingsIn = groupId == null ? ""
                : " AND device_id" + io.rollcall.collector.groups.GroupFilter.DEVICE_IN;
        return db.read(c -> {
            long devices;
            long compliant;
            long stale;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*),"
                    + " SUM(CASE WHEN compliant = TRUE THEN 1 ELSE 0 END),"
                    + " (SELECT COUNT(DISTINCT device_id) FROM findings"
                    + " WHERE rule = 'device.stale' AND status <> 'resolved'" + findingsIn + ")"
                    + " FROM devices" + devicesIn)) {
                if (groupId != null) {
                    ps.setObject(1, groupId);
                    ps.setObject(2, groupId);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    devices = rs.getLong(1);
                    compliant = rs.getLong(2);
                    stale = rs.getLong(3);
                }
            }
            Map<String, Long> byRule = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT rule, COUNT(DISTINCT device_id) AS n FROM findings"
                    + " WHERE status = 'open' AND outcome = 'fail'" + findingsIn
                    + " GROUP BY rule ORDER BY n DESC, rule")) {
                if (groupId != null) {
                    ps.setObject(1, groupId);
                }
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
