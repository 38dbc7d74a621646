package io.rollcall.collector.bookings;

import io.rollcall.collector.assets.Asset;
import io.rollcall.collector.assets.AssetStore;
import io.rollcall.collector.assets.SqlErrors;
import io.rollcall.collector.db.Database;
import io.rollcall.collector.http.ApiException;
import io.rollcall.collector.loans.LoanStore;
import io.rollcall.collector.people.PeopleStore;
import io.rollcall.collector.people.Person;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Reservations: book assets (by tag, or a set's members) for a person over a time range, cancel, and pick up — the
 * booking becomes a loan, or a loan batch when it holds several assets or a set, in one transaction. Overlaps are
 * refused with the clash named. Two bookings of one slot at once: each transaction first locks the assets' rows
 * ({@code SELECT … FOR UPDATE}, in tag order), so the second sees the first's booking and gets the 409. Blocking.
 */
public final class BookingService {
    /** Longest booking: a school term. */
    static final Duration MAX_LENGTH = Duration.ofDays(120);
    static final int MAX_ASSETS = 200;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final Set<String> UNBOOKABLE = Set.of("lost", "stolen", "disposed");

    /** Told of each pick-up after its commit: the new loan, or the batch (then {@code loanId} is null). */
    public interface Collected {
        /** Must not throw: the loans are made whatever the listener does. */
        void accept(UUID loanId, UUID batchId, String actor);
    }

    private final Database db;
    private final Clock clock;
    private volatile Collected collected = (l, b, a) -> {
    };

    public BookingService(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public void onCollected(Collected c) {
        this.collected = c;
    }

    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    static String when(Instant t) {
        return WHEN.format(t);
    }

    /**
     * Books {@code tags}, or the members of {@code setId} (exactly one of the two), for the person.
     *
     * @throws ApiException 409 naming every clash (asset, whose booking or loan, when)
     */
    public Map<String, Object> book(List<String> tags, UUID setId, UUID personId, Instant start, Instant end,
                                    String note, String actor) throws SQLException {
        Instant now = now();
        if ((tags == null || tags.isEmpty()) == (setId == null)) {
            throw ApiException.badRequest("assetTags: give either assetTags or setId, not both or neither");
        }
        if (tags != null && tags.size() > MAX_ASSETS) {
            throw ApiException.badRequest("assetTags: " + tags.size() + " tags, the limit is " + MAX_ASSETS);
        }
        Instant from = start.truncatedTo(ChronoUnit.MILLIS);
        Instant until = end.truncatedTo(ChronoUnit.MILLIS);
        if (!until.isAfter(from)) {
            throw ApiException.badRequest("endsAt: was " + until + ", must be after startsAt (" + from + ")");
        }
        if (!until.isAfter(now)) {
            throw ApiException.badRequest("endsAt: was " + until + ", must be in the future");
        }
        if (Duration.between(from, until).compareTo(MAX_LENGTH) > 0) {
            throw ApiException.badRequest("endsAt: a booking may last at most " + MAX_LENGTH.toDays() + " days");
        }
        UUID id = UUID.randomUUID();
        try {
            return db.inTransaction(c -> {
                Person p = activePerson(c, personId);
                String setName = null;
                List<String> wanted = tags == null ? null : tags.stream().distinct().toList();
                if (setId != null) {
                    setName = BookingStore.setName(c, setId);
                    if (setName == null) {
                        throw ApiException.notFound("setId: no set " + setId);
                    }
                    wanted = io.rollcall.collector.sets.SetStore.members(c, setId);
                    if (wanted.isEmpty()) {
                        throw new ApiException(409, "conflict", "setId: set '" + setName + "' has no assets to book");
                    }
                }
                List<String> locked = BookingStore.lockAssets(c, wanted);
                for (String t : wanted) {
                    if (!locked.contains(t)) {
                        throw ApiException.notFound("assetTags: no asset tagged '" + t + "'");
                    }
                    Asset a = AssetStore.get(c, t);
                    if (UNBOOKABLE.contains(a.status())) {
                        throw new ApiException(409, "conflict", "assetTags: asset '" + t + "' is " + a.status()
                                + " and cannot be booked");
                    }
                }
                refuseClashes(BookingStore.clashes(c, wanted, from, until, null, now));
                Booking b = new Booking(id, p.id(), p.staffId(), p.name(), p.email(), setId, setName, from, until, note,
                        "booked", now, actor, null, null, null, null, wanted);
                BookingStore.insert(c, b);
                return view(BookingStore.get(c, id, false));
            });
        } catch (SQLException e) {
            throw busy(e);
        }
    }

    /** A lock wait that timed out or a serialisation failure: someone else was booking the same assets. */
    private static SQLException busy(SQLException e) {
        if (SqlErrors.isConflict(e)) {
            throw new ApiException(409, "conflict", "those assets were being booked or lent at the same moment; try again");
        }
        return e;
    }

    private static void refuseClashes(List<Booking.Clash> clashes) {
        if (clashes.isEmpty()) {
            return;
        }
        List<String> words = clashes.stream().limit(5).map(x -> x.describe(BookingService::when)).toList();
        throw new ApiException(409, "conflict", String.join("; ", words)
                + (clashes.size() > 5 ? "; and " + (clashes.size() - 5) + " more" : ""));
    }

    /** Refuses a loan at the desk of {@code tag} until {@code due} when a booking holds it meanwhile. */
    public static void refuseBooked(Connection c, String tag, Instant due, Instant now) throws SQLException {
        refuseClashes(BookingStore.clashes(c, List.of(tag), now, due, null, now).stream()
                .filter(x -> x.kind().equals("booking")).toList());
    }

    private static Person activePerson(Connection c, UUID personId) throws SQLException {
        Person p = PeopleStore.byId(c, personId);
        if (p == null) {
            throw ApiException.notFound("personId: no person " + personId);
        }
        if (p.status().equals("leaver")) {
            throw new ApiException(409, "conflict", "personId: " + p.name() + " is a leaver and cannot borrow");
        }
        return p;
    }

    /** The booking, with the ids of the loans it became once collected. */
    public Map<String, Object> get(UUID id) throws SQLException {
        return db.read(c -> {
            Booking b = require(c, id, false);
            Map<String, Object> v = view(b);
            v.put("loans", BookingStore.loans(c, b.loanId(), b.batchId()));
            return v;
        });
    }

    /** The sets that can be booked, id → name. */
    public Map<UUID, String> sets() throws SQLException {
        return db.read(BookingStore::sets);
    }

    public Map<String, Object> cancel(UUID id, String actor) throws SQLException {
        Instant now = now();
        return db.inTransaction(c -> {
            Booking b = require(c, id, true);
            if (!b.status().equals("booked")) {
                throw new ApiException(409, "conflict", "booking " + id + " is " + b.status() + ", not booked");
            }
            BookingStore.close(c, id, "cancelled", now, actor, null, null);
            return view(BookingStore.get(c, id, false));
        });
    }

    /**
     * Pick-up: every asset of the booking is lent to its person, due back at the booking's end, in one transaction;
     * several assets (or a set) make one loan batch. Refused if an asset is not in stock or another booking still holds
     * it between now and this booking's start.
     */
    public Map<String, Object> collect(UUID id, String conditionOut, String actor) throws SQLException {
        Instant now = now();
        UUID[] made = new UUID[2];
        Map<String, Object> out;
        try {
            out = db.inTransaction(c -> {
                Booking b = require(c, id, true);
                if (!b.status().equals("booked")) {
                    throw new ApiException(409, "conflict", "booking " + id + " is " + b.status() + ", not booked");
                }
                if (!b.endsAt().isAfter(now)) {
                    throw new ApiException(409, "conflict", "booking " + id + " ended at " + when(b.endsAt()));
                }
                Person p = activePerson(c, b.personId());
                BookingStore.lockAssets(c, b.assetTags());
                Instant from = b.startsAt().isBefore(now) ? b.startsAt() : now;
                refuseClashes(BookingStore.clashes(c, b.assetTags(), from, b.endsAt(), id, now));
                UUID batch = b.assetTags().size() > 1 || b.setId() != null ? UUID.randomUUID() : null;
                if (batch != null) {
                    io.rollcall.collector.loans.LoanStore.insertBatch(c, new io.rollcall.collector.loans.LoanStore.Batch(batch, p.id(), b.setId(), now, actor));
                }
                LoanStore.Terms terms = LoanStore.currentTerms(c);
                UUID single = null;
                for (String tag : b.assetTags()) {
                    Asset a = AssetStore.get(c, tag);
                    if (!AssetStore.changeStatus(c, tag, "in-stock", "on-loan", actor,
                            "lent to " + p.staffId() + " (booking " + id + ")", now)) {
                        throw new ApiException(409, "conflict", "asset '" + tag + "' is " + a.status() + ", not in-stock");
                    }
                    UUID loan = UUID.randomUUID();
                    LoanStore.insert(c, loan, tag, p.id(), terms.id(), now, b.endsAt(), conditionOut, actor);
                    if (batch != null) {
                        BookingStore.setLoanBatch(c, loan, batch);
                    } else {
                        single = loan;
                    }
                }
                if (!BookingStore.close(c, id, "collected", now, actor, batch, single)) {
                    throw new ApiException(409, "conflict", "booking " + id + " changed meanwhile; try again");
                }
                made[0] = single;
                made[1] = batch;
                return view(BookingStore.get(c, id, false));
            });
        } catch (SQLException e) {
            throw busy(e);
        }
        collected.accept(made[0], made[1], actor);
        return out;
    }

    /** Bookings in {@code statuses} overlapping [from, until), of one asset, one set's members or one person. */
    public List<Map<String, Object>> list(List<String> statuses, Instant from, Instant until, String tag, UUID setId,
                                          UUID person, int limit) throws SQLException {
        return db.read(c -> {
            List<String> tags = tag != null ? List.of(tag) : setId != null ? io.rollcall.collector.sets.SetStore.members(c, setId) : null;
            List<Map<String, Object>> out = new ArrayList<>();
            for (Booking b : BookingStore.list(c, statuses, from, until, tags, person, limit)) {
                out.add(view(b));
            }
            return out;
        });
    }

    private static Booking require(Connection c, UUID id, boolean lock) throws SQLException {
        Booking b = BookingStore.get(c, id, lock);
        if (b == null) {
            throw ApiException.notFound("no booking " + id);
        }
        return b;
    }

    static Map<String, Object> view(Booking b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", b.id());
        m.put("status", b.status());
        Map<String, Object> who = new LinkedHashMap<>();
        who.put("id", b.personId());
        who.put("staffId", b.staffId());
        who.put("name", b.personName());
        m.put("person", who);
        if (b.setId() != null) {
            m.put("set", Map.of("id", b.setId(), "name", b.setName()));
        }
        m.put("startsAt", b.startsAt());
        m.put("endsAt", b.endsAt());
        m.put("assetTags", b.assetTags());
        m.put("note", b.note());
        m.put("createdAt", b.createdAt());
        m.put("createdBy", b.createdBy());
        m.put("closedAt", b.closedAt());
        m.put("closedBy", b.closedBy());
        m.put("loanId", b.loanId());
        m.put("batchId", b.batchId());
        return m;
    }
}
