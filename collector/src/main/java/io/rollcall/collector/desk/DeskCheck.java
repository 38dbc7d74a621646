package io.rollcall.collector.desk;

import io.rollcall.collector.assets.Asset;
import io.rollcall.collector.assets.AssetStore;
import io.rollcall.collector.db.Database;
import io.rollcall.collector.sets.AssetSet;
import io.rollcall.collector.sets.SetStore;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one scanned tag is and whether it can go in the batch at the desk: for lending it must be in stock, for a
 * return it must be on loan. The answer names the reason in words the desk can read out ("on loan to Ann Smith,
 * due 2026-12-14"). Nothing is changed; the batch itself is checked again when it is confirmed. Blocking.
 */
public final class DeskCheck {
    public enum Mode { LEND, RETURN }

    private final Database db;
    private final Clock clock;

    public DeskCheck(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public Map<String, Object> check(String tag, Mode mode) throws SQLException {
        Instant now = clock.instant();
        return db.read(c -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("tag", tag);
            Asset a = AssetStore.get(c, tag);
            if (a == null) {
                m.put("known", false);
                m.put("ok", false);
                m.put("reason", "unknown tag: no asset is tagged '" + tag + "'");
                return m;
            }
            m.put("known", true);
            Map<String, Object> asset = new LinkedHashMap<>();
            asset.put("tag", a.tag());
            asset.put("type", a.type());
            asset.put("make", a.make());
            asset.put("model", a.model());
            asset.put("serial", a.serial());
            asset.put("status", a.status());
            m.put("asset", asset);
            m.put("description", describe(a));
            AssetSet s = SetStore.setOf(c, tag);
            m.put("set", s == null ? null : Map.of("id", s.id(), "name", s.name()));
            AssetStore.CurrentLoan cl = AssetStore.currentLoan(c, tag);
            if (cl != null) {
                Map<String, Object> loan = new LinkedHashMap<>();
                loan.put("id", cl.loanId());
                loan.put("borrower", cl.name());
                loan.put("staffId", cl.staffId());
                loan.put("outAt", cl.outAt());
                loan.put("dueAt", cl.dueAt());
                loan.put("overdue", cl.dueAt().isBefore(now));
                m.put("loan", loan);
            }
            boolean ok;
            String reason;
            if (mode == Mode.LEND) {
                ok = a.status().equals("in-stock");
                reason = ok ? "ready to lend" : cl != null ? "on loan to " + cl.name() + ", due " + day(cl.dueAt())
                        : statusWords(a.status());
            } else {
                ok = cl != null;
                reason = ok ? "on loan to " + cl.name() + (cl.dueAt().isBefore(now) ? ", overdue since " : ", due ")
                        + day(cl.dueAt()) : "not on loan: " + statusWords(a.status());
            }
            m.put("ok", ok);
            m.put("reason", reason);
            return m;
        });
    }

    static String describe(Asset a) {
        StringBuilder b = new StringBuilder(a.type());
        if (a.make() != null) {
            b.append(' ').append(a.make());
        }
        if (a.model() != null) {
            b.append(' ').append(a.model());
        }
        return b.toString();
    }

    private static String day(Instant t) {
        return t.toString().substring(0, 10);
    }

    private static String statusWords(String status) {
        return switch (status) {
            case "in-stock" -> "in stock";
            case "repair" -> "in repair";
            case "lost" -> "marked lost";
            case "stolen" -> "marked stolen";
            case "disposed" -> "disposed of";
            default -> status;
        };
    }
}
