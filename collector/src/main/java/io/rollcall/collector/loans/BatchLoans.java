package io.rollcall.collector.loans;

import io.rollcall.collector.assets.Asset;
import io.rollcall.collector.assets.AssetStore;
import io.rollcall.collector.assets.SqlErrors;
import io.rollcall.collector.db.Database;
import io.rollcall.collector.db.Jdbc;
import io.rollcall.collector.http.ApiException;
import io.rollcall.collector.people.PeopleStore;
import io.rollcall.collector.people.Person;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Several assets lent to one borrower as one batch (a run of scans at the desk, or a whole set), and returns of
 * several assets at once. Each call is one transaction: every item goes or none does, and a refusal names every
 * item that could not go, not just the first. One acknowledgement covers the batch (it is recorded on each of its
 * loans, each with its own hash, so single-loan views stay true) and one receipt lists it. Blocking.
 */
public final class BatchLoans {
    /** The most assets one batch or one return may hold. */
    public static final int MAX_ITEMS = 500;

    /** One asset handed back: its condition and whether it goes to repair. */
    public record ReturnItem(String tag, String conditionIn, boolean damaged) {
    }

    private final Database db;
    private final Clock clock;
    private final LoanSettings settings;

    public BatchLoans(Database db, Clock clock, LoanSettings settings) {
        this.db = db;
        this.clock = clock;
        this.settings = settings;
    }

    /** Told of each batch lent, after its commit (the acknowledgement link goes to the borrower). Must not throw. */
    public interface BatchLent {
        void accept(UUID batchId, String actor);
    }

    private volatile BatchLent lentListener = (batch, actor) -> {
    };
    private volatile LoanService.LendGuard lendGuard = (c, tag, due, now) -> {
    };

    public void onLent(BatchLent l) {
        this.lentListener = l;
    }

    /** Asked inside the batch's transaction for every tag, as {@link LoanService#guardLending} (a booking may hold it). */
    public void guardLending(LoanService.LendGuard g) {
        this.lendGuard = g;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * Lends every tag to the person as one batch. {@code setId} null means: the batch's set if every tag belongs to
     * the same set, none otherwise.
     */
    public Map<String, Object> lend(List<String> tags, UUID personId, Instant dueAt, String conditionOut, UUID setId,
                                    String actor) throws SQLException {
        Instant now = now();
        if (tags.isEmpty()) {
            throw ApiException.badRequest("tags: at least one asset tag is required");
        }
        if (tags.size() > MAX_ITEMS) {
            throw ApiException.badRequest("tags: " + tags.size() + " tags, the limit is " + MAX_ITEMS);
        }
        if (!dueAt.isAfter(now)) {
            throw ApiException.badRequest("dueAt: was " + dueAt + ", must be in the future");
        }
        Instant due = dueAt.truncatedTo(ChronoUnit.MILLIS);
        UUID batchId = UUID.randomUUID();
        try {
            Map<String, Object> lent = db.inTransaction(c -> {
                Person p = PeopleStore.byId(c, personId);
                if (p == null) {
                    throw ApiException.notFound("personId: no person " + personId);
                }
                if (p.status().equals("leaver")) {
                    throw new ApiException(409, "conflict", "personId: " + p.name() + " is a leaver and cannot borrow");
                }
                if (setId != null && setName(c, setId) == null) {
                    throw ApiException.notFound("setId: no set " + setId);
                }
                List<String> problems = new ArrayList<>();
                boolean conflict = false;
                Set<String> seen = new HashSet<>();
                for (String tag : tags) {
                    if (!seen.add(tag)) {
                        problems.add("'" + tag + "' is in the batch twice");
                        continue;
                    }
                    Asset a = AssetStore.get(c, tag);
                    if (a == null) {
                        problems.add("no asset tagged '" + tag + "'");
                    } else if (!a.status().equals("in-stock")) {
                        conflict = true;
                        AssetStore.CurrentLoan cl = AssetStore.currentLoan(c, tag);
                        problems.add("'" + tag + "' is " + (cl == null ? a.status() : "on loan to " + cl.name()));
                    }
                }
                if (!problems.isEmpty()) {
                    throw new ApiException(conflict ? 409 : 400, conflict ? "conflict" : "bad-request",
                            "tags: " + String.join("; ", problems));
                }
                UUID set = setId != null ? setId : commonSet(c, tags);
                LoanStore.insertBatch(c, new LoanStore.Batch(batchId, personId, set, now, actor));
                LoanStore.Terms terms = LoanStore.currentTerms(c);
                for (String tag : tags) {
                    if (!AssetStore.changeStatus(c, tag, "in-stock", "on-loan", actor, "lent to " + p.staffId(), now)) {
                        throw new ApiException(409, "conflict", "tags: '" + tag + "' was lent meanwhile; nothing was lent");
                    }
                    lendGuard.check(c, tag, due, now);
                    LoanStore.insert(c, UUID.randomUUID(), tag, personId, terms.id(), now, due, conditionOut, actor, batchId);
                }
                return view(c, batchId, now);
            });
            lentListener.accept(batchId, actor);
            return lent;
        } catch (SQLException e) {
            if (SqlErrors.isConflict(e)) {
                throw new ApiException(409, "conflict", "tags: an asset of the batch was lent meanwhile; nothing was lent");
            }
            throw e;
        }
    }

    private static UUID commonSet(Connection c, List<String> tags) throws SQLException {
        UUID common = null;
        for (String tag : tags) {
            UUID s = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT set_id FROM asset_set_members WHERE asset_tag = ?")) {
                ps.setString(1, tag);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        s = Jdbc.getUuid(rs, "set_id");
                    }
                }
            }
            if (s == null || (common != null && !common.equals(s))) {
                return null;
            }
            common = s;
        }
        return common;
    }

    /**
     * Records the return of each item (its own condition; a damaged one goes to repair), all or none. The answer
     * lists what came back and, for each batch touched, how many of its items are back.
     */
    public Map<String, Object> returnItems(List<ReturnItem> items, String receivedBy, String actor) throws SQLException {
        Instant now = now();
        if (items.isEmpty()) {
            throw ApiException.badRequest("items: at least one item is required");
        }
        if (items.size() > MAX_ITEMS) {
            throw ApiException.badRequest("items: " + items.size() + " items, the limit is " + MAX_ITEMS);
        }
        return db.inTransaction(c -> {
            List<String> problems = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            List<Loan> loans = new ArrayList<>();
            for (ReturnItem i : items) {
                if (!seen.add(i.tag())) {
                    problems.add("'" + i.tag() + "' is in the list twice");
                    continue;
                }
                Loan l = LoanStore.openByTag(c, i.tag());
                if (l == null) {
                    Asset a = AssetStore.get(c, i.tag());
                    problems.add(a == null ? "no asset tagged '" + i.tag() + "'" : "'" + i.tag() + "' is not on loan (" + a.status() + ")");
                }
                loans.add(l);
            }
            if (!problems.isEmpty()) {
                throw new ApiException(409, "conflict", "items: " + String.join("; ", problems));
            }
            List<Map<String, Object>> returned = new ArrayList<>();
            Set<UUID> batches = new java.util.LinkedHashSet<>();
            for (int n = 0; n < items.size(); n++) {
                ReturnItem i = items.get(n);
                Loan l = loans.get(n);
                if (!LoanStore.close(c, l.id(), now, "returned", actor, i.conditionIn(), receivedBy)) {
                    throw new ApiException(409, "conflict", "items: '" + i.tag() + "' was returned meanwhile; nothing was recorded");
                }
                String to = i.damaged() ? "repair" : "in-stock";
                String note = "returned by " + l.staffId() + (i.damaged() ? " damaged: " + i.conditionIn() : "");
                if (!AssetStore.changeStatus(c, i.tag(), "on-loan", to, actor, note, now)) {
                    throw new ApiException(409, "conflict", "items: '" + i.tag() + "' is not on loan; nothing was recorded");
                }
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("tag", i.tag());
                r.put("loanId", l.id());
                r.put("borrower", l.borrowerName());
                r.put("conditionIn", i.conditionIn());
                r.put("damaged", i.damaged());
                r.put("assetStatus", to);
                returned.add(r);
                UUID b = LoanStore.batchOf(c, l.id());
                if (b != null) {
                    batches.add(b);
                }
            }
            List<Map<String, Object>> progress = new ArrayList<>();
            for (UUID b : batches) {
                progress.add(progress(c, b));
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("returned", returned);
            out.put("batches", progress);
            return out;
        });
    }

    /** The borrower's one acknowledgement of the terms for every open loan of the batch not yet acknowledged. */
    public Map<String, Object> acknowledge(UUID batchId, String typedName) throws SQLException {
        Instant now = now();
        return db.inTransaction(c -> {
            requireBatch(c, batchId);
            int done = 0;
            for (Loan l : LoanStore.inBatch(c, batchId)) {
                if (!l.open() || l.ackAt() != null) {
                    continue;
                }
                String hash = AckHash.of(LoanStore.terms(c, l.termsId()).text(), l, typedName, now);
                if (!LoanStore.acknowledge(c, l.id(), typedName, now, hash)) {
                    throw new ApiException(409, "conflict", "batch " + batchId + " changed meanwhile; try again");
                }
                done++;
            }
            if (done == 0) {
                throw new ApiException(409, "conflict", "batch " + batchId + " has no open loan waiting for acknowledgement");
            }
            return view(c, batchId, now);
        });
    }

    public Map<String, Object> get(UUID batchId) throws SQLException {
        Instant now = now();
        return db.read(c -> view(c, batchId, now));
    }

    /** The one receipt of the batch: borrower, terms and acknowledgement once, then every item and its state. */
    public byte[] receipt(UUID batchId) throws SQLException {
        return db.read(c -> {
            LoanStore.Batch b = requireBatch(c, batchId);
            List<Loan> items = LoanStore.inBatch(c, batchId);
            boolean intact = true;
            for (Loan l : items) {
                Boolean ok = LoanViews.termsIntact(c, l);
                intact &= ok == null || ok;
            }
            return ReceiptPdf.renderBatch(settings.schoolName(), b, setName(c, b.setId()), items,
                    LoanStore.terms(c, items.get(0).termsId()), intact, now());
        });
    }

    /** The terms text the batch was lent under (every loan of a batch is lent under the same version). */
    public String termsText(UUID batchId) throws SQLException {
        return db.read(c -> {
            requireBatch(c, batchId);
            List<Loan> items = LoanStore.inBatch(c, batchId);
            return items.isEmpty() ? "" : LoanStore.terms(c, items.get(0).termsId()).text();
        });
    }

    public Instant clockNow() {
        return now();
    }

    private static LoanStore.Batch requireBatch(Connection c, UUID id) throws SQLException {
        LoanStore.Batch b = LoanStore.batch(c, id);
        if (b == null) {
            throw ApiException.notFound("no loan batch " + id);
        }
        return b;
    }

    private static String setName(Connection c, UUID setId) throws SQLException {
        if (setId == null) {
            return null;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT name FROM asset_sets WHERE id = ?")) {
            ps.setObject(1, setId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** How many of a batch's items are back: {@code {id, set, borrower, items, back, stillOut:[tags]}}. */
    public static Map<String, Object> progress(Connection c, UUID batchId) throws SQLException {
        LoanStore.Batch b = requireBatch(c, batchId);
        List<Loan> items = LoanStore.inBatch(c, batchId);
        List<String> out = new ArrayList<>();
        for (Loan l : items) {
            if (l.open()) {
                out.add(l.assetTag());
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", batchId);
        m.put("set", b.setId() == null ? null : Map.of("id", b.setId(), "name", setName(c, b.setId())));
        m.put("borrower", items.isEmpty() ? null : items.get(0).borrowerName());
        m.put("items", items.size());
        m.put("back", items.size() - out.size());
        m.put("stillOut", out);
        return m;
    }

    private Map<String, Object> view(Connection c, UUID batchId, Instant now) throws SQLException {
        LoanStore.Batch b = requireBatch(c, batchId);
        Person p = PeopleStore.byId(c, b.personId());
        List<Map<String, Object>> items = new ArrayList<>();
        int open = 0;
        int acked = 0;
        Loan first = null;
        for (Loan l : LoanStore.inBatch(c, batchId)) {
            items.add(LoanViews.view(c, l, now, settings.deviceSilentDays()));
            open += l.open() ? 1 : 0;
            if (l.ackAt() != null) {
                acked++;
                first = first == null ? l : first;
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", batchId);
        m.put("borrower", Map.of("id", p.id(), "staffId", p.staffId(), "name", p.name()));
        m.put("set", b.setId() == null ? null : Map.of("id", b.setId(), "name", setName(c, b.setId())));
        m.put("createdAt", b.createdAt());
        m.put("createdBy", b.createdBy());
        m.put("count", items.size());
        m.put("out", open);
        m.put("back", items.size() - open);
        m.put("acknowledged", acked);
        m.put("acknowledgement", first == null ? null : Map.of("typedName", first.ackName(), "at", first.ackAt()));
        m.put("items", items);
        return m;
    }
}
