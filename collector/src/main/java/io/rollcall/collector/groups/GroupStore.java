package io.rollcall.collector.groups;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.rollcall.collector.db.Jdbc;
import io.rollcall.collector.http.ApiException;
import io.rollcall.common.wire.WireJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/** SQL for groups, their rules and members; every method takes the caller's connection (one transaction). */
public final class GroupStore {
    private GroupStore() {
    }

    /** A group as stored, with its member counts. */
    record Row(UUID id, String name, String description, GroupThresholds overrides, long devices, long assets,
               Instant updatedAt) {
    }

    /** A device member with the ways it belongs (manual, csv, rule). */
    public record DeviceMember(UUID id, String hostname, String serial, Boolean compliant, Set<String> sources) {
    }

    /** An asset member with the ways it belongs. */
    public record AssetMember(String tag, String type, String model, Set<String> sources) {
    }

    static List<Row> list(Connection c) throws SQLException {
        List<Row> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT g.*, (SELECT COUNT(DISTINCT device_id) FROM group_devices gd WHERE gd.group_id = g.id) AS nd,
                       (SELECT COUNT(DISTINCT asset_tag) FROM group_assets ga WHERE ga.group_id = g.id) AS na
                FROM device_groups g ORDER BY g.name""");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Row(Jdbc.getUuid(rs, "id"), rs.getString("name"), rs.getString("description"),
                        thresholds(rs.getString("overrides")), rs.getLong("nd"), rs.getLong("na"),
                        Jdbc.getInstant(rs, "updated_at")));
            }
        }
        return out;
    }

    static List<GroupRule> rules(Connection c) throws SQLException {
        List<GroupRule> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM group_rules ORDER BY created_at, id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new GroupRule(Jdbc.getUuid(rs, "id"), Jdbc.getUuid(rs, "group_id"), rs.getString("field"),
                        rs.getString("pattern")));
            }
        }
        return out;
    }

    /** The group with this name or id; 400 naming {@code field} when there is none. */
    static UUID resolve(Connection c, String field, String nameOrId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM device_groups WHERE name = ?")) {
            ps.setString(1, nameOrId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return Jdbc.getUuid(rs, "id");
                }
            }
        }
        UUID id = null;
        try {
            id = UUID.fromString(nameOrId);
        } catch (IllegalArgumentException e) {
            // not an id either
        }
        if (id != null && exists(c, id)) {
            return id;
        }
        throw ApiException.badRequest(field + ": no group named \"" + nameOrId + "\"");
    }

    static boolean exists(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM device_groups WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    static void insert(Connection c, UUID id, String name, String description, GroupThresholds o, Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO device_groups (id, name, description, overrides, "
                + "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setObject(1, id);
            ps.setString(2, name);
            ps.setString(3, description);
            ps.setString(4, json(o));
            Jdbc.setInstant(ps, 5, now);
            Jdbc.setInstant(ps, 6, now);
            ps.executeUpdate();
        }
    }

    static boolean update(Connection c, UUID id, String name, String description, GroupThresholds o, Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE device_groups SET name = ?, description = ?, overrides = ?, updated_at = ? WHERE id = ?")) {
            ps.setString(1, name);
            ps.setString(2, description);
            ps.setString(3, json(o));
            Jdbc.setInstant(ps, 4, now);
            ps.setObject(5, id);
            return ps.executeUpdate() == 1;
        }
    }

    static void delete(Connection c, UUID id) throws SQLException {
        for (String t : List.of("group_devices", "group_assets", "group_rules")) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + t + " WHERE group_id = ?")) {
                ps.setObject(1, id);
                ps.executeUpdate();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM device_groups WHERE id = ?")) {
            ps.setObject(1, id);
            ps.executeUpdate();
        }
    }

    static void insertRule(Connection c, GroupRule r, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO group_rules (id, group_id, field, pattern, created_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setObject(1, r.id());
            ps.setObject(2, r.groupId());
            ps.setString(3, r.field());
            ps.setString(4, r.pattern());
            Jdbc.setInstant(ps, 5, now);
            ps.executeUpdate();
        }
    }

    static boolean deleteRule(Connection c, UUID group, UUID rule) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM group_rules WHERE id = ? AND group_id = ?")) {
            ps.setObject(1, rule);
            ps.setObject(2, group);
            return ps.executeUpdate() == 1;
        }
    }

    /** Adds devices with {@code source}; a device already there by that source stays as it was. */
    static void addDevices(Connection c, UUID group, Collection<UUID> ids, String source, Instant now) throws SQLException {
        try (PreparedStatement del = c.prepareStatement(
                "DELETE FROM group_devices WHERE group_id = ? AND device_id = ? AND source = ?");
             PreparedStatement ins = c.prepareStatement(
                     "INSERT INTO group_devices (group_id, device_id, source, added_at) VALUES (?, ?, ?, ?)")) {
            for (UUID id : ids) {
                del.setObject(1, group);
                del.setObject(2, id);
                del.setString(3, source);
                del.executeUpdate();
                ins.setObject(1, group);
                ins.setObject(2, id);
                ins.setString(3, source);
                Jdbc.setInstant(ins, 4, now);
                ins.executeUpdate();
            }
        }
    }

    static void addAssets(Connection c, UUID group, Collection<String> tags, String source, Instant now) throws SQLException {
        try (PreparedStatement del = c.prepareStatement(
                "DELETE FROM group_assets WHERE group_id = ? AND asset_tag = ? AND source = ?");
             PreparedStatement ins = c.prepareStatement(
                     "INSERT INTO group_assets (group_id, asset_tag, source, added_at) VALUES (?, ?, ?, ?)")) {
            for (String tag : tags) {
                del.setObject(1, group);
                del.setString(2, tag);
                del.setString(3, source);
                del.executeUpdate();
                ins.setObject(1, group);
                ins.setString(2, tag);
                ins.setString(3, source);
                Jdbc.setInstant(ins, 4, now);
                ins.executeUpdate();
            }
        }
    }

    /** Removes hand-set and CSV membership (a rule's membership follows its rule). */
    static void removeMembers(Connection c, UUID group, Collection<UUID> devices, Collection<String> assets)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM group_devices WHERE group_id = ? AND device_id = ? AND source <> 'rule'")) {
            for (UUID id : devices) {
                ps.setObject(1, group);
                ps.setObject(2, id);
                ps.executeUpdate();
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM group_assets WHERE group_id = ? AND asset_tag = ? AND source <> 'rule'")) {
            for (String tag : assets) {
                ps.setObject(1, group);
                ps.setString(2, tag);
                ps.executeUpdate();
            }
        }
    }

    /** Group id → sources, for one device. */
    static Map<UUID, Set<String>> deviceGroups(Connection c, UUID device) throws SQLException {
        Map<UUID, Set<String>> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT group_id, source FROM group_devices WHERE device_id = ?")) {
            ps.setObject(1, device);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(Jdbc.getUuid(rs, "group_id"), k -> new TreeSet<>()).add(rs.getString("source"));
                }
            }
        }
        return out;
    }

    /** Replaces the rule-made membership of one device with {@code groups}. */
    static void replaceRuleGroupsOf(Connection c, UUID device, Collection<UUID> groups, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM group_devices WHERE device_id = ? AND source = 'rule'")) {
            ps.setObject(1, device);
            ps.executeUpdate();
        }
        for (UUID g : groups) {
            addDevices(c, g, List.of(device), "rule", now);
        }
    }

    /** Replaces the rule-made members of one group. */
    static void replaceRuleMembers(Connection c, UUID group, Collection<UUID> devices, Collection<String> assets,
                                   Instant now) throws SQLException {
        for (String t : List.of("group_devices", "group_assets")) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + t + " WHERE group_id = ? AND source = 'rule'")) {
                ps.setObject(1, group);
                ps.executeUpdate();
            }
        }
        addDevices(c, group, devices, "rule", now);
        addAssets(c, group, assets, "rule", now);
    }

    static List<DeviceMember> devices(Connection c, UUID group, int limit) throws SQLException {
        Map<UUID, DeviceMember> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT gd.device_id, gd.source, d.hostname, d.serial_number, d.compliant FROM group_devices gd
                LEFT JOIN devices d ON d.id = gd.device_id WHERE gd.group_id = ? ORDER BY d.hostname, gd.device_id
                LIMIT ?""")) {
            ps.setObject(1, group);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    UUID id = Jdbc.getUuid(rs, "device_id");
                    out.computeIfAbsent(id, k -> {
                        try {
                            return new DeviceMember(id, rs.getString("hostname"), rs.getString("serial_number"),
                                    (Boolean) rs.getObject("compliant"), new TreeSet<>());
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    }).sources().add(rs.getString("source"));
                }
            }
        }
        return List.copyOf(out.values());
    }

    static List<AssetMember> assets(Connection c, UUID group, int limit) throws SQLException {
        Map<String, AssetMember> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT ga.asset_tag, ga.source, a.type, a.model FROM group_assets ga
                LEFT JOIN assets a ON a.tag = ga.asset_tag WHERE ga.group_id = ? ORDER BY ga.asset_tag LIMIT ?""")) {
            ps.setObject(1, group);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String tag = rs.getString("asset_tag");
                    String type = rs.getString("type");
                    String model = rs.getString("model");
                    out.computeIfAbsent(tag, k -> new AssetMember(tag, type, model, new TreeSet<>()))
                            .sources().add(rs.getString("source"));
                }
            }
        }
        return List.copyOf(out.values());
    }

    static GroupThresholds thresholds(String json) throws SQLException {
        try {
            return json == null || json.isBlank() ? GroupThresholds.NONE
                    : WireJson.mapper().readValue(json, GroupThresholds.class);
        } catch (JsonProcessingException e) {
            throw new SQLException("stored group overrides are not JSON", e);
        }
    }

    private static String json(GroupThresholds o) {
        try {
            return WireJson.mapper().writeValueAsString(o == null ? GroupThresholds.NONE : o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("four integers always serialise", e);
        }
    }
}
