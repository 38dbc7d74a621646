package io.rollcall.collector.acklinks;

import io.rollcall.collector.db.Jdbc;
import io.rollcall.collector.loans.Loan;
import io.rollcall.collector.loans.LoanStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** SQL for acknowledgement links. Runs on the caller's connection; the token itself is never stored, only its hash. */
public final class AckLinkStore {
    private AckLinkStore() {
    }

    /**
     * One link as stored. Exactly one of {@code loanId} and {@code batchId} is set.
     *
     * @param reason {@code lent}, {@code resend} or {@code chase}
     */
    public record Link(UUID id, UUID loanId, UUID batchId, UUID personId, String sentTo, String reason,
                       Instant createdAt, String createdBy, Instant expiresAt, Instant usedAt, Instant revokedAt) {
    }

    /** What a link covers: one loan, or every loan of a batch. */
    public record Target(UUID loanId, UUID batchId) {
        static Target of(UUID loanId, UUID batchId) {
            return batchId != null ? new Target(null, batchId) : new Target(loanId, null);
        }

        String where(String alias) {
            return loanId != null ? alias + "id = ?" : alias + "batch_id = ?";
        }

        UUID key() {
            return loanId != null ? loanId : batchId;
        }
    }

    public static void insert(Connection c, Link l, String tokenSha256) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO ack_links (id, token_sha256, loan_id, batch_id, person_id, sent_to, reason, created_at,
                  created_by, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            ps.setObject(1, l.id());
            ps.setString(2, tokenSha256);
            ps.setObject(3, l.loanId());
            ps.setObject(4, l.batchId());
            ps.setObject(5, l.personId());
            ps.setString(6, l.sentTo());
            ps.setString(7, l.reason());
            Jdbc.setInstant(ps, 8, l.createdAt());
            ps.setString(9, l.createdBy());
            Jdbc.setInstant(ps, 10, l.expiresAt());
            ps.executeUpdate();
        }
    }

    /** The link with this token hash, locked for update when {@code lock}; {@code null} if none. */
    public static Link byHash(Connection c, String sha256, boolean lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM ack_links WHERE token_sha256 = ?"
                + (lock ? " FOR UPDATE" : ""))) {
            ps.setString(1, sha256);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? link(rs) : null;
            }
        }
    }

    /** The newest link of a target, or {@code null}. */
    public static Link latest(Connection c, Target t) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM ack_links WHERE "
                + (t.loanId() != null ? "loan_id" : "batch_id") + " = ? ORDER BY seq DESC LIMIT 1")) {
            ps.setObject(1, t.key());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? link(rs) : null;
            }
        }
    }

    /**
     * Revokes every unused link of the target made before {@code keep}: a link sent later (a re-send racing the
     * automatic mail) stays the one that works.
     */
    public static int revokeOthers(Connection c, Target t, UUID keep, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE ack_links SET revoked_at = ? WHERE "
                + (t.loanId() != null ? "loan_id" : "batch_id") + " = ? AND seq < (SELECT k.seq FROM ack_links k"
                + " WHERE k.id = ?) AND used_at IS NULL AND revoked_at IS NULL")) {
            Jdbc.setInstant(ps, 1, at);
            ps.setObject(2, t.key());
            ps.setObject(3, keep);
            return ps.executeUpdate();
        }
    }

    public static void delete(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM ack_links WHERE id = ?")) {
            ps.setObject(1, id);
            ps.executeUpdate();
        }
    }

    /** Marks the link used; false if it was used or revoked meanwhile. */
    public static boolean use(Connection c, UUID id, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE ack_links SET used_at = ? WHERE id = ? AND used_at IS NULL AND revoked_at IS NULL")) {
            Jdbc.setInstant(ps, 1, at);
            ps.setObject(2, id);
            return ps.executeUpdate() == 1;
        }
    }

    /** The target's loans (locked for update when {@code lock}), open or not, in tag order. */
    public static List<Loan> loans(Connection c, Target t, boolean lock) throws SQLException {
        List<UUID> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM loans l WHERE " + t.where("l.")
                + " ORDER BY asset_tag" + (lock ? " FOR UPDATE" : ""))) {
            ps.setObject(1, t.key());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(Jdbc.getUuid(rs, "id"));
                }
            }
        }
        List<Loan> out = new ArrayList<>();
        for (UUID id : ids) {
            out.add(LoanStore.get(c, id));
        }
        return out;
    }

    /** A loan's batch, or {@code null} when it was lent on its own (or does not exist). */
    public static UUID batchOf(Connection c, UUID loanId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT batch_id FROM loans WHERE id = ?")) {
            ps.setObject(1, loanId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Jdbc.getUuid(rs, "batch_id") : null;
            }
        }
    }

    /** An open loan nobody has acknowledged, with the links sent for it so far. */
    public record Pending(UUID loanId, UUID batchId, String assetTag, UUID personId, String staffId, String name,
                          String email, Instant outAt, Instant dueAt, long linksSent, Instant lastSentAt) {
    }

    /** Open, unacknowledged loans, oldest first. */
    public static List<Pending> pending(Connection c, int limit, int offset) throws SQLException {
        List<Pending> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT l.id, l.batch_id, l.asset_tag, l.out_at, l.due_at, p.id AS person_id, p.staff_id, p.name, p.email,
                  (SELECT COUNT(*) FROM ack_links k WHERE k.loan_id = l.id OR k.batch_id = l.batch_id) AS sent,
                  (SELECT MAX(k.created_at) FROM ack_links k WHERE k.loan_id = l.id OR k.batch_id = l.batch_id) AS last_sent
                FROM loans l JOIN people p ON p.id = l.person_id
                WHERE l.closed_at IS NULL AND l.ack_at IS NULL
                ORDER BY l.out_at, l.id LIMIT ? OFFSET ?""")) {
            ps.setInt(1, limit);
            ps.setInt(2, offset);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Pending(Jdbc.getUuid(rs, "id"), Jdbc.getUuid(rs, "batch_id"), rs.getString("asset_tag"),
                            Jdbc.getUuid(rs, "person_id"), rs.getString("staff_id"), rs.getString("name"),
                            rs.getString("email"), Jdbc.getInstant(rs, "out_at"), Jdbc.getInstant(rs, "due_at"),
                            rs.getLong("sent"), Jdbc.getInstant(rs, "last_sent")));
                }
            }
        }
        return out;
    }

    private static Link link(ResultSet rs) throws SQLException {
        return new Link(Jdbc.getUuid(rs, "id"), Jdbc.getUuid(rs, "loan_id"), Jdbc.getUuid(rs, "batch_id"),
                Jdbc.getUuid(rs, "person_id"), rs.getString("sent_to"), rs.getString("reason"),
                Jdbc.getInstant(rs, "created_at"), rs.getString("created_by"), Jdbc.getInstant(rs, "expires_at"),
                Jdbc.getInstant(rs, "used_at"), Jdbc.getInstant(rs, "revoked_at"));
    }
}
