package io.rollcall.collector.licences;

import io.rollcall.collector.db.Database;
import io.rollcall.collector.db.Jdbc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Date;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** SQL for the licence register. Blocking. */
public final class LicenceStore {
    private final Database db;

    public LicenceStore(Database db) {
        this.db = db;
    }

    public void insert(Licence l) throws SQLException {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO licences (id, title_id, type, seats, valid_from, valid_to, supplier, reference,
                      created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                ps.setObject(1, l.id());
                ps.setString(2, l.title());
                ps.setString(3, l.type());
                ps.setInt(4, l.seats());
                ps.setDate(5, l.validFrom() == null ? null : Date.valueOf(l.validFrom()));
                ps.setDate(6, l.validTo() == null ? null : Date.valueOf(l.validTo()));
                ps.setString(7, l.supplier());
                ps.setString(8, l.reference());
                ps.setString(9, l.createdBy());
                Jdbc.setInstant(ps, 10, l.createdAt());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Deletes a licence; the title it was for, or {@code null} if there was none. */
    public String delete(UUID id) throws SQLException {
        return db.inTransaction(c -> {
            String title = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT title_id FROM licences WHERE id = ?")) {
                ps.setObject(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        title = rs.getString(1);
                    }
                }
            }
            if (title != null) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM licences WHERE id = ?")) {
                    ps.setObject(1, id);
                    ps.executeUpdate();
                }
            }
            return title;
        });
    }

    /** Licences, for one title or (null) all, by title then newest first. */
    public List<Licence> list(String titleId) throws SQLException {
        return db.read(c -> {
            List<Licence> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM licences"
                    + (titleId == null ? "" : " WHERE title_id = ?") + " ORDER BY title_id, created_at DESC, id LIMIT 5000")) {
                if (titleId != null) {
                    ps.setString(1, titleId);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Date from = rs.getDate("valid_from");
                        Date to = rs.getDate("valid_to");
                        out.add(new Licence(Jdbc.getUuid(rs, "id"), rs.getString("title_id"), rs.getString("type"),
                                rs.getInt("seats"), from == null ? null : from.toLocalDate(),
                                to == null ? null : to.toLocalDate(), rs.getString("supplier"),
                                rs.getString("reference"), rs.getString("created_by"), Jdbc.getInstant(rs, "created_at")));
                    }
                }
            }
            return out;
        });
    }

    /** How many devices hold each of {@code titleIds}, from the install index. */
    public Map<String, Integer> installs(List<String> titleIds) throws SQLException {
        return db.read(c -> {
            Map<String, Integer> out = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM software_held WHERE title_id = ?")) {
                for (String t : titleIds) {
                    ps.setString(1, t);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        out.put(t, rs.getInt(1));
                    }
                }
            }
            return out;
        });
    }
}
