package io.rollcall.collector.assets;

import io.rollcall.collector.db.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** SQL for the register and its history. Every method runs on the caller's connection (its transaction). */
public final class AssetStore {
    private AssetStore() {
    }

    public static void insert(Connection c, Asset a) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO assets (tag, type, make, model, serial, purchased_on, cost, status, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            ps.setString(1, a.tag());
            ps.setString(2, a.type());
            ps.setString(3, a.make());
            ps.setString(4, a.model());
            ps.setString(5, a.serial());
            ps.setObject(6, a.purchasedOn());
            ps.setBigDecimal(7, a.cost());
            ps.setString(8, a.status());
            Jdbc.setInstant(ps, 9, a.createdAt());
            Jdbc.setInstant(ps, 10, a.updatedAt());
            ps.executeUpdate();
        }
    }

    public static Asset get(Connection c, String tag) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM assets WHERE tag = ?")) {
            ps.setString(1, tag);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? asset(rs) : null;
            }
        }
    }

    /**
     * Moves the asset from {@code from} to {@code to} only if it is in {@code from} now, and records the
     * change. {@code false} (and nothing written) when the asset is not in {@code from}.
     */
    public static boolean changeStatus(Connection c, String tag, String from, String to, String actor, String note,
                                       Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE assets SET status = ?, updated_at = ? WHERE tag = ? AND status = ?")) {
            ps.setString(1, to);
            Jdbc.setInstant(ps, 2, at);
            ps.setString(3, tag);
            ps.setString(4, from);
            if (ps.executeUpdate() == 0) {
                return false;
            }
        }
        history(c, tag, from, to, actor, note, at);
        return true;
    }

    public static void history(Connection c, String tag, String from, String to, String actor, String note,
                               Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO asset_history (id, tag, at, actor, from_status, to_status, note) VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
            ps.setObject(1, UUID.randomUUID());
            ps.setString(2, tag);
            Jdbc.setInstant(ps, 3, at);
            ps.setString(4, actor);
            ps.setString(5, from);
            ps.setString(6, to);
            ps.setString(7, note);
            ps.executeUpdate();
        }
    }

    public static List<Asset.Change> history(Connection c, String tag) throws SQLException {
        List<Asset.Change> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM asset_history WHERE tag = ? ORDER BY at, seq")) {
            ps.setString(1, tag);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Asset.Change(Jdbc.getInstant(rs, "at"), rs.getString("actor"), rs.getString("from_status"),
                            rs.getString("to_status"), rs.getString("note")));
                }
            }
        }
        return out;
    }

    public static List<Asset> list(Connection c, String status, String type, String q, int limit, int offset)
            throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT * FROM assets WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (status != null) {
            sql.append(" AND status = ?");
            args.add(status);
        }
        if (type != null) {
            sql.append(" AND type = ?");
            args.add(type);
        }
        if (q != null) {
            sql.append(" AND (LOWER(tag) LIKE ? OR LOWER(serial) LIKE ? OR LOWER(model) LIKE ?)");
            String like = "%" + q.toLowerCase(Locale.ROOT).replace("%", "\\%").replace("_", "\\_") + "%";
            args.add(like);
            args.add(like);
            args.add(like);
        }
        sql.append(" ORDER BY tag LIMIT ? OFFSET ?");
        args.add(limit);
        args.add(offset);
        List<Asset> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            Jdbc.bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(asset(rs));
                }
            }
        }
        return out;
    }

    /**
     * The enrolled device linked to an asset with this serial number, or {@code null}: the first device enrolled with
     * it. A later device claiming the same serial (a copied identity, or a replaced board) never takes the link over;
     * {@link #link} shows the conflict.
     */
    public static Asset.LinkedDevice linkedDevice(Connection c, String serial) throws SQLException {
        return link(c, serial).device();
    }

    /** The linked device and, when more than one enrolled device claims the serial, all of them (first enrolled first). */
    public record SerialLink(Asset.LinkedDevice device, List<UUID> claimants) {
        /** Device ids claiming the serial when there is more than one; empty otherwise. */
        public List<UUID> conflict() {
            return claimants.size() > 1 ? claimants : List.of();
        }
    }

    /** At most this many claimants are listed; a conflict of more is still a conflict. */
    static final int MAX_CLAIMANTS = 20;

    public static SerialLink link(Connection c, String serial) throws SQLException {
        if (serial == null) {
            return new SerialLink(null, List.of());
        }
        Asset.LinkedDevice first = null;
        List<UUID> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT id, hostname, last_seen_at, compliant, open_findings FROM devices WHERE serial_number = ?
                ORDER BY enrolled_at, id LIMIT ?""")) {
            ps.setString(1, serial);
            ps.setInt(2, MAX_CLAIMANTS);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (first == null) {
                        first = new Asset.LinkedDevice(Jdbc.getUuid(rs, "id"), rs.getString("hostname"),
                                Jdbc.getInstant(rs, "last_seen_at"), (Boolean) rs.getObject("compliant"),
                                rs.getInt("open_findings"));
                    }
                    ids.add(Jdbc.getUuid(rs, "id"));
                }
            }
        }
        return new SerialLink(first, List.copyOf(ids));
    }

    /** The open loan of an asset, as the register shows it. */
    public record CurrentLoan(UUID loanId, UUID personId, String staffId, String name, Instant outAt, Instant dueAt) {
    }

    public static CurrentLoan currentLoan(Connection c, String tag) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT l.id, l.person_id, p.staff_id, p.name, l.out_at, l.due_at FROM loans l
                JOIN people p ON p.id = l.person_id WHERE l.open_tag = ?""")) {
            ps.setString(1, tag);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new CurrentLoan(Jdbc.getUuid(rs, "id"), Jdbc.getUuid(rs, "person_id"),
                        rs.getString("staff_id"), rs.getString("name"), Jdbc.getInstant(rs, "out_at"),
                        Jdbc.getInstant(rs, "due_at")) : null;
            }
        }
    }

    static Asset asset(ResultSet rs) throws SQLException {
        return new Asset(rs.getString("tag"), rs.getString("type"), rs.getString("make"), rs.getString("model"),
                rs.getString("serial"), rs.getObject("purchased_on", java.time.LocalDate.class),
                rs.getBigDecimal("cost"), rs.getString("status"), Jdbc.getInstant(rs, "created_at"),
                Jdbc.getInstant(rs, "updated_at"));
    }
}
