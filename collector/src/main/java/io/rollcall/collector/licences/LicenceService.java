package io.rollcall.collector.licences;

import io.rollcall.collector.http.ApiException;
import io.rollcall.collector.software.CatalogueService;
import io.rollcall.collector.software.LicencePools;
import io.rollcall.collector.software.SoftwareService;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The licence register: validates and records licences, re-evaluates the title's seats when one is added or
 * removed, and computes each title's pool (valid licences only; an expired licence stops counting). Blocking.
 */
public final class LicenceService implements LicencePools {
    public static final Set<String> TYPES = Set.of("per-device", "per-user", "site");
    /** A licence ending within this many days is shown as expiring. */
    public static final int EXPIRING_DAYS = 30;

    private final LicenceStore store;
    private final CatalogueService catalogue;
    private final Clock clock;
    private SoftwareService software;

    public LicenceService(LicenceStore store, CatalogueService catalogue, Clock clock) {
        this.store = store;
        this.catalogue = catalogue;
        this.clock = clock;
    }

    /** Bound after construction: the software service needs this pool and this needs its re-evaluation. */
    public void bind(SoftwareService software) {
        this.software = software;
    }

    /** A licence as the API takes it. */
    public record LicenceRequest(String title, String type, Integer seats, LocalDate validFrom, LocalDate validTo,
                                 String supplier, String reference) {
    }

    /** A licence as the API shows it, with its title's pool numbers. */
    public record LicenceView(UUID id, String title, String type, int seats, LocalDate validFrom, LocalDate validTo,
                              String supplier, String reference, String createdBy, Instant createdAt, boolean valid,
                              boolean expired, boolean expiringSoon, Long daysLeft, Object poolSeats, int used,
                              int overBy, int installs) {
    }

    @Override
    public Pool pool(String titleId, Instant now) throws SQLException {
        return pool(store.list(titleId), today(now));
    }

    private static Pool pool(List<Licence> licences, LocalDate day) {
        int seats = 0;
        boolean site = false;
        List<Map<String, Object>> counted = new ArrayList<>();
        for (Licence l : licences) {
            if (!l.validOn(day)) {
                continue;
            }
            site |= l.site();
            seats += l.site() ? 0 : l.seats();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", l.id().toString());
            m.put("type", l.type());
            m.put("seats", l.seats());
            m.put("validTo", l.validTo() == null ? null : l.validTo().toString());
            m.put("supplier", l.supplier());
            m.put("reference", l.reference());
            counted.add(m);
        }
        return new Pool(seats, site, counted);
    }

    public Licence add(LicenceRequest req, String actor) throws SQLException, InterruptedException {
        Licence l = validate(req, actor, clock.instant());
        if (catalogue.store().title(l.title()) == null && catalogue.normaliser().titleNameOf(l.title()) == null) {
            throw ApiException.badRequest("title: no software title " + l.title() + " has been seen or is named by a rule");
        }
        store.insert(l);
        software.reevaluate(l.title());
        return l;
    }

    public void delete(UUID id) throws SQLException, InterruptedException {
        String title = store.delete(id);
        if (title == null) {
            throw ApiException.notFound("no licence " + id);
        }
        software.reevaluate(title);
    }

    /** Every licence with its pool numbers; {@code expiringOnly} keeps those ending within 30 days. */
    public List<LicenceView> list(String titleId, boolean expiringOnly) throws SQLException {
        List<Licence> all = store.list(titleId);
        LocalDate day = today(clock.instant());
        Set<String> titles = new LinkedHashSet<>();
        all.forEach(l -> titles.add(l.title()));
        Map<String, Integer> installs = store.installs(new ArrayList<>(titles));
        Map<String, Pool> pools = new LinkedHashMap<>();
        for (String t : titles) {
            pools.put(t, pool(all.stream().filter(l -> l.title().equals(t)).toList(), day));
        }
        List<LicenceView> out = new ArrayList<>();
        for (Licence l : all) {
            boolean valid = l.validOn(day);
            boolean expired = l.validTo() != null && day.isAfter(l.validTo());
            Long daysLeft = l.validTo() == null ? null : ChronoUnit.DAYS.between(day, l.validTo());
            boolean expiring = valid && daysLeft != null && daysLeft <= EXPIRING_DAYS;
            if (expiringOnly && !expiring) {
                continue;
            }
            int n = installs.getOrDefault(l.title(), 0);
            Map<String, Object> numbers = pools.get(l.title()).numbers(n);
            out.add(new LicenceView(l.id(), l.title(), l.type(), l.seats(), l.validFrom(), l.validTo(), l.supplier(),
                    l.reference(), l.createdBy(), l.createdAt(), valid, expired, expiring, daysLeft,
                    numbers.get("seats"), (Integer) numbers.get("used"), (Integer) numbers.get("overBy"), n));
        }
        return out;
    }

    static Licence validate(LicenceRequest r, String actor, Instant now) {
        if (r.title() == null || !r.title().matches("[a-z0-9][a-z0-9-]{0,159}")) {
            throw ApiException.badRequest("title: a title id (lower-case letters, digits, hyphens) is required");
        }
        if (r.type() == null || !TYPES.contains(r.type())) {
            throw ApiException.badRequest("type: was '" + r.type() + "', must be per-device, per-user or site");
        }
        int seats = r.seats() == null ? 0 : r.seats();
        if (!"site".equals(r.type()) && seats < 1) {
            throw ApiException.badRequest("seats: was " + r.seats() + ", must be at least 1");
        }
        if (seats < 0 || seats > 10_000_000) {
            throw ApiException.badRequest("seats: was " + seats + ", must be between 0 and 10000000");
        }
        if (r.validFrom() != null && r.validTo() != null && r.validTo().isBefore(r.validFrom())) {
            throw ApiException.badRequest("validTo: " + r.validTo() + " is before validFrom " + r.validFrom());
        }
        return new Licence(UUID.randomUUID(), r.title(), r.type(), seats, r.validFrom(), r.validTo(),
                text("supplier", r.supplier()), text("reference", r.reference()), actor, now);
    }

    private static String text(String field, String v) {
        if (v == null || v.isBlank()) {
            return null;
        }
        if (v.length() > 256) {
            throw ApiException.badRequest(field + ": is " + v.length() + " characters, the limit is 256");
        }
        return v.strip();
    }

    private static LocalDate today(Instant now) {
        return LocalDate.ofInstant(now, ZoneOffset.UTC);
    }
}
