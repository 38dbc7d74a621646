package io.rollcall.collector.media;

import io.rollcall.collector.db.Database;
import io.rollcall.collector.db.Jdbc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** SQL for approved removable media. Blocking. */
public final class MediaStore {
    private final Database db;

    public MediaStore(Database db) {
        this.db = db;
    }

    /** An approved medium as stored and shown. */
    public record Approved(UUID id, String serial, String vendorId, String productId, String description,
                           String createdBy, Instant createdAt) {
    }

    public List<Approved> list() throws SQLException {
        return db.read(c -> {
            List<Approved> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM approved_media ORDER BY created_at, id LIMIT 10000");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Approved(Jdbc.getUuid(rs, "id"), rs.getString("serial"), rs.getString("vendor_id"),
                            rs.getString("product_id"), rs.getString("description"), rs.getString("created_by"),
                            Jdbc.getInstant(rs, "created_at")));
                }
            }
            return out;
        });
    }

    public void insert(Approved a) throws SQLException {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO approved_media (id, serial, vendor_id, product_id, description, created_by, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
                ps.setObject(1, a.id());
                ps.setString(2, a.serial());
                ps.setString(3, a.vendorId());
                ps.setString(4, a.productId());
                ps.setString(5, a.description());
                ps.setString(6, a.createdBy());
                Jdbc.setInstant(ps, 7, a.createdAt());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Deletes an approval; the deleted row, or {@code null} if there was none. */
    public Approved delete(UUID id) throws SQLException {
        Approved found = list().stream().filter(a -> a.id().equals(id)).findFirst().orElse(null);
        if (found != null) {
            db.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM approved_media WHERE id = ?")) {
                    ps.setObject(1, id);
                    ps.executeUpdate();
                }
                return null;
            });
        }
        return found;
    }

    /**
     * Devices an approval of {@code a} may change: those with an open {@code media.unapproved} finding, those
     * with a finding (of any status) about a matching medium, and those with a connection event for one. A device
     * that only ever showed the medium as connected after it was approved is re-evaluated by its next report.
     */
    public Set<UUID> affectedDevices(Approved a) throws SQLException {
        return db.read(c -> {
            Set<UUID> out = new LinkedHashSet<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT DISTINCT device_id FROM findings WHERE rule = 'media.unapproved' AND status = 'open'");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(Jdbc.getUuid(rs, "device_id"));
                }
            }
            StringBuilder where = new StringBuilder(" WHERE 1 = 1");
            List<Object> args = new ArrayList<>();
            if (a.serial() != null) {
                where.append(" AND LOWER(serial) = LOWER(?)");
                args.add(a.serial());
            }
            if (a.vendorId() != null) {
                where.append(" AND LOWER(vendor_id) = LOWER(?)");
                args.add(a.vendorId());
            }
            if (a.productId() != null) {
                where.append(" AND LOWER(product_id) = LOWER(?)");
                args.add(a.productId());
            }
            // a finding's subject is the medium's identity key, vendorId:productId[:serial]: finds devices whose
            // finding an approval resolved, so removing the approval reopens it
            String key = a.serial() != null ? "%:" + a.serial().toLowerCase(java.util.Locale.ROOT)
                    : a.vendorId() + ":" + a.productId() + "%";
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT device_id FROM findings"
                    + " WHERE rule = 'media.unapproved' AND LOWER(subject) LIKE ?")) {
                ps.setString(1, key.replace("_", "\\_"));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(Jdbc.getUuid(rs, "device_id"));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT device_id FROM media_events" + where)) {
                Jdbc.bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(Jdbc.getUuid(rs, "device_id"));
                    }
                }
            }
            return out;
        });
    }
}
