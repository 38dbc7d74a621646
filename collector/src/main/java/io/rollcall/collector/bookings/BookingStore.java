package io.rollcall.collector.bookings;

import io.rollcall.collector.db.Jdbc;
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
import java.util.UUID;

/** SQL for bookings, their items, and the sets and batches they read and write. Runs on the caller's connection. */
public final class BookingStore {
    private static final String SELECT = """
            SELECT b.*, p.staff_id, p.name AS person_name, p.email AS person_email, s.name AS set_name
            FROM bookings b JOIN people p ON p.id = b.person_id LEFT JOIN asset_sets s ON s.id = b.set_id""";

    private BookingStore() {
    }

    /** Locks the rows of the assets that exist among {@code tags} until the transaction ends; returns those tags. */
    public static List<String> lockAssets(Connection c, Collection<String> tags) throws SQLException {
        List<String> sorted = tags.stream().sorted().distinct().toList();
        // a fixed order (by tag) so two transactions locking overlapping sets never wait on each other in a cycle
        List<String> found = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT tag FROM assets WHERE tag IN (" + marks(sorted.size())
                + ") ORDER BY tag FOR UPDATE")) {
            Jdbc.bind(ps, new ArrayList<>(sorted));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
            }
        }
        return found;
    }

    /**
     * What holds any of {@code tags} during [{@code from}, {@code until}): booked bookings overlapping it (other than
     * {@code except}), and open loans not due back before {@code from} (an open loan is out at least until now).
     */
    public static List<Booking.Clash> clashes(Connection c, Collection<String> tags, Instant from, Instant until,
                                              UUID except, Instant now) throws SQLException {
        List<Booking.Clash> out = new ArrayList<>();
        List<Object> args = new ArrayList<>(tags);
        args.add(until);
        args.add(from);
        args.add(except == null ? new UUID(0, 0) : except);
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT i.asset_tag, b.id, p.staff_id, p.name, b.starts_at, b.ends_at
                FROM booking_items i JOIN bookings b ON b.id = i.booking_id JOIN people p ON p.id = b.person_id
                WHERE i.asset_tag IN (""" + marks(tags.size()) + """
                ) AND i.starts_at < ? AND i.ends_at > ? AND b.status = 'booked' AND b.id <> ?
                ORDER BY i.starts_at, i.asset_tag""")) {
            Jdbc.bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Booking.Clash(rs.getString(1), "booking", Jdbc.getUuid(rs, "id"), rs.getString(3),
                            rs.getString(4), Jdbc.getInstant(rs, "starts_at"), Jdbc.getInstant(rs, "ends_at")));
                }
            }
        }
        // an open loan holds its asset until it is due back, and an overdue one at least until now: any range that
        // starts before now clashes with every open loan of the asset
        List<Object> largs = new ArrayList<>(tags);
        largs.add(from.isBefore(now) ? Instant.EPOCH : from);
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT l.asset_tag, l.id, p.staff_id, p.name, l.out_at, l.due_at
                FROM loans l JOIN people p ON p.id = l.person_id
                WHERE l.open_tag IN (""" + marks(tags.size()) + ") AND l.due_at > ? ORDER BY l.asset_tag")) {
            Jdbc.bind(ps, largs);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Booking.Clash(rs.getString(1), "loan", Jdbc.getUuid(rs, "id"), rs.getString(3),
                            rs.getString(4), Jdbc.getInstant(rs, "out_at"), Jdbc.getInstant(rs, "due_at")));
                }
            }
        }
        return out;
    }

    public static void insert(Connection c, Booking b) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO bookings (id, person_id, set_id, starts_at, ends_at, note, status, created_at, created_by)
                VALUES (?, ?, ?, ?, ?, ?, 'booked', ?, ?)""")) {
            ps.setObject(1, b.id());
            ps.setObject(2, b.personId());
            ps.setObject(3, b.setId());
            Jdbc.setInstant(ps, 4, b.startsAt());
            Jdbc.setInstant(ps, 5, b.endsAt());
            ps.setString(6, b.note());
            Jdbc.setInstant(ps, 7, b.createdAt());
            ps.setString(8, b.createdBy());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO booking_items (booking_id, asset_tag, starts_at, ends_at) VALUES (?, ?, ?, ?)")) {
            for (String tag : b.assetTags()) {
                ps.setObject(1, b.id());
                ps.setString(2, tag);
                Jdbc.setInstant(ps, 3, b.startsAt());
                Jdbc.setInstant(ps, 4, b.endsAt());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The booking, locked for update when {@code lock}; {@code null} if there is none. */
    public static Booking get(Connection c, UUID id, boolean lock) throws SQLException {
        if (lock) {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM bookings WHERE id = ? FOR UPDATE")) {
                ps.setObject(1, id);
                ps.executeQuery().close();
            }
        }
        List<Booking> l = query(c, SELECT + " WHERE b.id = ?", List.<Object>of(id));
        return l.isEmpty() ? null : l.get(0);
    }

    /**
     * Bookings overlapping [from, until) in {@code statuses}, optionally only those holding one of {@code tags} or made
     * by {@code person}; by start.
     */
    public static List<Booking> list(Connection c, List<String> statuses, Instant from, Instant until,
                                     Collection<String> tags, UUID person, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder(SELECT).append(" WHERE b.status IN (").append(marks(statuses.size()))
                .append(") AND b.starts_at < ? AND b.ends_at > ?");
        List<Object> args = new ArrayList<>(statuses);
        args.add(until);
        args.add(from);
        if (tags != null) {
            if (tags.isEmpty()) {
                return List.of();
            }
            sql.append(" AND b.id IN (SELECT booking_id FROM booking_items WHERE asset_tag IN (")
                    .append(marks(tags.size())).append("))");
            args.addAll(tags);
        }
        if (person != null) {
            sql.append(" AND b.person_id = ?");
            args.add(person);
        }
        sql.append(" ORDER BY b.starts_at, b.id LIMIT ?");
        args.add(limit);
        return query(c, sql.toString(), args);
    }

    /** Booked bookings whose start is within [from, until) and whose pick-up reminder has not been claimed. */
    public static List<Booking> pickupDue(Connection c, Instant from, Instant until) throws SQLException {
        return query(c, SELECT + " WHERE b.status = 'booked' AND b.starts_at >= ? AND b.starts_at < ?"
                + " AND b.pickup_reminded_at IS NULL ORDER BY b.starts_at LIMIT 1000", List.<Object>of(from, until));
    }

    /** Collected bookings ending within [from, until) with a loan still open and no return reminder claimed. */
    public static List<Booking> returnDue(Connection c, Instant from, Instant until) throws SQLException {
        return query(c, SELECT + " WHERE b.status = 'collected' AND b.ends_at >= ? AND b.ends_at < ?"
                + " AND b.return_reminded_at IS NULL AND EXISTS (SELECT 1 FROM loans l WHERE l.closed_at IS NULL"
                + " AND (l.id = b.loan_id OR l.batch_id = b.batch_id)) ORDER BY b.ends_at LIMIT 1000", List.<Object>of(from, until));
    }

    /** Claims a reminder ({@code pickup} or {@code return}) once, cluster-wide: false if someone claimed it first. */
    public static boolean claimReminder(Connection c, UUID id, String which, Instant at) throws SQLException {
        String col = which.equals("pickup") ? "pickup_reminded_at" : "return_reminded_at";
        try (PreparedStatement ps = c.prepareStatement("UPDATE bookings SET " + col + " = ? WHERE id = ? AND " + col + " IS NULL")) {
            Jdbc.setInstant(ps, 1, at);
            ps.setObject(2, id);
            return ps.executeUpdate() == 1;
        }
    }

    /** Gives a claimed reminder back after its mail failed, so a later run sends it. */
    public static void unclaimReminder(Connection c, UUID id, String which) throws SQLException {
        String col = which.equals("pickup") ? "pickup_reminded_at" : "return_reminded_at";
        try (PreparedStatement ps = c.prepareStatement("UPDATE bookings SET " + col + " = NULL WHERE id = ?")) {
            ps.setObject(1, id);
            ps.executeUpdate();
        }
    }

    /** Moves a booked booking to {@code status}; false if it was no longer booked. */
    public static boolean close(Connection c, UUID id, String status, Instant at, String by, UUID batchId, UUID loanId)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE bookings SET status = ?, closed_at = ?, closed_by = ?, batch_id = ?, loan_id = ?
                WHERE id = ? AND status = 'booked'""")) {
            ps.setString(1, status);
            Jdbc.setInstant(ps, 2, at);
            ps.setString(3, by);
            ps.setObject(4, batchId);
            ps.setObject(5, loanId);
            ps.setObject(6, id);
            return ps.executeUpdate() == 1;
        }
    }

    /** A set's name, or {@code null} if there is no such set. */
    public static String setName(Connection c, UUID setId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT name FROM asset_sets WHERE id = ?")) {
            ps.setObject(1, setId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** The sets, id → name, by name. */
    public static Map<UUID, String> sets(Connection c) throws SQLException {
        Map<UUID, String> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, name FROM asset_sets ORDER BY name LIMIT 1000");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(Jdbc.getUuid(rs, "id"), rs.getString("name"));
            }
        }
        return out;
    }

    public static void setLoanBatch(Connection c, UUID loanId, UUID batchId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE loans SET batch_id = ? WHERE id = ?")) {
            ps.setObject(1, batchId);
            ps.setObject(2, loanId);
            ps.executeUpdate();
        }
    }

    /** The loans a collected booking made: its loan, or its batch's loans, in tag order. */
    public static List<UUID> loans(Connection c, UUID loanId, UUID batchId) throws SQLException {
        List<UUID> out = new ArrayList<>();
        if (loanId == null && batchId == null) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM loans WHERE "
                + (batchId != null ? "batch_id" : "id") + " = ? ORDER BY asset_tag")) {
            ps.setObject(1, batchId != null ? batchId : loanId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(Jdbc.getUuid(rs, "id"));
                }
            }
        }
        return out;
    }

    private static List<Booking> query(Connection c, String sql, List<Object> args) throws SQLException {
        List<Booking> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Jdbc.bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Booking(Jdbc.getUuid(rs, "id"), Jdbc.getUuid(rs, "person_id"), rs.getString("staff_id"),
                            rs.getString("person_name"), rs.getString("person_email"), Jdbc.getUuid(rs, "set_id"),
                            rs.getString("set_name"), Jdbc.getInstant(rs, "starts_at"), Jdbc.getInstant(rs, "ends_at"),
                            rs.getString("note"), rs.getString("status"), Jdbc.getInstant(rs, "created_at"),
                            rs.getString("created_by"), Jdbc.getInstant(rs, "closed_at"), rs.getString("closed_by"),
                            Jdbc.getUuid(rs, "batch_id"), Jdbc.getUuid(rs, "loan_id"), List.of()));
                }
            }
        }
        for (int i = 0; i < out.size(); i++) {
            out.set(i, out.get(i).withAssets(items(c, out.get(i).id())));
        }
        return out;
    }

    private static List<String> items(Connection c, UUID bookingId) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT asset_tag FROM booking_items WHERE booking_id = ? ORDER BY asset_tag")) {
            ps.setObject(1, bookingId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    static String marks(int n) {
        return String.join(", ", java.util.Collections.nCopies(Math.max(1, n), "?"));
    }
}
