package io.rollcall.collector.recalls;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.collector.assets.Fields;
import io.rollcall.collector.db.Database;
import io.rollcall.collector.http.ApiException;
import io.rollcall.collector.http.Csv;
import io.rollcall.collector.http.Query;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Making recalls and reading their progress. Progress is computed from the loans table ({@code closed_at}), so a loan
 * returned through any path (one return, a batch of scans) counts as back. Blocking.
 */
public final class RecallService {
    public static final List<Integer> DEFAULT_BEFORE = List.of(14, 7, 1);
    public static final List<Integer> DEFAULT_AFTER = List.of(1, 7);
    static final int MAX_BEFORE_DAYS = 120;
    /** Reminders after the deadline stop within this many days; {@link RecallStore#active} looks that far back. */
    static final int MAX_AFTER_DAYS = 60;
    private static final Set<String> SCOPES = Set.of("department", "set", "everyone");

    private final Database db;
    private final Clock clock;

    public RecallService(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Now, from the injected clock. */
    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * Makes a recall from {@code {title, scope, department|setId, dueAt, headEmail, remindDaysBefore,
     * remindDaysAfter}} (day lists as a JSON array or "14,7,1") and fixes its scope: the loans open in it now.
     */
    public Recall.Summary create(JsonNode b, String actor) throws SQLException {
        String title = Fields.text(b, "title", 160, true);
        String scope = Fields.oneOf(b, "scope", SCOPES, null);
        Instant due = Fields.instant(b, "dueAt", true).truncatedTo(ChronoUnit.MILLIS);
        Instant now = now();
        if (!due.isAfter(now)) {
            throw ApiException.badRequest("dueAt: was " + due + ", must be in the future");
        }
        String head = email(Fields.text(b, "headEmail", 320, true));
        List<Integer> before = days(b.get("remindDaysBefore"), "remindDaysBefore", MAX_BEFORE_DAYS, DEFAULT_BEFORE);
        List<Integer> after = days(b.get("remindDaysAfter"), "remindDaysAfter", MAX_AFTER_DAYS, DEFAULT_AFTER);
        String department = scope.equals("department") ? Fields.text(b, "department", 128, true) : null;
        UUID set = scope.equals("set") ? Query.uuid("setId", Fields.text(b, "setId", 36, true)) : null;
        UUID id = UUID.randomUUID();
        return db.inTransaction(c -> {
            String value = department != null ? department : set != null ? set.toString() : null;
            String label;
            if (set != null) {
                label = RecallStore.setName(c, set);
                if (label == null) {
                    throw ApiException.notFound("setId: no set " + set);
                }
                label = "set " + label;
            } else {
                label = department != null ? "department " + department : "everyone";
            }
            Recall r = new Recall(id, title, scope, value, label, due, head, before, after, now, actor, null);
            RecallStore.insert(c, r);
            int n = RecallStore.fixScope(c, id, scope, value);
            if (n == 0) {
                throw ApiException.badRequest(switch (scope) {
                    case "department" -> "department: nobody in '" + department + "' holds a loan now; departments with "
                            + "loans out: " + String.join(", ", RecallStore.departmentsWithLoansOut(c));
                    case "set" -> "setId: nothing from " + label + " is on loan now";
                    default -> "scope: no loan is open now";
                });
            }
            return new Recall.Summary(r, n, 0, 0, n);
        });
    }

    public List<Recall.Summary> list() throws SQLException {
        return db.read(c -> RecallStore.list(c, 500));
    }

    public Recall.Progress progress(UUID id) throws SQLException {
        return db.read(c -> {
            Recall r = RecallStore.byId(c, id);
            if (r == null) {
                throw ApiException.notFound("no recall " + id);
            }
            List<Recall.Item> out = new ArrayList<>();
            List<Recall.Item> closed = new ArrayList<>();
            int back = 0;
            for (Recall.Item i : RecallStore.items(c, id)) {
                if (i.out()) {
                    out.add(i);
                } else {
                    closed.add(i);
                    back += "returned".equals(i.closedReason()) ? 1 : 0;
                }
            }
            return new Recall.Progress(r, out.size() + closed.size(), back, closed.size() - back, out.size(), out, closed);
        });
    }

    /** What is still out, one row per loan, as the head receives it. */
    public String outstandingCsv(UUID id) throws SQLException {
        return csv(progress(id).outstanding());
    }

    static String csv(List<Recall.Item> items) {
        StringBuilder out = new StringBuilder();
        Csv.row(out, "asset_tag", "asset_type", "make", "model", "serial", "staff_id", "borrower", "email", "department",
                "out_at", "device_last_report_at", "device_hostname", "reminders_sent");
        for (Recall.Item i : items) {
            Csv.row(out, i.assetTag(), i.assetType(), i.make(), i.model(), i.serial(), i.staffId(), i.borrowerName(),
                    i.borrowerEmail(), i.department(), i.outAt(), i.deviceLastReportAt(), i.deviceHostname(),
                    i.remindersSent());
        }
        return out.toString();
    }

    /** Departments of people holding loans now, for the form's suggestions. */
    public List<String> departments() throws SQLException {
        return db.read(RecallStore::departmentsWithLoansOut);
    }

    /** Sets as {id, name}, for the form. */
    public List<String[]> sets() throws SQLException {
        return db.read(RecallStore::sets);
    }

    private static String email(String s) {
        try {
            InternetAddress a = new InternetAddress(s, true);
            if (a.getAddress().indexOf('@') < 1) {
                throw new AddressException("no domain");
            }
            return a.getAddress();
        } catch (AddressException e) {
            throw ApiException.badRequest("headEmail: was '" + s + "', must be an e-mail address");
        }
    }

    /** A list of whole days from a JSON array or a comma-separated string; each 1..max; largest first. */
    static List<Integer> days(JsonNode v, String field, int max, List<Integer> dflt) {
        if (v == null || v.isNull() || (v.isTextual() && v.asText().isBlank())) {
            return dflt;
        }
        List<String> parts = new ArrayList<>();
        if (v.isArray()) {
            v.forEach(n -> parts.add(n.asText()));
        } else if (v.isTextual()) {
            for (String p : v.asText().split(",")) {
                parts.add(p.strip());
            }
        } else {
            throw ApiException.badRequest(field + ": must be a list of whole days such as [14, 7, 1]");
        }
        TreeSet<Integer> out = new TreeSet<>();
        for (String p : parts) {
            int d;
            try {
                d = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw ApiException.badRequest(field + ": '" + (p.length() > 20 ? p.substring(0, 20) : p)
                        + "' is not a whole number of days");
            }
            if (d < 1 || d > max) {
                throw ApiException.badRequest(field + ": " + d + " is out of range, each must be 1 to " + max);
            }
            out.add(d);
        }
        if (out.size() > 10) {
            throw ApiException.badRequest(field + ": has " + out.size() + " days, at most 10");
        }
        return List.copyOf(out.descendingSet());
    }
}
