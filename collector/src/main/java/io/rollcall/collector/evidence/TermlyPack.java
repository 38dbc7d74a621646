package io.rollcall.collector.evidence;

import io.rollcall.collector.compliance.ComplianceReports;
import io.rollcall.collector.compliance.FindingQueries;
import io.rollcall.collector.db.Database;
import io.rollcall.collector.groups.GroupFilter;
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
import java.util.TreeSet;
import java.util.UUID;

/**
 * The governors' termly pack: for each control, the devices meeting it and those not (named, with their user or
 * borrower and the day the oldest failing finding opened), the trend since last term, unsupported systems, account
 * separation, screen-lock and encryption coverage and leavers still holding kit. Every count comes from the live
 * state (the same rows as {@code /api/v1/compliance/summary}, the device list and the findings); the trend from the
 * daily snapshots. Blocking.
 *
 * <p>Definitions. A device fails a control when it has an open FAIL finding of a rule mapped to the control or to
 * one of its sub-requirements; it meets it otherwise. "Cannot verify" counts devices whose only open findings of
 * those rules are UNKNOWN (they still count as meeting, as on the compliance page). A control no rule is mapped to
 * is listed as not evidenced by device data.
 */
public final class TermlyPack {
    /** Rules the coverage figures count, whatever the mapping says. */
    private static final Set<String> COVERAGE_RULES = Set.of("screenlock.disabled", "screenlock.idle-too-long",
            "screenlock.no-password", "security.unencrypted", "accounts.daily-admin", "accounts.no-separate-account",
            "security.os-unsupported", "security.updates-overdue", "software.unlicensed");
    private final EvidenceMapping mapping;
    private final FindingQueries findings;
    private final ComplianceReports reports;
    private final PackQueries queries;
    private final TermSettings terms;
    private final Database db;
    private final Clock clock;

    public TermlyPack(Database db, EvidenceMapping mapping, FindingQueries findings, ComplianceReports reports,
                      TermSettings terms, Clock clock) {
        this.db = db;
        this.mapping = mapping;
        this.findings = findings;
        this.reports = reports;
        this.queries = new PackQueries(db);
        this.terms = terms;
        this.clock = clock;
    }

    /** A device that does not meet a control. */
    public record Failing(UUID deviceId, String hostname, String user, String borrower, List<String> rules,
                          Instant since, long days) {
    }

    /** One control's standing. */
    public record ControlStatus(String id, String source, String name, String text, String parent, List<String> rules,
                                boolean evidenced, long devices, long meeting, long cannotVerify, List<Failing> failing) {
    }

    /** A coverage figure: of the devices reporting the facts, how many meet the check. */
    public record Coverage(long reporting, long meeting, long failing, long cannotVerify) {
    }

    /** Compliance at a point in time; {@code day} null for now. */
    public record Point(LocalDate day, long devices, long compliant, int compliantPercent) {
    }

    /** The pack. {@code trend} holds the previous term's last snapshot, this term's first and now. */
    public record Pack(Terms.Term term, Terms.Term previousTerm, Instant generatedAt, String group,
                       FindingQueries.Summary summary, Map<String, Point> trend, List<ControlStatus> controls,
                       Map<String, Coverage> coverage, Map<String, Object> unsupported,
                       List<PackQueries.LeaverHolding> leaversHoldingKit, List<ControlCatalogue.Source> sources) {
    }

    /** The pack of the term containing today, over every device or the members of {@code group}. */
    public Pack build(String group) throws SQLException {
        Instant now = clock.instant();
        UUID groupId = GroupFilter.resolve(db, group);
        Terms t = terms.get();
        Terms.Term term = t.termOf(LocalDate.ofInstant(now, ZoneOffset.UTC));
        Terms.Term prev = t.previous(term);
        FindingQueries.Summary summary = findings.summary(group);

        List<ControlCatalogue.Mapping> current = mapping.current();
        Map<String, Set<String>> rulesOf = new LinkedHashMap<>();
        ControlCatalogue cat = mapping.catalogue();
        cat.controls().forEach(c -> rulesOf.put(c.id(), new TreeSet<>()));
        for (ControlCatalogue.Mapping m : current) {
            if (m.subject().startsWith("rule:")) {
                for (String c : m.controls()) {
                    rulesOf.get(c).add(m.subject().substring(5));
                    ControlCatalogue.Control ctl = cat.byId().get(c);
                    if (ctl.parent() != null) {
                        rulesOf.get(ctl.parent()).add(m.subject().substring(5));
                    }
                }
            }
        }
        Set<String> allRules = new TreeSet<>(COVERAGE_RULES);
        rulesOf.values().forEach(allRules::addAll);
        List<PackQueries.OpenRow> open = queries.open(allRules, groupId);
        Set<String> serials = new LinkedHashSet<>();
        open.forEach(r -> {
            if (r.serial() != null && r.outcome().equals("fail")) {
                serials.add(r.serial());
            }
        });
        Map<String, String> borrowers = queries.borrowers(serials);
        Map<UUID, String> users = new LinkedHashMap<>();

        List<ControlStatus> controls = new ArrayList<>();
        for (ControlCatalogue.Control c : cat.controls()) {
            Set<String> rules = rulesOf.get(c.id());
            Map<UUID, List<PackQueries.OpenRow>> failing = new LinkedHashMap<>();
            Set<UUID> unknown = new LinkedHashSet<>();
            for (PackQueries.OpenRow r : open) {
                if (rules.contains(r.rule())) {
                    if (r.outcome().equals("fail")) {
                        failing.computeIfAbsent(r.device(), k -> new ArrayList<>()).add(r);
                    } else {
                        unknown.add(r.device());
                    }
                }
            }
            unknown.removeAll(failing.keySet());
            List<Failing> named = new ArrayList<>();
            for (var e : failing.entrySet()) {
                PackQueries.OpenRow first = e.getValue().get(0); // oldest first
                String user = users.containsKey(e.getKey()) ? users.get(e.getKey()) : queries.dailyUser(e.getKey());
                users.put(e.getKey(), user);
                named.add(new Failing(e.getKey(), first.hostname(), user,
                        first.serial() == null ? null : borrowers.get(first.serial()),
                        e.getValue().stream().map(PackQueries.OpenRow::rule).distinct().sorted().toList(),
                        first.firstSeen(), ChronoUnit.DAYS.between(first.firstSeen(), now)));
            }
            named.sort(java.util.Comparator.comparing(Failing::since).thenComparing(f -> String.valueOf(f.hostname())));
            controls.add(new ControlStatus(c.id(), c.source(), c.name(), c.text(), c.parent(), List.copyOf(rules),
                    !rules.isEmpty(), summary.devices(), rules.isEmpty() ? 0 : summary.devices() - failing.size(),
                    unknown.size(), named));
        }

        Map<String, Coverage> coverage = new LinkedHashMap<>();
        coverage.put("screenLock", coverage(open, "screenLock", Set.of("screenlock.disabled",
                "screenlock.idle-too-long", "screenlock.no-password"), groupId));
        coverage.put("encryption", coverage(open, "security", Set.of("security.unencrypted"), groupId));
        coverage.put("accountSeparation", coverage(open, "accounts", Set.of("accounts.daily-admin",
                "accounts.no-separate-account"), groupId));
        coverage.put("dailyAdmin", coverage(open, "accounts", Set.of("accounts.daily-admin"), groupId));
        Map<String, Object> unsupported = new LinkedHashMap<>();
        unsupported.put("operatingSystems", devicesFailing(open, Set.of("security.os-unsupported")));
        unsupported.put("updatesOverdue", devicesFailing(open, Set.of("security.updates-overdue")));
        unsupported.put("unlicensedSoftware", devicesFailing(open, Set.of("software.unlicensed")));
        unsupported.put("unsupportedSoftware", null);
        unsupported.put("unsupportedSoftwareNote", "Rollcall has no end-of-support data for applications yet: "
                + "unsupported applications are not counted; unlicensed ones are.");

        Map<String, Point> trend = new LinkedHashMap<>();
        if (groupId == null) {
            List<ComplianceReports.DaySnapshot> snaps = reports.trend(term.end(),
                    (int) ChronoUnit.DAYS.between(prev.start(), term.end()) + 1);
            snaps.stream().filter(d -> !d.day().isAfter(prev.end())).reduce((a, b) -> b)
                    .ifPresent(d -> trend.put("previousTermEnd", point(d)));
            snaps.stream().filter(d -> !d.day().isBefore(term.start())).findFirst()
                    .ifPresent(d -> trend.put("termStart", point(d)));
        }
        trend.put("now", new Point(null, summary.devices(), summary.compliant(), percent(summary.compliant(),
                summary.devices())));
        return new Pack(term, prev, now, group, summary, trend, controls, coverage, unsupported,
                queries.leaversHoldingKit(), cat.sources());
    }

    private Coverage coverage(List<PackQueries.OpenRow> open, String section, Set<String> rules, UUID group)
            throws SQLException {
        long reporting = queries.reporting(section, group);
        Set<UUID> fail = new LinkedHashSet<>();
        Set<UUID> unknown = new LinkedHashSet<>();
        for (PackQueries.OpenRow r : open) {
            if (rules.contains(r.rule())) {
                (r.outcome().equals("fail") ? fail : unknown).add(r.device());
            }
        }
        unknown.removeAll(fail);
        return new Coverage(reporting, Math.max(0, reporting - fail.size() - unknown.size()), fail.size(),
                unknown.size());
    }

    private static long devicesFailing(List<PackQueries.OpenRow> open, Set<String> rules) {
        return open.stream().filter(r -> r.outcome().equals("fail") && rules.contains(r.rule()))
                .map(PackQueries.OpenRow::device).distinct().count();
    }

    private static Point point(ComplianceReports.DaySnapshot d) {
        return new Point(d.day(), d.devices(), d.compliant(), d.compliantPercent());
    }

    /** Whole percent, rounded half up, as the compliance page shows it; 0 of 0 is 0. */
    static int percent(long part, long whole) {
        return whole == 0 ? 0 : (int) Math.round(100.0 * part / whole);
    }
}
