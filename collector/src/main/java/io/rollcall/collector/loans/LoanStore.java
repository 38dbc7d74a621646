package io.rollcall.collector.loans;

import io.rollcall.collector.db.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** SQL for loans and loan terms. Every method runs on the caller's connection (its transaction). */
public final class LoanStore {
    private static final String SELECT = """
            SELECT l.*, a.type AS asset_type, a.make, a.model, a.serial, p.staff_id, p.name AS borrower_name,
                   p.email AS borrower_email, p.status AS borrower_status
            FROM loans l JOIN assets a ON a.tag = l.asset_tag JOIN people p ON p.id = l.person_id""";

    private LoanStore() {
    }

    /** A version of the loan terms. */
    public record Terms(UUID id, String text, String sha256, Instant createdAt, String createdBy) {
    }

    /** Which loans a list shows. */
    public enum Filter { ALL, OUT, OVERDUE, DUE_SOON, RETURNED, LOST, CLOSED }

    public static void insert(Connection c, UUID id, String tag, UUID personId, UUID termsId, Instant outAt,
                              Instant dueAt, String conditionOut, String lentBy) throws SQLException {
        insert(c, id, tag, personId, termsId, outAt, dueAt, conditionOut, lentBy, null);
    }

    /** A loan made as part of {@code batchId} (one run of scans at the desk, or a set), or on its own when null. */
    public static void insert(Connection c, UUID id, String tag, UUID personId, UUID termsId, Instant outAt,
                              Instant dueAt, String conditionOut, String lentBy, UUID batchId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO loans (id, asset_tag, person_id, terms_id, out_at, due_at, condition_out, lent_by, open_tag,
                  batch_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            ps.setObject(1, id);
            ps.setString(2, tag);
            ps.setObject(3, personId);
            ps.setObject(4, termsId);
            Jdbc.setInstant(ps, 5, outAt);
            Jdbc.setInstant(ps, 6, dueAt);
            ps.setString(7, conditionOut);
            ps.setString(8, lentBy);
            ps.setString(9, tag);
            ps.setObject(10, batchId);
            ps.executeUpdate();
        }
    }

    /** A batch of loans as stored: who it was for, the set it came from (or null), when and by whom. */
    public record Batch(UUID id, UUID personId, UUID setId, Instant createdAt, String createdBy) {
    }

    public static void insertBatch(Connection c, Batch b) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO loan_batches (id, person_id, set_id, created_at, created_by) VALUES (?, ?, ?, ?, ?)")) {
            ps.setObject(1, b.id());
            ps.setObject(2, b.personId());
            ps.setObject(3, b.setId());
            Jdbc.setInstant(ps, 4, b.createdAt());
            ps.setString(5, b.createdBy());
            ps.executeUpdate();
        }
    }

    public static Batch batch(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM loan_batches WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Batch(Jdbc.getUuid(rs, "id"), Jdbc.getUuid(rs, "person_id"),
                        Jdbc.getUuid(rs, "set_id"), Jdbc.getInstant(rs, "created_at"), rs.getString("created_by")) : null;
            }
        }
    }

    /** The loans of a batch, in tag order. */
    public static List<Loan> inBatch(Connection c, UUID batchId) throws SQLException {
        List<Loan> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE l.batch_id = ? ORDER BY l.asset_tag")) {
            ps.setObject(1, batchId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(loan(rs));
                }
            }
        }
        return out;
    }

    /** The open loan of an asset, or {@code null}. */
    public static Loan openByTag(Connection c, String tag) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE l.open_tag = ?")) {
            ps.setString(1, tag);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? loan(rs) : null;
            }
        }
    }

    /** The batch a loan was made in, or {@code null} for a loan made on its own. */
    public static UUID batchOf(Connection c, UUID loanId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT batch_id FROM loans WHERE id = ?")) {
            ps.setObject(1, loanId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Jdbc.getUuid(rs, "batch_id") : null;
            }
        }
    }

    public static Loan get(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE l.id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? loan(rs) : null;
            }
        }
    }

    /** Records the acknowledgement once; {@code false} if the loan was already acknowledged or is closed. */
    public static boolean acknowledge(Connection c, UUID id, String name, Instant at, String hash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE loans SET ack_name = ?, ack_at = ?, ack_hash = ? WHERE id = ? AND ack_at IS NULL AND closed_at IS NULL")) {
            ps.setString(1, name);
            Jdbc.setInstant(ps, 2, at);
            ps.setString(3, hash);
            ps.setObject(4, id);
            return ps.executeUpdate() == 1;
        }
    }

    /** Closes an open loan; {@code false} if it was closed already (by someone else, meanwhile). */
    public static boolean close(Connection c, UUID id, Instant at, String reason, String by, String conditionIn,
                                String receivedBy) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE loans SET closed_at = ?, closed_reason = ?, closed_by = ?, condition_in = ?, received_by = ?,
                  open_tag = NULL WHERE id = ? AND closed_at IS NULL""")) {
            Jdbc.setInstant(ps, 1, at);
            ps.setString(2, reason);
            ps.setString(3, by);
            ps.setString(4, conditionIn);
            ps.setString(5, receivedBy);
            ps.setObject(6, id);
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * @param now        the time "overdue" and "due soon" are judged at
     * @param soonUntil  the end of the "due soon" window
     * @param person     only this borrower's loans, or {@code null}
     */
    public static List<Loan> list(Connection c, Filter f, Instant now, Instant soonUntil, UUID person, String tag,
                                  int limit, int offset) throws SQLException {
        StringBuilder sql = new StringBuilder(SELECT).append(" WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        switch (f) {
            case OUT -> sql.append(" AND l.closed_at IS NULL");
            case OVERDUE -> {
                sql.append(" AND l.closed_at IS NULL AND l.due_at < ?");
                args.add(now);
            }
            case DUE_SOON -> {
                sql.append(" AND l.closed_at IS NULL AND l.due_at >= ? AND l.due_at < ?");
                args.add(now);
                args.add(soonUntil);
            }
            case RETURNED -> sql.append(" AND l.closed_reason = 'returned'");
            case LOST -> sql.append(" AND l.closed_reason IN ('lost', 'stolen')");
            case CLOSED -> sql.append(" AND l.closed_at IS NOT NULL");
            case ALL -> {
            }
        }
        if (person != null) {
            sql.append(" AND l.person_id = ?");
            args.add(person);
        }
        if (tag != null) {
            sql.append(" AND l.asset_tag = ?");
            args.add(tag);
        }
        sql.append(f == Filter.OVERDUE || f == Filter.DUE_SOON ? " ORDER BY l.due_at, l.id" : " ORDER BY l.out_at DESC, l.id");
        sql.append(" LIMIT ? OFFSET ?");
        args.add(limit);
        args.add(offset);
        List<Loan> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            Jdbc.bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(loan(rs));
                }
            }
        }
        return out;
    }

    /** The counts behind {@link LoanService#counts()}, in one query. */
    public static LoanService.Counts counts(Connection c, Instant now, Instant soonUntil) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT
                  (SELECT COUNT(*) FROM loans WHERE closed_at IS NULL),
                  (SELECT COUNT(*) FROM loans WHERE closed_at IS NULL AND due_at < ?),
                  (SELECT COUNT(*) FROM loans WHERE closed_at IS NULL AND due_at >= ? AND due_at < ?),
                  (SELECT COUNT(*) FROM people p WHERE p.status = 'leaver'
                     AND EXISTS (SELECT 1 FROM loans l WHERE l.person_id = p.id AND l.closed_at IS NULL))""")) {
            Jdbc.bind(ps, List.<Object>of(now, now, soonUntil));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new LoanService.Counts(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4));
            }
        }
    }

    public static Terms currentTerms(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM loan_terms ORDER BY created_at DESC, id DESC LIMIT 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? terms(rs) : null;
        }
    }

    public static Terms terms(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM loan_terms WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? terms(rs) : null;
            }
        }
    }

    public static void insertTerms(Connection c, Terms t) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO loan_terms (id, text, sha256, created_at, created_by) VALUES (?, ?, ?, ?, ?)")) {
            ps.setObject(1, t.id());
            ps.setString(2, t.text());
            ps.setString(3, t.sha256());
            Jdbc.setInstant(ps, 4, t.createdAt());
            ps.setString(5, t.createdBy());
            ps.executeUpdate();
        }
    }

    private static Terms terms(ResultSet rs) throws SQLException {
        return new Terms(Jdbc.getUuid(rs, "id"), rs.getString("text"), rs.getString("sha256"),
                Jdbc.getInstant(rs, "created_at"), rs.getString("created_by"));
    }

    static Loan loan(ResultSet rs) throws SQLException {
        return new Loan(Jdbc.getUuid(rs, "id"), rs.getString("asset_tag"), rs.getString("asset_type"), rs.getString("make"),
                rs.getString("model"), rs.getString("serial"), Jdbc.getUuid(rs, "person_id"), rs.getString("staff_id"),
                rs.getString("borrower_name"), rs.getString("borrower_email"), rs.getString("borrower_status"),
                Jdbc.getUuid(rs, "terms_id"), Jdbc.getInstant(rs, "out_at"), Jdbc.getInstant(rs, "due_at"),
                rs.getString("condition_out"), rs.getString("lent_by"), rs.getString("ack_name"),
                Jdbc.getInstant(rs, "ack_at"), rs.getString("ack_hash"), Jdbc.getInstant(rs, "closed_at"),
                rs.getString("closed_reason"), rs.getString("closed_by"), rs.getString("condition_in"),
                rs.getString("received_by"));
    }
}
