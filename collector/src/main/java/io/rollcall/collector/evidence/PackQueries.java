package io.rollcall.collector.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.collector.db.Database;
import io.rollcall.collector.db.Jdbc;
import io.rollcall.collector.groups.GroupFilter;
import io.rollcall.common.wire.WireJson;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPInputStream;

/**
 * The SQL behind the termly pack. Every figure is counted from the same rows as the live pages: open findings by
 * rule and outcome (as {@code GET /api/v1/findings}), the devices table (as the device list), device_sections for
 * "reports this at all". Blocking.
 */
public final class PackQueries {
    private final Database db;

    PackQueries(Database db) {
        this.db = db;
    }

    /** One open finding, reduced to what the pack needs. */
    record OpenRow(UUID device, String hostname, String serial, String rule, String outcome, Instant firstSeen) {
    }

    /** Open findings of {@code rules} (of the group's devices when {@code group} is set), oldest first. */
    List<OpenRow> open(Collection<String> rules, UUID group) throws SQLException {
        if (rules.isEmpty()) {
            return List.of();
        }
        String in = String.join(", ", java.util.Collections.nCopies(rules.size(), "?"));
        String sql = "SELECT f.device_id, f.rule, f.outcome, f.first_seen, d.hostname, d.serial_number FROM findings f"
                + " JOIN devices d ON d.id = f.device_id WHERE f.status = 'open' AND f.rule IN (" + in + ")"
                + (group == null ? "" : " AND f.device_id" + GroupFilter.DEVICE_IN) + " ORDER BY f.first_seen, f.id";
        return db.read(c -> {
            List<OpenRow> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                for (String r : rules) {
                    ps.setString(i++, r);
                }
                if (group != null) {
                    ps.setObject(i, group);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new OpenRow(Jdbc.getUuid(rs, "device_id"), rs.getString("hostname"),
                                rs.getString("serial_number"), rs.getString("rule"), rs.getString("outcome"),
                                Jdbc.getInstant(rs, "first_seen")));
                    }
                }
            }
            return out;
        });
    }

    /** How many devices (of the group) have stored {@code section}. */
    long reporting(String section, UUID group) throws SQLException {
        String sql = "SELECT COUNT(DISTINCT device_id) FROM device_sections WHERE section = ?"
                + (group == null ? "" : " AND device_id" + GroupFilter.DEVICE_IN);
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, section);
                if (group != null) {
                    ps.setObject(2, group);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** The borrower of the open loan of the asset with each serial: serial → name. */
    Map<String, String> borrowers(Collection<String> serials) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        if (serials.isEmpty()) {
            return out;
        }
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT p.name FROM loans l JOIN assets a ON a.tag = l.asset_tag"
                    + " JOIN people p ON p.id = l.person_id WHERE l.closed_at IS NULL AND a.serial = ?")) {
                for (String s : serials) {
                    ps.setString(1, s);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            out.put(s, rs.getString(1));
                        }
                    }
                }
            }
            return out;
        });
    }

    /** The device's everyday user: its enabled interactive school account signed in most often; null if none. */
    String dailyUser(UUID device) throws SQLException {
        byte[] gz = db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT doc FROM device_sections WHERE device_id = ? AND section = 'accounts'")) {
                ps.setObject(1, device);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getBytes(1) : null;
                }
            }
        });
        if (gz == null) {
            return null;
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            String best = null;
            long bestCount = -1;
            for (JsonNode a : WireJson.mapper().readTree(in).path("users")) {
                if (a.path("name").isTextual() && a.path("isSchoolAccount").asBoolean() && !a.path("disabled").asBoolean()
                        && a.path("interactive").asBoolean(true) && a.path("loginCount").asLong(0) > bestCount) {
                    best = a.path("name").asText();
                    bestCount = a.path("loginCount").asLong(0);
                }
            }
            return best;
        } catch (IOException e) {
            return null; // a damaged document names nobody; the device is still listed
        }
    }

    /** A leaver with a loan still open. */
    public record LeaverHolding(String name, String staffId, String assetTag, String assetType, Instant outAt, Instant dueAt,
                         LocalDate leftOn) {
    }

    List<LeaverHolding> leaversHoldingKit() throws SQLException {
        return db.read(c -> {
            List<LeaverHolding> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT p.name, p.staff_id, p.left_on, l.asset_tag, a.type, l.out_at, l.due_at FROM people p
                    JOIN loans l ON l.person_id = p.id AND l.closed_at IS NULL JOIN assets a ON a.tag = l.asset_tag
                    WHERE p.status = 'leaver' ORDER BY p.name, l.out_at""");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new LeaverHolding(rs.getString("name"), rs.getString("staff_id"), rs.getString("asset_tag"),
                            rs.getString("type"), Jdbc.getInstant(rs, "out_at"), Jdbc.getInstant(rs, "due_at"),
                            rs.getObject("left_on", LocalDate.class)));
                }
            }
            return out;
        });
    }
}
