package io.rollcall.collector.alerts;

import io.rollcall.collector.db.Database;
import io.rollcall.collector.db.Jdbc;
import io.rollcall.collector.findings.rules.OsUpdateRules;
import io.rollcall.collector.loans.LoanService;
import io.rollcall.collector.loans.LoanStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Finds what alerts are about, from the same data the console shows: high and critical findings opened since a
 * moment, open {@code security.updates-overdue} findings (a device unpatched past the policy's limit), overdue loans,
 * and lent laptops whose agent went silent ({@link LoanService}'s own test). Blocking (SQL).
 */
public final class AlertScanner {
    /** Most events of one kind looked at in one scan; the rest come in the next. */
    static final int LIMIT = 500;

    private final Database db;
    private final LoanService loans;

    public AlertScanner(Database db, LoanService loans) {
        this.db = db;
        this.loans = loans;
    }

    /** Everything alert-worthy now; high-severity findings only when first seen at or after {@code findingsSince}. */
    public List<AlertEvent> scan(Instant findingsSince) throws SQLException {
        List<AlertEvent> out = new ArrayList<>();
        out.addAll(findings("""
                SELECT f.id, f.rule, f.subject, f.severity, f.first_seen, d.id AS device_id, d.hostname
                FROM findings f JOIN devices d ON d.id = f.device_id
                WHERE f.status = 'open' AND f.first_seen >= ? AND f.outcome = 'fail'
                  AND f.severity IN ('high', 'critical')
                ORDER BY f.first_seen LIMIT ?""", findingsSince, AlertTarget.FINDING_HIGH));
        out.addAll(findings("""
                SELECT f.id, f.rule, f.subject, f.severity, f.first_seen, d.id AS device_id, d.hostname
                FROM findings f JOIN devices d ON d.id = f.device_id
                WHERE f.status = 'open' AND f.rule = ? AND f.outcome = 'fail'
                ORDER BY f.first_seen LIMIT ?""", OsUpdateRules.OVERDUE, AlertTarget.UNPATCHED));
        for (Map<String, Object> l : loans.list(LoanStore.Filter.OVERDUE, false, null, null, LIMIT, 0)) {
            out.add(loan(AlertTarget.LOAN_OVERDUE, l, (Instant) l.get("dueAt"), "Loan overdue: %s lent to %s was due back %s"));
        }
        for (Map<String, Object> l : loans.list(LoanStore.Filter.OUT, true, null, null, LIMIT, 0)) {
            Instant since = (Instant) l.get("outAt");
            out.add(loan(AlertTarget.LOAN_SILENT, l, since, "Lent laptop gone silent: %s lent to %s, lent %s, "
                    + "has not reported recently"));
        }
        return out;
    }

    private List<AlertEvent> findings(String sql, Object first, String kind) throws SQLException {
        return db.read(c -> {
            List<AlertEvent> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                if (first instanceof Instant t) {
                    Jdbc.setInstant(ps, 1, t);
                } else {
                    ps.setObject(1, first);
                }
                ps.setInt(2, LIMIT);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        UUID id = Jdbc.getUuid(rs, "id");
                        String host = rs.getString("hostname");
                        String rule = rs.getString("rule");
                        String subject = rs.getString("subject");
                        Instant at = Jdbc.getInstant(rs, "first_seen");
                        Map<String, Object> d = new LinkedHashMap<>();
                        d.put("device", Map.of("id", Jdbc.getUuid(rs, "device_id").toString(),
                                "hostname", host == null ? "" : host));
                        d.put("finding", Map.of("id", id.toString(), "rule", rule, "subject", subject,
                                "severity", rs.getString("severity"), "since", at.toString()));
                        String what = rule + (subject.isEmpty() ? "" : " (" + subject + ")");
                        String text = kind.equals(AlertTarget.UNPATCHED)
                                ? "Device unpatched past the limit: " + host + " (" + what + "), since " + at
                                : "New " + rs.getString("severity") + "-severity finding on " + host + ": " + what;
                        out.add(new AlertEvent(kind, kind + ":" + id, at, text, d));
                    }
                }
            }
            return out;
        });
    }

    @SuppressWarnings("unchecked")
    private static AlertEvent loan(String kind, Map<String, Object> l, Instant at, String format) {
        Map<String, Object> asset = (Map<String, Object>) l.get("asset");
        Map<String, Object> who = (Map<String, Object>) l.get("borrower");
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("loan", Map.of("id", String.valueOf(l.get("id")), "dueAt", String.valueOf(l.get("dueAt")),
                "outAt", String.valueOf(l.get("outAt"))));
        d.put("asset", Map.of("tag", String.valueOf(asset.get("tag")), "serial", String.valueOf(asset.get("serial"))));
        d.put("borrower", Map.of("name", String.valueOf(who.get("name"))));
        if (l.get("device") instanceof Map<?, ?> dev) {
            Map<String, Object> dv = new LinkedHashMap<>();
            dv.put("id", String.valueOf(dev.get("deviceId")));
            dv.put("lastReportAt", String.valueOf(dev.get("lastReportAt")));
            d.put("device", dv);
        }
        String text = String.format(format, asset.get("tag"), who.get("name"), at);
        return new AlertEvent(kind, kind + ":" + l.get("id"), at, text, d);
    }
}
