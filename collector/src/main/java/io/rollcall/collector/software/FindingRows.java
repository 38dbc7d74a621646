package io.rollcall.collector.software;

import io.rollcall.collector.db.Docs;
import io.rollcall.collector.db.Jdbc;
import io.rollcall.collector.findings.OpenFinding;
import io.rollcall.collector.findings.Outcome;
import io.rollcall.collector.findings.Severity;
import io.rollcall.common.id.TimeOrderedUuid;
import io.rollcall.common.wire.WireJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Finding rows written by fleet-wide re-evaluation (many devices, one transaction, batched), with the same
 * columns and history rules as ingest: history gets a row when a finding opens or resolves.
 */
final class FindingRows {
    enum Op { OPEN, UPDATE, RESOLVE }

    private FindingRows() {
    }

    static OpenFinding read(ResultSet rs) throws SQLException {
        return new OpenFinding(Jdbc.getUuid(rs, "id"), rs.getString("rule"), rs.getString("subject"),
                Outcome.parse(rs.getString("outcome")), Severity.parse(rs.getString("severity")),
                Jdbc.getInstant(rs, "first_seen"), Jdbc.getInstant(rs, "last_seen"),
                Docs.jsonMap(rs.getString("evidence")), rs.getString("policy_ref"));
    }

    static void write(Connection c, List<TitleEvaluator.Write> writes, Instant now) throws SQLException {
        try (PreparedStatement open = c.prepareStatement("""
                INSERT INTO findings (id, device_id, rule, subject, outcome, severity, status, first_seen, last_seen,
                  evidence, policy_ref) VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?)""");
             PreparedStatement update = c.prepareStatement(
                     "UPDATE findings SET outcome = ?, severity = ?, last_seen = ?, evidence = ?, policy_ref = ? WHERE id = ?");
             PreparedStatement resolve = c.prepareStatement(
                     "UPDATE findings SET status = 'resolved', resolved_at = ? WHERE id = ? AND status = 'open'");
             PreparedStatement history = c.prepareStatement("""
                     INSERT INTO finding_history (id, finding_id, device_id, at, change, outcome, severity)
                     VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
            for (TitleEvaluator.Write w : writes) {
                OpenFinding f = w.finding();
                switch (w.op()) {
                    case OPEN -> {
                        open.setObject(1, f.id());
                        open.setObject(2, w.device());
                        open.setString(3, f.rule());
                        open.setString(4, f.subject());
                        open.setString(5, f.outcome().wireName());
                        open.setString(6, f.severity().wireName());
                        Jdbc.setInstant(open, 7, f.firstSeen());
                        Jdbc.setInstant(open, 8, f.lastSeen());
                        open.setString(9, json(f));
                        open.setString(10, f.policyRef());
                        open.addBatch();
                    }
                    case UPDATE -> {
                        update.setString(1, f.outcome().wireName());
                        update.setString(2, f.severity().wireName());
                        Jdbc.setInstant(update, 3, f.lastSeen());
                        update.setString(4, json(f));
                        update.setString(5, f.policyRef());
                        update.setObject(6, f.id());
                        update.addBatch();
                    }
                    case RESOLVE -> {
                        Jdbc.setInstant(resolve, 1, now);
                        resolve.setObject(2, f.id());
                        resolve.addBatch();
                    }
                }
                if (w.historyChange()) {
                    history.setObject(1, TimeOrderedUuid.next());
                    history.setObject(2, f.id());
                    history.setObject(3, w.device());
                    Jdbc.setInstant(history, 4, now);
                    history.setString(5, w.op() == Op.OPEN ? "opened" : "resolved");
                    history.setString(6, f.outcome().wireName());
                    history.setString(7, f.severity().wireName());
                    history.addBatch();
                }
            }
            open.executeBatch();
            update.executeBatch();
            resolve.executeBatch();
            history.executeBatch();
        }
    }

    /** Recomputes open-finding counts and compliance of {@code devices} from their findings rows. */
    static void recomputeCompliance(Connection c, Collection<UUID> devices, Severity cutOff) throws SQLException {
        List<String> failing = new ArrayList<>();
        for (Severity s : Severity.values()) {
            if (s.atLeast(cutOff)) {
                failing.add("'" + s.wireName() + "'"); // enum names, never input
            }
        }
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE devices SET
                  open_findings = (SELECT COUNT(*) FROM findings f WHERE f.device_id = devices.id AND f.status = 'open'),
                  compliant = NOT EXISTS (SELECT 1 FROM findings f WHERE f.device_id = devices.id AND f.status = 'open'
                                          AND f.outcome = 'fail' AND f.severity IN (""" + String.join(",", failing) + """
                ))
                WHERE id = ?""")) {
            for (UUID d : devices) {
                ps.setObject(1, d);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static String json(OpenFinding f) {
        try {
            return WireJson.mapper().writeValueAsString(f.evidence());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
