package io.rollcall.collector.alerts;

import io.rollcall.collector.db.Database;
import io.rollcall.collector.db.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The {@code alert_targets} and {@code alert_deliveries} tables. Blocking. */
public final class AlertStore {
    /** One queued event for one target, as the sender needs it. */
    public record Delivery(UUID id, UUID targetId, String eventKind, String payload, int attempts) {
    }

    private final Database db;

    public AlertStore(Database db) {
        this.db = db;
    }

    public void insert(AlertTarget t) throws SQLException {
        db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO alert_targets (id, name, kind, url, secret, email, format, events, enabled, created_at,
                      created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                ps.setObject(1, t.id());
                ps.setString(2, t.name());
                ps.setString(3, t.kind());
                ps.setString(4, t.url());
                ps.setString(5, t.secret());
                ps.setString(6, t.email());
                ps.setString(7, t.format());
                ps.setString(8, String.join(",", t.events()));
                ps.setBoolean(9, t.enabled());
                Jdbc.setInstant(ps, 10, t.createdAt());
                ps.setString(11, t.createdBy());
                ps.executeUpdate();
            }
            return null;
        });
    }

    public boolean delete(UUID id) throws SQLException {
        return db.inTransaction(c -> {
            try (PreparedStatement d = c.prepareStatement("DELETE FROM alert_deliveries WHERE target_id = ?")) {
                d.setObject(1, id);
                d.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM alert_targets WHERE id = ?")) {
                ps.setObject(1, id);
                return ps.executeUpdate() == 1;
            }
        });
    }

    public List<AlertTarget> targets() throws SQLException {
        return db.read(c -> {
            List<AlertTarget> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM alert_targets ORDER BY name, id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new AlertTarget(Jdbc.getUuid(rs, "id"), rs.getString("name"), rs.getString("kind"),
                            rs.getString("url"), rs.getString("secret"), rs.getString("email"), rs.getString("format"),
                            List.copyOf(Arrays.asList(rs.getString("events").split(","))), rs.getBoolean("enabled"),
                            Jdbc.getInstant(rs, "created_at"), rs.getString("created_by")));
                }
            }
            return out;
        });
    }

    /** Queues {@code e} for {@code target} unless it already was; true when queued now. */
    public boolean queue(UUID target, AlertEvent e, String payload, Instant now) throws SQLException {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO alert_deliveries (id, target_id, event_key, event_kind, payload, status, attempts,
                      next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?) ON CONFLICT DO NOTHING""")) {
                ps.setObject(1, UUID.randomUUID());
                ps.setObject(2, target);
                ps.setString(3, e.key());
                ps.setString(4, e.kind());
                ps.setString(5, payload);
                Jdbc.setInstant(ps, 6, now);
                Jdbc.setInstant(ps, 7, now);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Pending deliveries whose next attempt is due, oldest first. */
    public List<Delivery> due(Instant now, int limit) throws SQLException {
        return db.read(c -> {
            List<Delivery> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT id, target_id, event_kind, payload, attempts FROM alert_deliveries
                    WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, created_at LIMIT ?""")) {
                Jdbc.setInstant(ps, 1, now);
                ps.setInt(2, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Delivery(Jdbc.getUuid(rs, "id"), Jdbc.getUuid(rs, "target_id"),
                                rs.getString("event_kind"), rs.getString("payload"), rs.getInt("attempts")));
                    }
                }
            }
            return out;
        });
    }

    /**
     * Records an attempt: {@code status} delivered, pending (with the next attempt's time) or failed (given up).
     * {@code result} is a short line such as {@code HTTP 503}; never the URL or the secret.
     */
    public void attempted(UUID id, String status, int attempts, Instant at, Instant next, String result)
            throws SQLException {
        db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE alert_deliveries SET status = ?, attempts = ?, last_attempt_at = ?, next_attempt_at = ?,
                      last_result = ?, delivered_at = ? WHERE id = ?""")) {
                ps.setString(1, status);
                ps.setInt(2, attempts);
                Jdbc.setInstant(ps, 3, at);
                Jdbc.setInstant(ps, 4, next);
                ps.setString(5, result.length() > 500 ? result.substring(0, 500) : result);
                Jdbc.setInstant(ps, 6, "delivered".equals(status) ? at : null);
                ps.setObject(7, id);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** The delivery log, newest first; {@code target} and {@code status} may be null. */
    public List<Map<String, Object>> deliveries(UUID target, String status, int limit, int offset) throws SQLException {
        return db.read(c -> list(c, target, status, limit, offset));
    }

    private static List<Map<String, Object>> list(Connection c, UUID target, String status, int limit, int offset)
            throws SQLException {
        StringBuilder sql = new StringBuilder("""
                SELECT d.*, t.name AS target_name FROM alert_deliveries d JOIN alert_targets t ON t.id = d.target_id
                WHERE 1 = 1""");
        List<Object> args = new ArrayList<>();
        if (target != null) {
            sql.append(" AND d.target_id = ?");
            args.add(target);
        }
        if (status != null) {
            sql.append(" AND d.status = ?");
            args.add(status);
        }
        sql.append(" ORDER BY d.created_at DESC, d.id LIMIT ? OFFSET ?");
        args.add(limit);
        args.add(offset);
        List<Map<String, Object>> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            Jdbc.bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", Jdbc.getUuid(rs, "id"));
                    m.put("targetId", Jdbc.getUuid(rs, "target_id"));
                    m.put("target", rs.getString("target_name"));
                    m.put("event", rs.getString("event_kind"));
                    m.put("key", rs.getString("event_key"));
                    m.put("status", rs.getString("status"));
                    m.put("attempts", rs.getInt("attempts"));
                    m.put("createdAt", Jdbc.getInstant(rs, "created_at"));
                    m.put("lastAttemptAt", Jdbc.getInstant(rs, "last_attempt_at"));
                    m.put("nextAttemptAt", Jdbc.getInstant(rs, "next_attempt_at"));
                    m.put("deliveredAt", Jdbc.getInstant(rs, "delivered_at"));
                    m.put("lastResult", rs.getString("last_result"));
                    out.add(m);
                }
            }
        }
        return out;
    }
}
