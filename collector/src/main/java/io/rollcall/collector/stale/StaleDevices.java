package io.rollcall.collector.stale;

import io.rollcall.collector.db.Database;
import io.rollcall.collector.db.Jdbc;
import io.rollcall.collector.findings.rules.DeviceStaleRule;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The stale sweep's read: devices silent past their limit that have no unresolved {@code device.stale} finding
 * yet, a page at a time in (last seen, id) order from the {@code devices_last_seen_id} index. Blocking.
 */
public final class StaleDevices {
    /** Where the next page starts: after this (time, id). */
    public record Cursor(Instant at, UUID id) {
    }

    /** One silent device and its place in the order. */
    public record Silent(UUID id, Instant at) {
        Cursor cursor() {
            return new Cursor(at, id);
        }
    }

    // A device's limit depends on whether it is lent (an open loan of an asset with its serial), so the index
    // range is the later of the two cut-offs and the CASE keeps only devices past their own one.
    private static final String LOANED = "EXISTS (SELECT 1 FROM assets a JOIN loans l ON l.open_tag = a.tag "
            + "WHERE a.serial = d.serial_number)";
    private static final String NOT_FLAGGED = "NOT EXISTS (SELECT 1 FROM findings f WHERE f.device_id = d.id "
            + "AND f.status <> 'resolved' AND f.rule = '" + DeviceStaleRule.ID + "')";
    static final String REPORTED = "SELECT d.id, d.last_seen_at AS at FROM devices d WHERE d.last_seen_at < ? "
            + "AND (d.last_seen_at > ? OR (d.last_seen_at = ? AND d.id > ?)) "
            + "AND d.last_seen_at < CASE WHEN " + LOANED + " THEN ? ELSE ? END AND " + NOT_FLAGGED
            + " ORDER BY d.last_seen_at, d.id LIMIT ?";
    // never reported: the rule counts from enrolment; few rows, so no index of their own
    private static final String NEVER_REPORTED = "SELECT d.id, d.enrolled_at AS at FROM devices d "
            + "WHERE d.last_seen_at IS NULL AND d.enrolled_at < ? "
            + "AND (d.enrolled_at > ? OR (d.enrolled_at = ? AND d.id > ?)) "
            + "AND d.enrolled_at < CASE WHEN " + LOANED + " THEN ? ELSE ? END AND " + NOT_FLAGGED
            + " ORDER BY d.enrolled_at, d.id LIMIT ?";
    private static final Cursor START = new Cursor(Instant.EPOCH, new UUID(0, 0));

    private final Database db;

    public StaleDevices(Database db) {
        this.db = db;
    }

    /**
     * Devices that reported, last before {@code staleBefore} (or {@code loanStaleBefore} while lent), not yet flagged.
     *
     * @param after where the previous page ended; null for the first page
     */
    public List<Silent> reported(Instant staleBefore, Instant loanStaleBefore, Cursor after, int limit)
            throws SQLException {
        return page(REPORTED, staleBefore, loanStaleBefore, after, limit);
    }

    /** As {@link #reported}, for devices that enrolled before the cut-off and never reported. */
    public List<Silent> neverReported(Instant staleBefore, Instant loanStaleBefore, Cursor after, int limit)
            throws SQLException {
        return page(NEVER_REPORTED, staleBefore, loanStaleBefore, after, limit);
    }

    private List<Silent> page(String sql, Instant staleBefore, Instant loanStaleBefore, Cursor after, int limit)
            throws SQLException {
        Cursor from = after == null ? START : after;
        Instant widest = staleBefore.isAfter(loanStaleBefore) ? staleBefore : loanStaleBefore;
        return db.read(c -> {
            List<Silent> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                Jdbc.setInstant(ps, 1, widest);
                Jdbc.setInstant(ps, 2, from.at());
                Jdbc.setInstant(ps, 3, from.at());
                ps.setObject(4, from.id());
                Jdbc.setInstant(ps, 5, loanStaleBefore);
                Jdbc.setInstant(ps, 6, staleBefore);
                ps.setInt(7, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Silent(Jdbc.getUuid(rs, "id"), Jdbc.getInstant(rs, "at")));
                    }
                }
            }
            return out;
        });
    }
}
