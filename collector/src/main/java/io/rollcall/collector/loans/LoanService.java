package io.rollcall.collector.loans;

import io.rollcall.collector.assets.Asset;
import io.rollcall.collector.assets.AssetStore;
import io.rollcall.collector.assets.SqlErrors;
import io.rollcall.collector.db.Database;
import io.rollcall.collector.http.ApiException;
import io.rollcall.collector.people.Person;
import io.rollcall.collector.people.PeopleStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Lending, acknowledgement, return and loss, each one transaction: the loan row and the asset's
 * status (with its history) change together or not at all. "One open loan per asset" is enforced by
 * the database (a unique key on the open loan's tag), so two simultaneous lends of one asset end with
 * one loan and one 409. Blocking.
 */
public final class LoanService {
    private final Database db;
    private final Clock clock;
    private final LoanSettings settings;

    public LoanService(Database db, Clock clock, LoanSettings settings) {
        this.db = db;
        this.clock = clock;
        this.settings = settings;
    }

    public LoanSettings settings() {
        return settings;
    }

    private Instant now() {
        // stored timestamps keep milliseconds; hashing the same value that is stored keeps the hash checkable
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    public Map<String, Object> lend(String tag, UUID personId, Instant dueAt, String conditionOut, String actor)
            throws SQLException {
        Instant now = now();
        if (!dueAt.isAfter(now)) {
            throw ApiException.badRequest("dueAt: was " + dueAt + ", must be in the future");
        }
        Instant due = dueAt.truncatedTo(ChronoUnit.MILLIS);
        UUID id = UUID.randomUUID();
        Map<String, Object> lent;
        try {
            lent = db.inTransaction(c -> {
                Person p = PeopleStore.byId(c, personId);
                if (p == null) {
                    throw ApiException.notFound("personId: no person " + personId);
                }
                if (p.status().equals("leaver")) {
                    throw new ApiException(409, "conflict", "personId: " + p.name() + " is a leaver and cannot borrow");
                }
                Asset a = AssetStore.get(c, tag);
                if (a == null) {
                    throw ApiException.notFound("assetTag: no asset tagged '" + tag + "'");
                }
                if (!a.status().equals("in-stock")) {
                    throw alreadyOut(tag, a.status());
                }
                if (!AssetStore.changeStatus(c, tag, "in-stock", "on-loan", actor, "lent to " + p.staffId(), now)) {
                    throw alreadyOut(tag, "on-loan");
                }
                lendGuard.check(c, tag, due, now);
                LoanStore.Terms terms = LoanStore.currentTerms(c);
                LoanStore.insert(c, id, tag, personId, terms.id(), now, due, conditionOut, actor);
                return LoanViews.view(c, LoanStore.get(c, id), now, settings.deviceSilentDays());
            });
        } catch (SQLException e) {
            if (SqlErrors.isConflict(e)) {
                throw alreadyOut(tag, "on-loan");
            }
            throw e;
        }
        lentListener.accept(id, actor);
        return lent;
    }

    /** Told of each loan made by {@link #lend}, after its commit (issue 16: e-mail the acknowledgement link). */
    public interface LentListener {
        /** Must not throw: the loan is made whatever the listener does. */
        void accept(UUID loanId, String actor);
    }

    private volatile LentListener lentListener = (id, actor) -> {
    };

    public void onLent(LentListener l) {
        this.lentListener = l;
    }

    /** Asked inside each lend's transaction, once the asset's row is locked (issue 16: a booking may hold it). */
    public interface LendGuard {
        /** Throws an {@link ApiException} to refuse lending {@code tag} from {@code now} until {@code due}. */
        void check(Connection c, String tag, Instant due, Instant now) throws SQLException;
    }

    private volatile LendGuard lendGuard = (c, tag, due, now) -> {
    };

    public void guardLending(LendGuard g) {
        this.lendGuard = g;
    }

    private static ApiException alreadyOut(String tag, String status) {
        return new ApiException(409, "conflict", "assetTag: asset '" + tag + "' is " + status + ", not in-stock");
    }

    /** Records the borrower's typed name over the hash of the terms and the loan, once. */
    public Map<String, Object> acknowledge(UUID id, String typedName) throws SQLException {
        Instant now = now();
        return db.inTransaction(c -> {
            Loan l = require(c, id);
            if (!l.open()) {
                throw new ApiException(409, "conflict", "loan " + id + " is closed");
            }
            if (l.ackAt() != null) {
                throw new ApiException(409, "conflict", "loan " + id + " was acknowledged on " + l.ackAt());
            }
            acknowledgeOn(c, l, typedName, now);
            return LoanViews.view(c, LoanStore.get(c, id), now, settings.deviceSilentDays());
        });
    }

    /**
     * Records {@code typedName} at {@code now} over the hash of the loan's terms version and the loan, in the caller's
     * transaction: the one way an acknowledgement is written, at the desk or through an e-mailed link.
     */
    public static void acknowledgeOn(Connection c, Loan l, String typedName, Instant now) throws SQLException {
        LoanStore.Terms terms = LoanStore.terms(c, l.termsId());
        String hash = AckHash.of(terms.text(), l, typedName, now);
        if (!LoanStore.acknowledge(c, l.id(), typedName, now, hash)) {
            throw new ApiException(409, "conflict", "loan " + l.id() + " changed meanwhile; try again");
        }
    }

    /** Closes the loan as returned; the asset goes back in stock (or to repair). Includes the return inspection. */
    public Map<String, Object> returnLoan(UUID id, String conditionIn, String receivedBy, String assetStatus, String actor)
            throws SQLException {
        Instant now = now();
        return db.inTransaction(c -> {
            Loan l = close(c, id, "returned", conditionIn, receivedBy, assetStatus, actor, now);
            Map<String, Object> out = LoanViews.view(c, l, now, settings.deviceSilentDays());
            out.put("inspection", inspection(c, l, now));
            return out;
        });
    }

    /** Closes the loan as lost or stolen and flags the asset so. */
    public Map<String, Object> reportLoss(UUID id, String kind, String note, String actor) throws SQLException {
        Instant now = now();
        return db.inTransaction(c -> LoanViews.view(c, close(c, id, kind, note, null, kind, actor, now), now,
                settings.deviceSilentDays()));
    }

    private Loan close(Connection c, UUID id, String reason, String conditionIn, String receivedBy, String assetTo,
                       String actor, Instant now) throws SQLException {
        Loan l = require(c, id);
        if (!l.open()) {
            throw new ApiException(409, "conflict", "loan " + id + " was already closed (" + l.closedReason() + ") on " + l.closedAt());
        }
        if (!LoanStore.close(c, id, now, reason, actor, conditionIn, receivedBy)) {
            throw new ApiException(409, "conflict", "loan " + id + " changed meanwhile; try again");
        }
        String note = reason.equals("returned") ? "returned by " + l.staffId() : reason + " while lent to " + l.staffId()
                + (conditionIn == null ? "" : ": " + conditionIn);
        if (!AssetStore.changeStatus(c, l.assetTag(), "on-loan", assetTo, actor, note, now)) {
            throw new ApiException(409, "conflict", "asset '" + l.assetTag() + "' is not on loan; its status changed meanwhile");
        }
        return LoanStore.get(c, id);
    }

    public Map<String, Object> get(UUID id) throws SQLException {
        Instant now = now();
        return db.read(c -> LoanViews.view(c, require(c, id), now, settings.deviceSilentDays()));
    }

    /** The return inspection of a lent laptop or tablet (up to now while the loan is open). */
    public Map<String, Object> inspection(UUID id) throws SQLException {
        Instant now = now();
        return db.read(c -> {
            Loan l = require(c, id);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("loanId", id);
            out.put("inspection", inspection(c, l, now));
            return out;
        });
    }

    private Object inspection(Connection c, Loan l, Instant now) throws SQLException {
        if (!l.carriesAgent()) {
            return Map.of("available", false, "reason", "a " + l.assetType() + " has no agent");
        }
        Asset.LinkedDevice d = AssetStore.linkedDevice(c, l.serial());
        if (d == null) {
            return Map.of("available", false, "reason", "no enrolled device has serial number " + l.serial());
        }
        return ReturnInspection.inspect(c, d.deviceId(), l.outAt(), l.open() ? now : l.closedAt());
    }

    /**
     * @param filter     which loans
     * @param silentOnly only open loans of laptops/tablets whose agent has gone silent
     */
    public List<Map<String, Object>> list(LoanStore.Filter filter, boolean silentOnly, UUID person, String tag,
                                          int limit, int offset) throws SQLException {
        Instant now = now();
        Instant soon = now.plus(Duration.ofDays(settings.dueSoonDays()));
        return db.read(c -> {
            List<Map<String, Object>> out = new ArrayList<>();
            for (Loan l : LoanStore.list(c, silentOnly ? LoanStore.Filter.OUT : filter, now, soon, person, tag, limit, offset)) {
                Map<String, Object> v = LoanViews.view(c, l, now, settings.deviceSilentDays());
                if (!silentOnly || Boolean.TRUE.equals(v.get("deviceSilent"))) {
                    out.add(v);
                }
            }
            return out;
        });
    }

    /** What a person holds now (open loans), with the person. */
    public Map<String, Object> holdings(UUID personId) throws SQLException {
        Instant now = now();
        return db.read(c -> {
            Person p = PeopleStore.byId(c, personId);
            if (p == null) {
                throw ApiException.notFound("no person " + personId);
            }
            List<Map<String, Object>> items = new ArrayList<>();
            for (Loan l : LoanStore.list(c, LoanStore.Filter.OUT, now, now, personId, null, 1000, 0)) {
                items.add(LoanViews.view(c, l, now, settings.deviceSilentDays()));
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("person", p);
            out.put("items", items);
            return out;
        });
    }

    /** The receipt PDF; {@code kind} null means the return receipt once returned, the issue receipt before. */
    public byte[] receipt(UUID id, ReceiptPdf.Kind kind) throws SQLException {
        return db.read(c -> {
            Loan l = require(c, id);
            ReceiptPdf.Kind k = kind != null ? kind : l.open() ? ReceiptPdf.Kind.ISSUE : ReceiptPdf.Kind.RETURN;
            if (k == ReceiptPdf.Kind.RETURN && l.open()) {
                throw new ApiException(409, "conflict", "loan " + id + " has not been returned yet");
            }
            Boolean intact = LoanViews.termsIntact(c, l);
            return ReceiptPdf.render(k, settings.schoolName(), l, LoanStore.terms(c, l.termsId()), intact == null || intact);
        });
    }

    public LoanStore.Terms currentTerms() throws SQLException {
        return db.read(LoanStore::currentTerms);
    }

    /** A new version of the terms; loans already made keep the version they were lent under. */
    public LoanStore.Terms setTerms(String text, String actor) throws SQLException {
        LoanStore.Terms t = new LoanStore.Terms(UUID.randomUUID(), text, AckHash.ofText(text), now(), actor);
        db.inTransaction(c -> {
            LoanStore.insertTerms(c, t);
            return null;
        });
        return t;
    }

    /** Loans matching {@code filter} as stored rows, for the CSV export. */
    public List<Loan> rows(LoanStore.Filter filter, int limit) throws SQLException {
        Instant now = now();
        return db.read(c -> LoanStore.list(c, filter, now, now.plus(Duration.ofDays(settings.dueSoonDays())), null, null,
                limit, 0));
    }

    /** How many loans are out, overdue and due within {@code loans.due.soon.days}, and how many leavers still hold kit. */
    public record Counts(long out, long overdue, long dueSoon, long leaversWithKit) {
    }

    /** The business manager's numbers at a glance, as of now; counted in SQL, so fast at any size. */
    public Counts counts() throws SQLException {
        Instant now = now();
        Instant soon = now.plus(Duration.ofDays(settings.dueSoonDays()));
        return db.read(c -> LoanStore.counts(c, now, soon));
    }

    /** The version of the terms text with this id (a loan's {@code termsVersion}); 404 if unknown. */
    public LoanStore.Terms terms(UUID termsId) throws SQLException {
        LoanStore.Terms t = db.read(c -> LoanStore.terms(c, termsId));
        if (t == null) {
            throw ApiException.notFound("no terms version " + termsId);
        }
        return t;
    }

    public Instant clockNow() {
        return now();
    }

    private static Loan require(Connection c, UUID id) throws SQLException {
        Loan l = LoanStore.get(c, id);
        if (l == null) {
            throw ApiException.notFound("no loan " + id);
        }
        return l;
    }
}
