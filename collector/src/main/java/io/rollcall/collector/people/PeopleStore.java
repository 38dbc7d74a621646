package io.rollcall.collector.people;

import io.rollcall.collector.db.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** SQL for staff. Every method runs on the caller's connection (its transaction). */
public final class PeopleStore {
    private PeopleStore() {
    }

    /** A person as listed, with how many items they hold now. */
    public record Listed(UUID id, String staffId, String name, String email, String department, String status,
                         LocalDate leftOn, int holding) {
    }

    public static Person byStaffId(Connection c, String staffId) throws SQLException {
        return one(c, "SELECT * FROM people WHERE LOWER(staff_id) = ?", staffId.toLowerCase(Locale.ROOT));
    }

    public static Person byId(Connection c, UUID id) throws SQLException {
        return one(c, "SELECT * FROM people WHERE id = ?", id);
    }

    public static void insert(Connection c, Person p, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO people (id, staff_id, name, email, department, status, left_on, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")) {
            ps.setObject(1, p.id());
            bindFields(ps, 2, p);
            Jdbc.setInstant(ps, 8, at);
            ps.executeUpdate();
        }
    }

    public static void update(Connection c, Person p, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE people SET staff_id = ?, name = ?, email = ?, department = ?, status = ?, left_on = ?, updated_at = ?
                WHERE id = ?""")) {
            bindFields(ps, 1, p);
            Jdbc.setInstant(ps, 7, at);
            ps.setObject(8, p.id());
            ps.executeUpdate();
        }
    }

    /**
     * @param status   {@code active}, {@code leaver} or {@code null} for both
     * @param holdsKit {@code true}: only people with an open loan; {@code false}: only people without
     */
    public static List<Listed> list(Connection c, String status, Boolean holdsKit, String q, int limit, int offset)
            throws SQLException {
        StringBuilder sql = new StringBuilder("""
                SELECT p.*, (SELECT COUNT(*) FROM loans l WHERE l.person_id = p.id AND l.closed_at IS NULL) AS holding
                FROM people p WHERE 1 = 1""");
        List<Object> args = new ArrayList<>();
        if (status != null) {
            sql.append(" AND p.status = ?");
            args.add(status);
        }
        if (holdsKit != null) {
            sql.append(holdsKit ? " AND" : " AND NOT").append(
                    " EXISTS (SELECT 1 FROM loans l WHERE l.person_id = p.id AND l.closed_at IS NULL)");
        }
        if (q != null) {
            sql.append(" AND (LOWER(p.name) LIKE ? OR LOWER(p.staff_id) LIKE ? OR LOWER(p.email) LIKE ?)");
            String like = "%" + q.toLowerCase(Locale.ROOT).replace("%", "\\%").replace("_", "\\_") + "%";
            args.add(like);
            args.add(like);
            args.add(like);
        }
        sql.append(" ORDER BY p.name, p.staff_id LIMIT ? OFFSET ?");
        args.add(limit);
        args.add(offset);
        List<Listed> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            Jdbc.bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Person p = person(rs);
                    out.add(new Listed(p.id(), p.staffId(), p.name(), p.email(), p.department(), p.status(), p.leftOn(),
                            rs.getInt("holding")));
                }
            }
        }
        return out;
    }

    private static void bindFields(PreparedStatement ps, int from, Person p) throws SQLException {
        ps.setString(from, p.staffId());
        ps.setString(from + 1, p.name());
        ps.setString(from + 2, p.email());
        ps.setString(from + 3, p.department());
        ps.setString(from + 4, p.status());
        ps.setObject(from + 5, p.leftOn());
    }

    private static Person one(Connection c, String sql, Object arg) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? person(rs) : null;
            }
        }
    }

    static Person person(ResultSet rs) throws SQLException {
        return new Person(Jdbc.getUuid(rs, "id"), rs.getString("staff_id"), rs.getString("name"), rs.getString("email"),
                rs.getString("department"), rs.getString("status"), rs.getObject("left_on", LocalDate.class));
    }
}
