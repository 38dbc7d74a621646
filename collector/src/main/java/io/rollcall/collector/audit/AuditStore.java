package io.rollcall.collector.audit;

import io.rollcall.collector.db.Database;
import io.rollcall.collector.db.Jdbc;
import io.rollcall.collector.http.Query.Page;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The append-only {@code audit_log} table. Blocking. */
public final class AuditStore {
    private final Database db;

    public AuditStore(Database db) {
        this.db = db;
    }

    public void insert(List<AuditEntry> entries) throws SQLException {
        if (entries.isEmpty()) {
            return;
        }
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO audit_log (id, at, actor_id, actor_name, role, action, target, status, remote, detail)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                for (AuditEntry e : entries) {
                    ps.setObject(1, e.id());
                    Jdbc.setInstant(ps, 2, e.at());
                    ps.setString(3, cut(e.actorId(), 64));
                    ps.setString(4, cut(e.actorName(), 200));
                    ps.setString(5, cut(e.role(), 32));
                    ps.setString(6, cut(e.action(), 32));
                    ps.setString(7, cut(e.target(), 600));
                    ps.setInt(8, e.status());
                    ps.setString(9, cut(e.remote(), 64));
                    ps.setString(10, cut(e.detail(), 1000));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /**
     * Newest first, optionally only one actor's and only after {@code since}.
     */
    public Page<AuditEntry> list(String actor, Instant since, int limit, int offset) throws SQLException {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (actor != null) {
            where.append(" AND (actor_id = ? OR actor_name = ?)");
            args.add(actor);
            args.add(actor);
        }
        if (since != null) {
            where.append(" AND at >= ?");
            args.add(since);
        }
        return db.read(c -> {
            long total;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM audit_log" + where)) {
                Jdbc.bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<AuditEntry> items = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM audit_log" + where
                    + " ORDER BY at DESC, id LIMIT ? OFFSET ?")) {
                int n = Jdbc.bind(ps, args);
                ps.setInt(n, limit);
                ps.setInt(n + 1, offset);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        items.add(new AuditEntry(Jdbc.getUuid(rs, "id"), Jdbc.getInstant(rs, "at"),
                                rs.getString("actor_id"), rs.getString("actor_name"), rs.getString("role"),
                                rs.getString("action"), rs.getString("target"), rs.getInt("status"),
                                rs.getString("remote"), rs.getString("detail")));
                    }
                }
            }
            return new Page<>(items, total, limit, offset);
        });
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
