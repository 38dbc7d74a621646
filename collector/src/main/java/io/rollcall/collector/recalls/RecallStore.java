package io.rollcall.collector.recalls;

import io.rollcall.collector.db.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** SQL for recalls. Every method runs inside the caller's connection (a transaction or a read). */
final class RecallStore {
    private RecallStore() {
    }

    private static final String ITEMS = """
            SELECT l.id, l.asset_tag, a.type, a.make, a.model, a.serial, l.person_id, p.staff_id, p.name, p.email,
              p.department, l.out_at, l.closed_at, l.closed_reason,
              CASE WHEN a.type IN ('laptop', 'tablet') THEN (SELECT d.last_seen_at FROM devices d
                WHERE d.serial_number = a.serial ORDER BY d.enrolled_at, d.id LIMIT 1) END AS device_seen,
              CASE WHEN a.type IN ('laptop', 'tablet') THEN (SELECT d.hostname FROM devices d
                WHERE d.serial_number = a.serial ORDER BY d.enrolled_at, d.id LIMIT 1) END AS device_host,
              (SELECT COUNT(*) FROM recall_reminders r WHERE r.recall_id = rl.recall_id AND r.loan_id = l.id) AS reminders,
              (SELECT MAX(r.sent_at) FROM recall_reminders r WHERE r.recall_id = rl.recall_id AND r.loan_id = l.id)
                AS last_reminder
            FROM recall_loans rl JOIN loans l ON l.id = rl.loan_id JOIN assets a ON a.tag = l.asset_tag
            JOIN people p ON p.id = l.person_id
            WHERE rl.recall_id = ?""";

    static void insert(Connection c, Recall r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO recalls (id, title, scope_kind, scope_value, scope_label, due_at, head_email, remind_before,
                  remind_after, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            ps.setObject(1, r.id());
            ps.setString(2, r.title());
            ps.setString(3, r.scope());
            ps.setString(4, r.scopeValue());
            ps.setString(5, r.scopeLabel());
            Jdbc.setInstant(ps, 6, r.dueAt());
            ps.setString(7, r.headEmail());
            ps.setString(8, days(r.remindBefore()));
            ps.setString(9, days(r.remindAfter()));
            Jdbc.setInstant(ps, 10, r.createdAt());
            ps.setString(11, r.createdBy());
            ps.executeUpdate();
        }
    }

    /**
     * Fixes the recall's scope: every loan open now whose borrower is in the department, whose asset is in the set,
     * or every open loan. Returns how many loans it covers.
     */
    static int fixScope(Connection c, UUID recall, String scope, String value) throws SQLException {
        String where = switch (scope) {
            case "department" -> " AND LOWER(p.department) = LOWER(?)";
            case "set" -> " AND l.asset_tag IN (SELECT m.asset_tag FROM asset_set_members m WHERE m.set_id = ?)";
            default -> "";
        };
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO recall_loans (recall_id, loan_id) SELECT ?, l.id "
                + "FROM loans l JOIN people p ON p.id = l.person_id WHERE l.closed_at IS NULL" + where)) {
            ps.setObject(1, recall);
            if (scope.equals("department")) {
                ps.setString(2, value);
            } else if (scope.equals("set")) {
                ps.setObject(2, UUID.fromString(value));
            }
            return ps.executeUpdate();
        }
    }

    /** Departments of people holding open loans, for the form and for a helpful refusal. */
    static List<String> departmentsWithLoansOut(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT DISTINCT p.department FROM loans l JOIN people p ON p.id = l.person_id
                WHERE l.closed_at IS NULL AND p.department IS NOT NULL ORDER BY p.department LIMIT 200""");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** The sets (id, name), for the form. */
    static List<String[]> sets(Connection c) throws SQLException {
        List<String[]> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, name FROM asset_sets ORDER BY name LIMIT 500");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new String[] {rs.getString("id"), rs.getString("name")});
            }
        }
        return out;
    }

    static String setName(Connection c, UUID set) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT name FROM asset_sets WHERE id = ?")) {
            ps.setObject(1, set);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    static Recall byId(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM recalls WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? recall(rs) : null;
            }
        }
    }

    /** Recalls newest deadline first, with their counts. */
    static List<Recall.Summary> list(Connection c, int limit) throws SQLException {
        List<Recall.Summary> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT r.*, (SELECT COUNT(*) FROM recall_loans rl WHERE rl.recall_id = r.id) AS total,
                  (SELECT COUNT(*) FROM recall_loans rl JOIN loans l ON l.id = rl.loan_id
                    WHERE rl.recall_id = r.id AND l.closed_reason = 'returned') AS back,
                  (SELECT COUNT(*) FROM recall_loans rl JOIN loans l ON l.id = rl.loan_id
                    WHERE rl.recall_id = r.id AND l.closed_at IS NULL) AS still_out
                FROM recalls r ORDER BY r.due_at DESC, r.id LIMIT ?""")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int total = rs.getInt("total");
                    int back = rs.getInt("back");
                    int stillOut = rs.getInt("still_out");
                    out.add(new Recall.Summary(recall(rs), total, back, total - back - stillOut, stillOut));
                }
            }
        }
        return out;
    }

    /** Recalls whose reminders or head's list may still be due at {@code now}: deadline within the last 61 days. */
    static List<Recall> active(Connection c, Instant since) throws SQLException {
        List<Recall> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT * FROM recalls WHERE due_at >= ? OR head_sent_at IS NULL ORDER BY due_at, id")) {
            Jdbc.setInstant(ps, 1, since);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(recall(rs));
                }
            }
        }
        return out;
    }

    /** Every loan the recall covers, borrowers by name. */
    static List<Recall.Item> items(Connection c, UUID recall) throws SQLException {
        List<Recall.Item> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(ITEMS + " ORDER BY p.name, p.id, l.asset_tag")) {
            ps.setObject(1, recall);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Recall.Item(Jdbc.getUuid(rs, "id"), rs.getString("asset_tag"), rs.getString("type"),
                            rs.getString("make"), rs.getString("model"), rs.getString("serial"),
                            Jdbc.getUuid(rs, "person_id"), rs.getString("staff_id"), rs.getString("name"),
                            rs.getString("email"), rs.getString("department"), Jdbc.getInstant(rs, "out_at"),
                            Jdbc.getInstant(rs, "closed_at"), rs.getString("closed_reason"),
                            Jdbc.getInstant(rs, "device_seen"), rs.getString("device_host"), rs.getInt("reminders"),
                            Jdbc.getInstant(rs, "last_reminder")));
                }
            }
        }
        return out;
    }

    /** Claims one reminder: true when this call inserted it (no node sent it before). */
    static boolean claimReminder(Connection c, UUID recall, UUID loan, int stage, Instant now, String to)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO recall_reminders (recall_id, loan_id, stage, sent_at, sent_to) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING""")) {
            ps.setObject(1, recall);
            ps.setObject(2, loan);
            ps.setInt(3, stage);
            Jdbc.setInstant(ps, 4, now);
            ps.setString(5, to);
            return ps.executeUpdate() == 1;
        }
    }

    /** Gives a claim back after the mail could not be sent, so a later sweep tries again. */
    static void releaseReminder(Connection c, UUID recall, UUID loan, int stage) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM recall_reminders WHERE recall_id = ? AND loan_id = ? AND stage = ?")) {
            ps.setObject(1, recall);
            ps.setObject(2, loan);
            ps.setInt(3, stage);
            ps.executeUpdate();
        }
    }

    /** Claims the head's list: true for the one call that set {@code head_sent_at}; {@code now} null gives it back. */
    static boolean markHeadSent(Connection c, UUID recall, Instant now) throws SQLException {
        String sql = now == null ? "UPDATE recalls SET head_sent_at = NULL WHERE id = ?"
                : "UPDATE recalls SET head_sent_at = ? WHERE id = ? AND head_sent_at IS NULL";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (now != null) {
                Jdbc.setInstant(ps, i++, now);
            }
            ps.setObject(i, recall);
            return ps.executeUpdate() == 1;
        }
    }

    private static Recall recall(ResultSet rs) throws SQLException {
        return new Recall(Jdbc.getUuid(rs, "id"), rs.getString("title"), rs.getString("scope_kind"),
                rs.getString("scope_value"), rs.getString("scope_label"), Jdbc.getInstant(rs, "due_at"),
                rs.getString("head_email"), parseDays(rs.getString("remind_before")),
                parseDays(rs.getString("remind_after")), Jdbc.getInstant(rs, "created_at"), rs.getString("created_by"),
                Jdbc.getInstant(rs, "head_sent_at"));
    }

    static String days(List<Integer> days) {
        return String.join(",", days.stream().map(String::valueOf).toList());
    }

    static List<Integer> parseDays(String s) {
        if (s == null || s.isBlank()) {
            return List.of();
        }
        return Arrays.stream(s.split(",")).map(String::strip).map(Integer::valueOf).toList();
    }
}
