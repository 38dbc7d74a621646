package io.rollcall.collector.devices;

import io.rollcall.collector.ingest.SoftwareLists;

import io.rollcall.collector.db.Database;
import io.rollcall.collector.findings.rules.DeviceStaleRule;
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

/** The device list and one device's stored documents, answered from indexed SQL. Blocking. */
public final class DeviceQueries {
    private final Database db;

    /**
     * Stale means what the {@code device.stale} rule says (its limit is longer for a lent laptop): the device has
     * an unresolved finding of that rule, opened by the stale sweep or by its last evaluation. One truth for the
     * list, the summary and the findings; answered from the findings_device_status and findings_rule_seen indexes.
     */
    public static final String STALE = "EXISTS (SELECT 1 FROM findings sf WHERE sf.device_id = devices.id "
            + "AND sf.status <> 'resolved' AND sf.rule = '" + DeviceStaleRule.ID + "')";
    private static final String SELECT = "SELECT devices.*, " + STALE + " AS stale_now FROM devices";

    public DeviceQueries(Database db) {
        this.db = db;
    }

    /** One row of the device list. */
    public record DeviceSummary(UUID id, String hostname, String serialNumber, String osFamily, String osVersion,
                                String agentVersion, Instant enrolledAt, Instant lastSeenAt, Boolean compliant,
                                boolean stale, int openFindings) {
    }

    /**
     * @param compliant   filter on compliance, or {@code null}
     * @param stale       filter on staleness (an unresolved {@code device.stale} finding, see {@link #STALE}), or {@code null}
     * @param q           case-insensitive substring of host name or serial number, or {@code null}
     */
    public Page<DeviceSummary> list(Boolean compliant, Boolean stale, String q, int limit,
                                    int offset) throws SQLException {
        return list(compliant, stale, q, null, limit, offset);
    }

    /** As above; {@code rule}, when set, keeps devices with an open finding of that rule (findings_status_rule index). */
    public Page<DeviceSummary> list(Boolean compliant, Boolean stale, String q, String rule,
                                    int limit, int offset) throws SQLException {
        Keyset.Page<DeviceSummary> p = list(compliant, stale, q, rule, null, limit, offset);
        return new Page<>(p.items(), p.total(), p.limit(), p.offset());
    }

    /**
     * As above, by host name then id (devices without a host name last). {@code after}, the {@code next} cursor
     * of the previous page, continues after that page's last row with an index range read instead of walking
     * every earlier row as a deep {@code offset} does; {@code offset} still applies on top of it.
     */
    public Keyset.Page<DeviceSummary> list(Boolean compliant, Boolean stale, String q, String rule, String after,
                                           int limit, int offset) throws SQLException {
        return list(compliant, stale, q, rule, null, after, limit, offset);
    }

    /** As above; {@code group}, when set, keeps the members of the group with that name (400 when there is none). */
    public Keyset.Page<DeviceSummary> list(Boolean compliant, Boolean stale, String q, String rule, String group,
                                           String after, int limit, int offset) throws SQLException {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        java.util.UUID groupId = io.rollcall.collector.groups.GroupFilter.resolve(db, group);
        if (groupId != null) {
            where.append(" AND id").append(io.rollcall.collector.groups.GroupFilter.DEVICE_IN);
            args.add(groupId);
        }
        if (compliant != null) {
            where.append(compliant ? " AND compliant = TRUE" : " AND (compliant = FALSE OR compliant IS NULL)");
        }
        if (stale != null) {
            where.append(stale ? " AND " : " AND NOT ").append(STALE);
        }
        if (q != null) {
            where.append(" AND (LOWER(hostname) LIKE ? OR LOWER(serial_number) LIKE ?)");
            String like = "%" + q.toLowerCase(java.util.Locale.ROOT).replace("%", "\\%").replace("_", "\\_") + "%";
            args.add(like);
            args.add(like);
        }
        if (rule != null) {
            where.append(" AND id IN (SELECT device_id FROM findings WHERE status = 'open' AND rule = ?)");
            args.add(rule);
        }
        String[] cursor = after == null ? null : Keyset.decode("after", after, 2);
        UUID afterId;
        try {
            afterId = cursor == null ? null : UUID.fromString(cursor[1]);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("after: not a cursor this server issued");
        }
        return db.read(c -> {
            long total;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM devices" + where)) {
                Jdbc.bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<DeviceSummary> items = new ArrayList<>();
            if (cursor == null) {
                page(c, where + " ORDER BY hostname, id", args, limit, offset, items);
            } else if (cursor[0] != null) {
                // two index ranges rather than one OR with "hostname IS NULL", which no index answers in order
                List<Object> a = new ArrayList<>(args);
                a.addAll(List.of(cursor[0], cursor[0], afterId));
                page(c, where + " AND hostname >= ? AND (hostname > ? OR id > ?) ORDER BY hostname, id", a, limit,
                        offset, items);
                if (items.size() < limit) {
                    page(c, where + " AND hostname IS NULL ORDER BY id", args, limit - items.size(), 0, items);
                }
            } else {
                List<Object> a = new ArrayList<>(args);
                a.add(afterId);
                page(c, where + " AND hostname IS NULL AND id > ? ORDER BY id", a, limit, offset, items);
            }
            String next = null;
            if (items.size() == limit) {
                DeviceSummary last = items.get(items.size() - 1);
                next = Keyset.encode(last.hostname(), last.id().toString());
            }
            return new Keyset.Page<>(items, total, limit, offset, next);
        });
    }

    private static void page(java.sql.Connection c, String whereAndOrder, List<Object> args, int limit, int offset,
                             List<DeviceSummary> into) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + whereAndOrder + " LIMIT ? OFFSET ?")) {
            int n = Jdbc.bind(ps, args);
            ps.setInt(n, limit);
            ps.setInt(n + 1, offset);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    into.add(summary(rs));
                }
            }
        }
    }

    public DeviceSummary get(UUID id) throws SQLException {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE id = ?")) {
                ps.setObject(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? summary(rs) : null;
                }
            }
        });
    }

    /** All of the device's stored section documents (gzipped JSON) by section name. */
    public Map<String, byte[]> sections(UUID id) throws SQLException {
        return sections(id, null);
    }

    /**
     * The device's stored section documents named in {@code only} ({@code null}: all). Filtering in SQL
     * matters: the software document is the big one, and most callers do not want it.
     */
    public Map<String, byte[]> sections(UUID id, java.util.Collection<String> only) throws SQLException {
        if (only != null && only.isEmpty()) {
            return Map.of();
        }
        // an agent's software list is stored once for every device that reported it (SoftwareLists)
        String sql = "SELECT s.section, " + SoftwareLists.doc("s") + " FROM device_sections s" + SoftwareLists.join("s")
                + " WHERE s.device_id = ?"
                + (only == null ? "" : " AND s.section IN (" + String.join(", ", java.util.Collections.nCopies(only.size(), "?")) + ")");
        return db.read(c -> {
            Map<String, byte[]> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setObject(1, id);
                if (only != null) {
                    int i = 2;
                    for (String name : only) {
                        ps.setString(i++, name);
                    }
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getBytes(2));
                    }
                }
            }
            return out;
        });
    }

    /** One stored removable-media event. */
    public record MediaEventRow(Instant at, String action, String kind, String vendorId, String productId, String vendor,
                                String product, String serial, Long capacityBytes) {
    }

    public List<MediaEventRow> mediaEvents(UUID id, int limit) throws SQLException {
        return db.read(c -> {
            List<MediaEventRow> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT * FROM media_events WHERE device_id = ? ORDER BY at DESC LIMIT ?")) {
                ps.setObject(1, id);
                ps.setInt(2, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new MediaEventRow(Jdbc.getInstant(rs, "at"), rs.getString("action"), rs.getString("kind"),
                                rs.getString("vendor_id"), rs.getString("product_id"), rs.getString("vendor"),
                                rs.getString("product"), rs.getString("serial"), (Long) rs.getObject("capacity_bytes")));
                    }
                }
            }
            return out;
        });
    }

    private static DeviceSummary summary(ResultSet rs) throws SQLException {
        Instant lastSeen = Jdbc.getInstant(rs, "last_seen_at");
        return new DeviceSummary(Jdbc.getUuid(rs, "id"), rs.getString("hostname"), rs.getString("serial_number"),
                rs.getString("os_family"), rs.getString("os_version"), rs.getString("agent_version"),
                Jdbc.getInstant(rs, "enrolled_at"), lastSeen, (Boolean) rs.getObject("compliant"),
                rs.getBoolean("stale_now"), rs.getInt("open_findings"));
    }


}
