package io.rollcall.collector.sets;

import io.rollcall.collector.db.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** SQL for asset sets and their members. Every method runs on the caller's connection (its transaction). */
public final class SetStore {
    private SetStore() {
    }

    /** A set with how many members it has and how many of them are out now. */
    public record Listed(AssetSet set, int members, int out) {
    }

    public static void insert(Connection c, AssetSet s) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO asset_sets (id, name, kind, location, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)""")) {
            ps.setObject(1, s.id());
            ps.setString(2, s.name());
            ps.setString(3, s.kind());
            ps.setString(4, s.location());
            Jdbc.setInstant(ps, 5, s.createdAt());
            Jdbc.setInstant(ps, 6, s.updatedAt());
            ps.executeUpdate();
        }
    }

    public static boolean update(Connection c, UUID id, String name, String kind, String location, Instant at)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE asset_sets SET name = ?, kind = ?, location = ?, updated_at = ? WHERE id = ?")) {
            ps.setString(1, name);
            ps.setString(2, kind);
            ps.setString(3, location);
            Jdbc.setInstant(ps, 4, at);
            ps.setObject(5, id);
            return ps.executeUpdate() == 1;
        }
    }

    public static AssetSet get(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM asset_sets WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? set(rs) : null;
            }
        }
    }

    public static AssetSet byName(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM asset_sets WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? set(rs) : null;
            }
        }
    }

    public static List<Listed> list(Connection c, int limit, int offset) throws SQLException {
        List<Listed> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT s.*, (SELECT COUNT(*) FROM asset_set_members m WHERE m.set_id = s.id) AS members,
                  (SELECT COUNT(*) FROM asset_set_members m JOIN loans l ON l.open_tag = m.asset_tag
                   WHERE m.set_id = s.id) AS out_now
                FROM asset_sets s ORDER BY s.name LIMIT ? OFFSET ?""")) {
            ps.setInt(1, limit);
            ps.setInt(2, offset);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Listed(set(rs), rs.getInt("members"), rs.getInt("out_now")));
                }
            }
        }
        return out;
    }

    /** Deletes the set and its memberships; the assets themselves stay in the register. */
    public static void delete(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM asset_set_members WHERE set_id = ?")) {
            ps.setObject(1, id);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM asset_sets WHERE id = ?")) {
            ps.setObject(1, id);
            ps.executeUpdate();
        }
    }

    /** Whether any batch of loans was made from this set (its history keeps the set). */
    public static boolean hasBatches(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM loan_batches WHERE set_id = ? LIMIT 1")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The member tags of a set, in tag order. */
    public static List<String> members(Connection c, UUID id) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT asset_tag FROM asset_set_members WHERE set_id = ? ORDER BY asset_tag")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** The set an asset belongs to, or {@code null}. */
    public static AssetSet setOf(Connection c, String tag) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT s.* FROM asset_sets s JOIN asset_set_members m ON m.set_id = s.id WHERE m.asset_tag = ?")) {
            ps.setString(1, tag);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? set(rs) : null;
            }
        }
    }

    public static void addMember(Connection c, UUID id, String tag, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO asset_set_members (set_id, asset_tag, added_at) VALUES (?, ?, ?)")) {
            ps.setObject(1, id);
            ps.setString(2, tag);
            Jdbc.setInstant(ps, 3, at);
            ps.executeUpdate();
        }
    }

    public static boolean removeMember(Connection c, UUID id, String tag) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM asset_set_members WHERE set_id = ? AND asset_tag = ?")) {
            ps.setObject(1, id);
            ps.setString(2, tag);
            return ps.executeUpdate() == 1;
        }
    }

    /** The most recent batch of loans made from this set, or {@code null}. */
    public static UUID latestBatch(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id FROM loan_batches WHERE set_id = ? ORDER BY created_at DESC, id LIMIT 1")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Jdbc.getUuid(rs, "id") : null;
            }
        }
    }

    static AssetSet set(ResultSet rs) throws SQLException {
        return new AssetSet(Jdbc.getUuid(rs, "id"), rs.getString("name"), rs.getString("kind"), rs.getString("location"),
                Jdbc.getInstant(rs, "created_at"), Jdbc.getInstant(rs, "updated_at"));
    }
}
