package io.rollcall.collector.software;

import io.rollcall.collector.db.Database;
import io.rollcall.collector.db.Jdbc;
import io.rollcall.collector.findings.Decision;
import io.rollcall.collector.http.Query.Page;
import io.rollcall.common.wire.WireJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** SQL for the catalogue: titles, decisions and their history, the school's normalisation rules. Blocking. */
public final class CatalogueStore {
    private final Database db;

    public CatalogueStore(Database db) {
        this.db = db;
    }

    /** A title as the API shows it. */
    public record TitleRow(String id, String name, String category, String status, String reason, String decidedBy,
                           Instant decidedAt, Instant firstSeen, long devices) {
    }

    /** One entry of a title's decision history. */
    public record DecisionRow(UUID id, String titleId, String status, String category, String reason,
                              String decidedBy, Instant decidedAt, String previous) {
    }

    /** Every title that has a decision (by a person or by its category), by id. */
    public Map<String, Decision> decided() throws SQLException {
        return db.read(c -> {
            Map<String, Decision> out = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, status, category, reason FROM software_titles WHERE status <> 'unreviewed'");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new Decision(Statuses.parse(rs.getString(2)), rs.getString(3),
                            rs.getString(4)));
                }
            }
            return out;
        });
    }

    /**
     * Titles, newest first, with how many devices hold each. {@code status} filters (null: all). Device counts
     * come from the install index, one indexed count per listed title.
     */
    public Page<TitleRow> titles(String status, String q, int limit, int offset) throws SQLException {
        return titles(status, null, q, limit, offset);
    }

    /** {@link #titles(String, String, int, int)} also filtered by {@code category} (null: any). */
    public Page<TitleRow> titles(String status, String category, String q, int limit, int offset) throws SQLException {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (status != null) {
            where.append(" AND t.status = ?");
            args.add(status);
        }
        if (category != null) {
            where.append(" AND t.category = ?");
            args.add(category);
        }
        if (q != null) {
            where.append(" AND (LOWER(t.name) LIKE ? OR t.id LIKE ?)");
            String like = "%" + q.toLowerCase(java.util.Locale.ROOT).replace("%", "").replace("_", "") + "%";
            args.add(like);
            args.add(like);
        }
        return db.read(c -> {
            long total;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM software_titles t" + where)) {
                Jdbc.bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<TitleRow> items = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT t.*, (SELECT COUNT(*) FROM software_held i WHERE i.title_id = t.id) AS devices
                    FROM software_titles t""" + where + " ORDER BY t.first_seen DESC, t.id LIMIT ? OFFSET ?")) {
                int n = Jdbc.bind(ps, args);
                ps.setInt(n, limit);
                ps.setInt(n + 1, offset);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        items.add(row(rs));
                    }
                }
            }
            return new Page<>(items, total, limit, offset);
        });
    }

    public TitleRow title(String id) throws SQLException {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT t.*, (SELECT COUNT(*) FROM software_held i WHERE i.title_id = t.id) AS devices
                    FROM software_titles t WHERE t.id = ?""")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? row(rs) : null;
                }
            }
        });
    }

    private static TitleRow row(ResultSet rs) throws SQLException {
        return new TitleRow(rs.getString("id"), rs.getString("name"), rs.getString("category"),
                rs.getString("status"), rs.getString("reason"), rs.getString("decided_by"),
                Jdbc.getInstant(rs, "decided_at"), Jdbc.getInstant(rs, "first_seen"), rs.getLong("devices"));
    }

    /**
     * Records a decision and its history row in one transaction. A title the fleet has not reported yet but a
     * rule names (a school pre-approving or banning) is created.
     *
     * @return the status before, {@code unreviewed} for a new title
     */
    public String decide(String titleId, String name, Decision d, String actor, Instant now) throws SQLException {
        return db.inTransaction(c -> {
            String previous = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT status FROM software_titles WHERE id = ? FOR UPDATE")) {
                ps.setString(1, titleId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        previous = rs.getString(1);
                    }
                }
            }
            if (previous == null) {
                try (PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO software_titles (id, name, category, status, reason, decided_by, decided_at, first_seen)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")) {
                    ps.setString(1, titleId);
                    ps.setString(2, name);
                    ps.setString(3, d.category());
                    ps.setString(4, Statuses.wire(d.status()));
                    ps.setString(5, d.reason());
                    ps.setString(6, actor);
                    Jdbc.setInstant(ps, 7, now);
                    Jdbc.setInstant(ps, 8, now);
                    ps.executeUpdate();
                }
            } else {
                try (PreparedStatement ps = c.prepareStatement("""
                        UPDATE software_titles SET status = ?, category = COALESCE(?, category), reason = ?,
                          decided_by = ?, decided_at = ? WHERE id = ?""")) {
                    ps.setString(1, Statuses.wire(d.status()));
                    ps.setString(2, d.category());
                    ps.setString(3, d.reason());
                    ps.setString(4, actor);
                    Jdbc.setInstant(ps, 5, now);
                    ps.setString(6, titleId);
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO software_decisions (id, title_id, status, category, reason, decided_by, decided_at, previous)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")) {
                ps.setObject(1, UUID.randomUUID());
                ps.setString(2, titleId);
                ps.setString(3, Statuses.wire(d.status()));
                ps.setString(4, d.category());
                ps.setString(5, d.reason());
                ps.setString(6, actor);
                Jdbc.setInstant(ps, 7, now);
                ps.setString(8, previous == null ? Statuses.UNREVIEWED : previous);
                ps.executeUpdate();
            }
            return previous == null ? Statuses.UNREVIEWED : previous;
        });
    }

    /** A device holding a title, with its host name, for the console's title page. */
    public record HolderRow(UUID deviceId, String hostname, String version, Instant since) {
    }

    /** One page of the devices holding {@code titleId}, earliest install first. */
    public List<HolderRow> holders(String titleId, int limit, int offset) throws SQLException {
        return db.read(c -> {
            List<HolderRow> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT i.device_id, d.hostname, i.version, COALESCE(i.installed_at, i.first_seen) AS since
                    FROM software_held i LEFT JOIN devices d ON d.id = i.device_id
                    WHERE i.title_id = ? ORDER BY since, i.device_id LIMIT ? OFFSET ?""")) {
                ps.setString(1, titleId);
                ps.setInt(2, limit);
                ps.setInt(3, offset);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new HolderRow(Jdbc.getUuid(rs, "device_id"), rs.getString("hostname"),
                                rs.getString("version"), Jdbc.getInstant(rs, "since")));
                    }
                }
            }
            return out;
        });
    }

    /** A title's decisions, newest first. */
    public List<DecisionRow> history(String titleId) throws SQLException {
        return db.read(c -> {
            List<DecisionRow> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT * FROM software_decisions WHERE title_id = ? ORDER BY decided_at DESC, id LIMIT 200")) {
                ps.setString(1, titleId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new DecisionRow(Jdbc.getUuid(rs, "id"), rs.getString("title_id"), rs.getString("status"),
                                rs.getString("category"), rs.getString("reason"), rs.getString("decided_by"),
                                Jdbc.getInstant(rs, "decided_at"), rs.getString("previous")));
                    }
                }
            }
            return out;
        });
    }

    /** The school's normalisation rules. */
    public List<NormalisationRule> schoolRules() throws SQLException {
        return db.read(c -> {
            List<NormalisationRule> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT doc FROM software_rules ORDER BY id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    try {
                        out.add(WireJson.mapper().readValue(rs.getString(1), NormalisationRule.class));
                    } catch (IOException e) {
                        throw new UncheckedIOException("stored normalisation rule is unreadable", e);
                    }
                }
            }
            return out;
        });
    }

    /** Adds or replaces a school rule. */
    public void putRule(NormalisationRule rule, String actor, Instant now) throws SQLException {
        String doc;
        try {
            doc = WireJson.mapper().writeValueAsString(rule);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        db.inTransaction(c -> {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM software_rules WHERE id = ?")) {
                del.setString(1, rule.id());
                del.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO software_rules (id, doc, created_by, created_at) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, rule.id());
                ps.setString(2, doc);
                ps.setString(3, actor);
                Jdbc.setInstant(ps, 4, now);
                ps.executeUpdate();
            }
            return null;
        });
    }
}
