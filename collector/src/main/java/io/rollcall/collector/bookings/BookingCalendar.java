package io.rollcall.collector.bookings;

import io.rollcall.collector.db.Database;
import io.rollcall.collector.db.Jdbc;
import io.rollcall.collector.http.ApiException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The day or week view of one set: for each day (UTC), the bookings and loans that hold any of its assets during
 * it. A collected booking is shown once, as the booking; loans made at the desk show as loans (one entry per batch).
 * Blocking.
 */
public final class BookingCalendar {
    /** One thing holding some of the set's assets over [from, until). */
    public record Entry(String kind, UUID id, String status, String staffId, String personName, Instant from,
                        Instant until, List<String> assetTags) {
    }

    public record Day(LocalDate date, List<Entry> entries) {
    }

    /** The view: the set, its size, and each day from {@code from} for {@code days} days. */
    public record View(UUID setId, String setName, int members, LocalDate from, int days, List<Day> byDay) {
    }

    private final Database db;
    private final Clock clock;

    public BookingCalendar(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public View of(UUID setId, LocalDate from, int days) throws SQLException {
        if (days < 1 || days > 31) {
            throw ApiException.badRequest("days: was " + days + ", must be 1 to 31");
        }
        Instant start = from.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = from.plusDays(days).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant now = clock.instant();
        return db.read(c -> {
            String name = BookingStore.setName(c, setId);
            if (name == null) {
                throw ApiException.notFound("set: no set " + setId);
            }
            List<String> tags = io.rollcall.collector.sets.SetStore.members(c, setId);
            List<Entry> entries = new ArrayList<>();
            Set<UUID> fromBookings = new HashSet<>();
            for (Booking b : BookingStore.list(c, List.of("booked", "collected"), start, end, tags, null, 1000)) {
                entries.add(new Entry("booking", b.id(), b.status(), b.staffId(), b.personName(), b.startsAt(),
                        b.endsAt(), b.assetTags()));
                if (b.loanId() != null) {
                    fromBookings.add(b.loanId());
                }
                if (b.batchId() != null) {
                    fromBookings.add(b.batchId());
                }
            }
            entries.addAll(loans(c, tags, start, end, now, fromBookings));
            entries.sort(java.util.Comparator.comparing(Entry::from).thenComparing(Entry::kind));
            List<Day> byDay = new ArrayList<>();
            for (int i = 0; i < days; i++) {
                Instant ds = from.plusDays(i).atStartOfDay(ZoneOffset.UTC).toInstant();
                Instant de = ds.plus(java.time.Duration.ofDays(1));
                byDay.add(new Day(from.plusDays(i), entries.stream()
                        .filter(e -> e.from().isBefore(de) && e.until().isAfter(ds)).toList()));
            }
            return new View(setId, name, tags.size(), from, days, byDay);
        });
    }

    /** Loans of {@code tags} out during [start, end), grouped by batch, leaving out those a booking made. */
    private static List<Entry> loans(Connection c, List<String> tags, Instant start, Instant end, Instant now,
                                     Set<UUID> skip) throws SQLException {
        if (tags.isEmpty()) {
            return List.of();
        }
        List<Object> args = new ArrayList<>(tags);
        args.add(end);
        args.add(now);
        args.add(now);
        args.add(start);
        Map<UUID, Entry> grouped = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT l.id, l.batch_id, l.asset_tag, l.out_at, l.due_at, l.closed_at, p.staff_id, p.name
                FROM loans l JOIN people p ON p.id = l.person_id
                WHERE l.asset_tag IN (""" + BookingStore.marks(tags.size()) + """
                ) AND l.out_at < ?
                  AND COALESCE(l.closed_at, CASE WHEN l.due_at > ? THEN l.due_at ELSE ? END) > ?
                ORDER BY l.out_at, l.asset_tag LIMIT 2000""")) {
            Jdbc.bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    UUID id = Jdbc.getUuid(rs, "id");
                    UUID batch = Jdbc.getUuid(rs, "batch_id");
                    if (skip.contains(id) || (batch != null && skip.contains(batch))) {
                        continue;
                    }
                    Instant closed = Jdbc.getInstant(rs, "closed_at");
                    Instant due = Jdbc.getInstant(rs, "due_at");
                    String status = closed != null ? "returned" : due.isBefore(now) ? "overdue" : "out";
                    UUID key = batch != null ? batch : id;
                    Entry prev = grouped.get(key);
                    List<String> assets = new ArrayList<>(prev == null ? List.of() : prev.assetTags());
                    assets.add(rs.getString("asset_tag"));
                    Instant until = closed != null ? closed : due;
                    grouped.put(key, new Entry(batch != null ? "loan-batch" : "loan", key,
                            prev != null && !prev.status().equals(status) ? "partly returned" : status,
                            rs.getString("staff_id"), rs.getString("name"), Jdbc.getInstant(rs, "out_at"),
                            prev != null && prev.until().isAfter(until) ? prev.until() : until, assets));
                }
            }
        }
        return new ArrayList<>(grouped.values());
    }
}
