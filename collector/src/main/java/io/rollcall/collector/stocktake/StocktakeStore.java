package io.rollcall.collector.stocktake;

import io.rollcall.collector.db.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** SQL for the physical audit. Every method runs inside the caller's connection. */
final class StocktakeStore {
    private StocktakeStore() {
    }

    /** Statuses still expected to be found on the premises or with a borrower; lost, stolen and disposed are not. */
    static final String AUDITED_STATUSES = "('in-stock', 'on-loan', 'repair')";

    static List<Stocktake.Interval> schedule(Connection c) throws SQLException {
        List<Stocktake.Interval> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM stocktake_schedule ORDER BY asset_type");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Stocktake.Interval(rs.getString("asset_type"), rs.getInt("interval_days"),
                        Jdbc.getInstant(rs, "updated_at"), rs.getString("updated_by")));
            }
        }
        return out;
    }

    /** Sets each type's interval; a null interval takes the type off the schedule. */
    static void setSchedule(Connection c, Map<String, Integer> intervals, Instant now, String actor) throws SQLException {
        for (Map.Entry<String, Integer> e : intervals.entrySet()) {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM stocktake_schedule WHERE asset_type = ?")) {
                del.setString(1, e.getKey());
                del.executeUpdate();
            }
            if (e.getValue() == null) {
                continue;
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO stocktake_schedule (asset_type, interval_days, updated_at, updated_by) VALUES (?, ?, ?, ?)""")) {
                ps.setString(1, e.getKey());
                ps.setInt(2, e.getValue());
                Jdbc.setInstant(ps, 3, now);
                ps.setString(4, actor);
                ps.executeUpdate();
            }
        }
    }

    static void insertRun(Connection c, Stocktake.Run r, String actorId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO stocktake_runs (id, location, started_at, started_by, started_by_name) VALUES (?, ?, ?, ?, ?)""")) {
            ps.setObject(1, r.id());
            ps.setString(2, r.location());
            Jdbc.setInstant(ps, 3, r.startedAt());
            ps.setString(4, actorId);
            ps.setString(5, r.startedBy());
            ps.executeUpdate();
        }
    }

    static Stocktake.Run run(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM stocktake_runs WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Stocktake.Run(Jdbc.getUuid(rs, "id"), rs.getString("location"),
                        Jdbc.getInstant(rs, "started_at"), rs.getString("started_by_name")) : null;
            }
        }
    }

    /** The register's tag for {@code scanned}: exact first, else the one tag equal ignoring case, else null. */
    static String resolveTag(Connection c, String scanned) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT tag FROM assets WHERE tag = ? OR LOWER(tag) = LOWER(?) ORDER BY CASE WHEN tag = ? THEN 0 ELSE 1 END LIMIT 2")) {
            ps.setString(1, scanned);
            ps.setString(2, scanned);
            ps.setString(3, scanned);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                String first = rs.getString(1);
                // two tags differing only in case, and neither exact: the scan is ambiguous
                return first.equals(scanned) || !rs.next() ? first : null;
            }
        }
    }

    static void insertSighting(Connection c, UUID id, String scanned, String tag, Instant at, String location,
                               String actorId, String actorName, UUID run) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO stocktake_sightings (id, scanned_tag, asset_tag, seen_at, location, seen_by, seen_by_name, run_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")) {
            ps.setObject(1, id);
            ps.setString(2, scanned);
            ps.setString(3, tag);
            Jdbc.setInstant(ps, 4, at);
            ps.setString(5, location);
            ps.setString(6, actorId);
            ps.setString(7, actorName);
            ps.setObject(8, run);
            ps.executeUpdate();
        }
    }

    private static final String SIGHTINGS = """
            SELECT s.*, a.type, a.make, a.model, a.status, p.name AS borrower FROM stocktake_sightings s
            LEFT JOIN assets a ON a.tag = s.asset_tag LEFT JOIN loans l ON l.open_tag = s.asset_tag
            LEFT JOIN people p ON p.id = l.person_id""";

    static Stocktake.Sighting sighting(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SIGHTINGS + " WHERE s.id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? sighting(rs) : null;
            }
        }
    }

    /** A run's scans, newest first. */
    static List<Stocktake.Sighting> runSightings(Connection c, UUID run, int limit) throws SQLException {
        List<Stocktake.Sighting> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SIGHTINGS + " WHERE s.run_id = ? ORDER BY s.seq DESC LIMIT ?")) {
            ps.setObject(1, run);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(sighting(rs));
                }
            }
        }
        return out;
    }

    private static Stocktake.Sighting sighting(ResultSet rs) throws SQLException {
        return new Stocktake.Sighting(Jdbc.getUuid(rs, "id"), rs.getString("scanned_tag"), rs.getString("asset_tag"),
                rs.getString("type"), rs.getString("make"), rs.getString("model"), rs.getString("status"),
                rs.getString("borrower"), Jdbc.getInstant(rs, "seen_at"), rs.getString("location"),
                rs.getString("seen_by_name"), Jdbc.getUuid(rs, "run_id"));
    }

    /**
     * Every audited asset (its type on the schedule, its status one still expected to be found) with its last scan
     * and, for a laptop or tablet on an open loan, its linked device's last report (asset ↔ device by serial, the
     * first device enrolled with it, as the register links them). {@code now} caps a report time in the future.
     */
    static List<Stocktake.AssetStatus> statuses(Connection c, Instant now) throws SQLException {
        List<Stocktake.AssetStatus> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT a.tag, a.type, a.make, a.model, a.status, a.created_at, s.interval_days, p.name AS borrower,
                  (SELECT MAX(x.seen_at) FROM stocktake_sightings x WHERE x.asset_tag = a.tag) AS scan_at,
                  (SELECT x.location FROM stocktake_sightings x WHERE x.asset_tag = a.tag
                    ORDER BY x.seen_at DESC, x.seq DESC LIMIT 1) AS scan_location,
                  (SELECT x.seen_by_name FROM stocktake_sightings x WHERE x.asset_tag = a.tag
                    ORDER BY x.seen_at DESC, x.seq DESC LIMIT 1) AS scan_by,
                  CASE WHEN l.id IS NOT NULL AND a.type IN ('laptop', 'tablet') THEN (SELECT d.last_seen_at FROM devices d
                    WHERE d.serial_number = a.serial ORDER BY d.enrolled_at, d.id LIMIT 1) END AS agent_at
                FROM assets a JOIN stocktake_schedule s ON s.asset_type = a.type
                LEFT JOIN loans l ON l.open_tag = a.tag LEFT JOIN people p ON p.id = l.person_id
                WHERE a.status IN """ + AUDITED_STATUSES + " ORDER BY a.tag");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Instant scan = Jdbc.getInstant(rs, "scan_at");
                Instant agent = Jdbc.getInstant(rs, "agent_at");
                if (agent != null && agent.isAfter(now)) {
                    agent = now;
                }
                boolean byAgent = agent != null && (scan == null || agent.isAfter(scan));
                Instant last = byAgent ? agent : scan;
                Instant registered = Jdbc.getInstant(rs, "created_at");
                int days = rs.getInt("interval_days");
                // never seen: the register entry is the first check (the asset was in hand when it was registered)
                Instant due = (last != null ? last : registered).plus(Duration.ofDays(days));
                out.add(new Stocktake.AssetStatus(rs.getString("tag"), rs.getString("type"), rs.getString("make"),
                        rs.getString("model"), rs.getString("status"), rs.getString("borrower"), days, last,
                        last == null ? null : byAgent ? "agent" : "scan", rs.getString("scan_location"),
                        rs.getString("scan_by"), scan, agent, registered, due, !due.isAfter(now)));
            }
        }
        return out;
    }
}
