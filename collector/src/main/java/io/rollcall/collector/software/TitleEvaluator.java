package io.rollcall.collector.software;

import io.rollcall.collector.db.Database;
import io.rollcall.collector.db.Jdbc;
import io.rollcall.collector.findings.Decision;
import io.rollcall.collector.findings.FindingReconciler;
import io.rollcall.collector.findings.OpenFinding;
import io.rollcall.collector.findings.Policy;
import io.rollcall.collector.findings.RuleEngine;
import io.rollcall.collector.findings.SoftwareTitle;
import io.rollcall.collector.findings.Verdict;
import io.rollcall.collector.findings.rules.SoftwareBannedRule;
import io.rollcall.collector.findings.rules.SoftwareUnapprovedRule;
import io.rollcall.collector.findings.rules.SoftwareUnlicensedRule;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Re-evaluates one title across the fleet: reads the devices holding it from the install index (never the
 * reports), works out its {@code software.banned} and {@code software.unlicensed} verdicts (seats go to the
 * earliest installs; ties by device id), and, when the title leaves the review queue, updates each holder's
 * {@code software.unapproved} finding. Writes every change and the affected devices' compliance in one
 * transaction. Blocking.
 */
public final class TitleEvaluator {
    private static final Set<String> TITLE_RULES = Set.of(SoftwareBannedRule.ID, SoftwareUnlicensedRule.ID);
    private static final int CHUNK = 500;

    private final Database db;
    private final CatalogueService catalogue;
    private final LicencePools pools;
    private final Supplier<Policy> policy;
    private final RuleEngine engine;
    private final Clock clock;
    private volatile io.rollcall.collector.findings.FindingEvents findingEvents =
            io.rollcall.collector.findings.FindingEvents.NONE;

    public TitleEvaluator(Database db, CatalogueService catalogue, LicencePools pools, Supplier<Policy> policy,
                          RuleEngine engine, Clock clock) {
        this.db = db;
        this.catalogue = catalogue;
        this.pools = pools;
        this.policy = policy;
        this.engine = engine;
        this.clock = clock;
    }

    /** Who hears, after each commit, which findings opened and resolved (the metrics); set once at start. */
    public void findingEvents(io.rollcall.collector.findings.FindingEvents events) {
        this.findingEvents = events;
    }

    /** What one re-evaluation did. */
    public record Result(String titleId, int holders, int opened, int updated, int resolved, Set<UUID> devices) {
    }

    /**
     * Re-evaluates {@code titleId}.
     *
     * @param leftReview whether the title just stopped being unreviewed, so its holders' unapproved findings change
     */
    public Result reevaluate(String titleId, boolean leftReview) throws SQLException {
        Instant now = clock.instant();
        Policy p = policy.get();
        CatalogueStore.TitleRow row = catalogue.store().title(titleId);
        SoftwareTitle title = new SoftwareTitle(titleId, row == null ? titleId : row.name(),
                row == null ? null : row.category());
        Optional<Decision> decision = catalogue.decisionForTitle(titleId, title.category());
        List<InstallIndex.Holder> holders = db.read(c -> InstallIndex.holders(c, titleId));
        LicencePools.Pool pool = decision.isPresent() && decision.get().status() == Decision.Status.LICENCE_REQUIRED
                ? pools.pool(titleId, now) : null;

        Map<UUID, List<Verdict>> wanted = new HashMap<>();
        for (int i = 0; i < holders.size(); i++) {
            InstallIndex.Holder h = holders.get(i);
            List<Verdict> v = new ArrayList<>(1);
            if (decision.isPresent() && decision.get().status() == Decision.Status.BANNED
                    && p.enabled(SoftwareBannedRule.ID)) {
                v.add(RuleEngine.withSettings(SoftwareBannedRule.verdict(title, decision.get(), h.version(),
                        h.installedAt()), p));
            }
            if (pool != null && !pool.covers(i + 1) && p.enabled(SoftwareUnlicensedRule.ID)) {
                v.add(RuleEngine.withSettings(SoftwareUnlicensedRule.verdict(titleId, title.name(), h.version(),
                        h.since(), pool.numbers(holders.size()), i + 1), p));
            }
            wanted.put(h.deviceId(), v);
        }
        Map<UUID, List<OpenFinding>> open = openFindings(titleId);
        Set<UUID> devices = new LinkedHashSet<>(wanted.keySet());
        devices.addAll(open.keySet());

        List<Write> writes = new ArrayList<>();
        int[] counts = new int[3];
        for (UUID d : devices) {
            var ch = FindingReconciler.reconcile(open.getOrDefault(d, List.of()), wanted.getOrDefault(d, List.of()),
                    now, TITLE_RULES);
            add(writes, d, ch, counts);
        }
        if (leftReview) {
            unapproved(holders, title, now, writes, counts);
        }
        Set<UUID> touched = new LinkedHashSet<>();
        writes.forEach(w -> touched.add(w.device()));
        if (!writes.isEmpty()) {
            db.inTransaction(c -> {
                FindingRows.write(c, writes, now);
                FindingRows.recomputeCompliance(c, touched, p.complianceSeverity());
                return null;
            });
            for (Write w : writes) {
                if (w.op() == FindingRows.Op.OPEN) {
                    findingEvents.opened(w.finding().rule());
                } else if (w.op() == FindingRows.Op.RESOLVE) {
                    findingEvents.resolved(w.finding().rule());
                }
            }
        }
        return new Result(titleId, holders.size(), counts[0], counts[1], counts[2], touched);
    }

    /** One finding change on one device. */
    record Write(UUID device, FindingRows.Op op, OpenFinding finding, boolean historyChange) {
    }

    private static void add(List<Write> writes, UUID d, FindingReconciler.Changes ch, int[] counts) {
        ch.opened().forEach(f -> writes.add(new Write(d, FindingRows.Op.OPEN, f, true)));
        ch.updated().forEach(f -> writes.add(new Write(d, FindingRows.Op.UPDATE, f, false)));
        ch.resolved().forEach(f -> writes.add(new Write(d, FindingRows.Op.RESOLVE, f, true)));
        counts[0] += ch.opened().size();
        counts[1] += ch.updated().size();
        counts[2] += ch.resolved().size();
    }

    private Map<UUID, List<OpenFinding>> openFindings(String titleId) throws SQLException {
        return db.read(c -> {
            Map<UUID, List<OpenFinding>> out = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT * FROM findings WHERE rule IN (?, ?) AND subject = ? AND status = 'open'""")) {
                ps.setString(1, SoftwareBannedRule.ID);
                ps.setString(2, SoftwareUnlicensedRule.ID);
                ps.setString(3, titleId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.computeIfAbsent(Jdbc.getUuid(rs, "device_id"), k -> new ArrayList<>()).add(FindingRows.read(rs));
                    }
                }
            }
            return out;
        });
    }

    /**
     * The holders' unapproved findings once {@code title} is reviewed. Most are updated from their own
     * evidence (one title fewer); only a device whose listed titles named this one, and that has more titles
     * than the list shows, has its list re-read from the index.
     */
    private void unapproved(List<InstallIndex.Holder> holders, SoftwareTitle title, Instant now, List<Write> writes,
                            int[] counts) throws SQLException {
        Set<UUID> holding = new LinkedHashSet<>();
        holders.forEach(h -> holding.add(h.deviceId()));
        // one indexed read of every open unapproved finding, filtered here: cheaper than 20,000 keyed reads
        Map<UUID, OpenFinding> open = db.read(c -> {
            Map<UUID, OpenFinding> out = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT * FROM findings WHERE status = 'open' AND rule = ?")) {
                ps.setString(1, SoftwareUnapprovedRule.ID);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        UUID d = Jdbc.getUuid(rs, "device_id");
                        if (holding.contains(d)) {
                            out.put(d, FindingRows.read(rs));
                        }
                    }
                }
            }
            return out;
        });
        List<UUID> reread = new ArrayList<>();
        for (Map.Entry<UUID, OpenFinding> e : open.entrySet()) {
            OpenFinding f = e.getValue();
            Object n = f.evidence().get("unreviewedTitles");
            Object listed = f.evidence().get("titles");
            int count = n instanceof Number num ? num.intValue() : -1;
            List<?> names = listed instanceof List<?> l ? l : List.of();
            if (count < 0 || names.contains(title.name()) && count - 1 > names.size() - 1) {
                reread.add(e.getKey());
            } else if (!names.contains(title.name()) && count <= names.size()) {
                continue; // the title was not counted on this device (another name shared it); nothing changes
            } else {
                List<String> rest = new ArrayList<>();
                names.forEach(x -> rest.add(String.valueOf(x)));
                rest.remove(title.name());
                if (rest.isEmpty() && count - 1 > 0) {
                    reread.add(e.getKey()); // evidence and count disagree: trust the index
                    continue;
                }
                List<Verdict> v = restOf(rest, count - 1);
                add(writes, e.getKey(), FindingReconciler.reconcile(List.of(f), v, now,
                        Set.of(SoftwareUnapprovedRule.ID)), counts);
            }
        }
        for (int from = 0; from < reread.size(); from += CHUNK) {
            List<UUID> chunk = reread.subList(from, Math.min(reread.size(), from + CHUNK));
            Map<UUID, List<String>> names = unreviewedNames(chunk);
            for (UUID d : chunk) {
                List<Verdict> v = SoftwareUnapprovedRule.verdicts(names.getOrDefault(d, List.of()));
                add(writes, d, FindingReconciler.reconcile(List.of(open.get(d)), v, now,
                        Set.of(SoftwareUnapprovedRule.ID)), counts);
            }
        }
    }

    /** The unapproved verdict for a device left with {@code count} unreviewed titles, {@code listed} of them named. */
    private static List<Verdict> restOf(List<String> listed, int count) {
        if (count <= 0) {
            return List.of();
        }
        Verdict v = SoftwareUnapprovedRule.verdicts(listed).get(0);
        Map<String, Object> ev = new java.util.LinkedHashMap<>(v.evidence());
        ev.put("unreviewedTitles", count);
        return List.of(new Verdict(v.rule(), v.subject(), v.outcome(), v.severity(), ev, v.policyRef()));
    }

    private Map<UUID, List<String>> unreviewedNames(List<UUID> devices) throws SQLException {
        return db.read(c -> {
            Map<UUID, List<String>> out = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT t.name FROM software_held i JOIN software_titles t ON t.id = i.title_id
                    WHERE i.device_id = ? AND t.status = 'unreviewed'""")) {
                for (UUID d : devices) {
                    ps.setObject(1, d);
                    try (ResultSet rs = ps.executeQuery()) {
                        List<String> names = new ArrayList<>();
                        while (rs.next()) {
                            names.add(rs.getString(1));
                        }
                        out.put(d, names);
                    }
                }
            }
            return out;
        });
    }

}
