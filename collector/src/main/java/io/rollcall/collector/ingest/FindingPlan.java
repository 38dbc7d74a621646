package io.rollcall.collector.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.rollcall.collector.findings.FindingReconciler;
import io.rollcall.collector.findings.OpenFinding;
import io.rollcall.collector.findings.Policy;
import io.rollcall.collector.findings.Rule;
import io.rollcall.collector.findings.RuleEngine;
import io.rollcall.common.wire.WireJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Turns reconciled findings into row writes, and works out the device's compliance from the findings
 * that stay open. History gets a row when a finding opens, changes outcome or severity, or resolves;
 * not every time a report confirms it.
 */
record FindingPlan(List<PreparedReport.FindingWrite> writes, boolean compliant, int openCount) {

    static FindingPlan of(List<OpenFinding> before, FindingReconciler.Changes changes, RuleEngine engine, Policy policy,
                          Instant now) {
        Map<UUID, OpenFinding> old = new HashMap<>();
        before.forEach(f -> old.put(f.id(), f));
        Map<UUID, OpenFinding> open = new HashMap<>(old);
        List<PreparedReport.FindingWrite> writes = new ArrayList<>();
        for (OpenFinding f : changes.opened()) {
            open.put(f.id(), f);
            writes.add(write(PreparedReport.FindingWrite.Op.OPEN, f, f.lastSeen(), "opened"));
        }
        for (OpenFinding f : changes.updated()) {
            OpenFinding was = old.get(f.id());
            open.put(f.id(), f);
            boolean changed = was == null || was.outcome() != f.outcome() || was.severity() != f.severity();
            if (!changed && confirmedRecently(was, f, engine.observationKeys(f.rule()))) {
                continue;
            }
            String evidence = json(f.evidence());
            writes.add(new PreparedReport.FindingWrite(PreparedReport.FindingWrite.Op.UPDATE, f.id(), f.rule(),
                    f.subject(), f.outcome().wireName(), f.severity().wireName(), f.firstSeen(), f.lastSeen(), evidence,
                    f.policyRef(), changed ? "changed" : null));
        }
        for (OpenFinding f : changes.resolved()) {
            open.remove(f.id());
            writes.add(write(PreparedReport.FindingWrite.Op.RESOLVE, f, now, "resolved"));
        }
        return new FindingPlan(writes, engine.compliantFindings(open.values(), policy), open.size());
    }

    /**
     * A finding a report confirms exactly as stored (same evidence, same policy reference) is not written again while
     * its stored {@code last_seen} is younger than {@link #CONFIRM_REFRESH}: every report of a device otherwise rewrote
     * each of its open findings (and their two indexes) only to move {@code last_seen}, most of the report writer's
     * work for an unchanged report. {@code last_seen} is thus "confirmed at, to within an hour"; any change is written
     * at once. Evidence that differs only in keys the rule says date the observation ({@link Rule#observationKeys}, a
     * plugged-in medium's {@code lastSeenConnected}) is a confirmation too: those are to within the hour as well.
     */
    static final java.time.Duration CONFIRM_REFRESH = java.time.Duration.ofHours(1);

    private static boolean confirmedRecently(OpenFinding was, OpenFinding now, Set<String> observationKeys) {
        return was.lastSeen() != null && now.lastSeen() != null
                && was.lastSeen().isAfter(now.lastSeen().minus(CONFIRM_REFRESH))
                && was.policyRef().equals(now.policyRef())
                && sameEvidence(was.evidence(), now.evidence(), observationKeys);
    }

    private static boolean sameEvidence(Map<String, Object> was, Map<String, Object> now, Set<String> observationKeys) {
        if (!observationKeys.isEmpty() && !was.keySet().equals(now.keySet())) {
            return false; // an observation time that appears or goes is a change
        }
        Map<String, Object> a = without(was, observationKeys);
        Map<String, Object> b = without(now, observationKeys);
        // equal maps write equal JSON; maps that differ only in a number's type (read back as an Integer, made as a
        // Long) are compared as written, which is what is stored
        return a.equals(b) || json(a).equals(json(b));
    }

    private static Map<String, Object> without(Map<String, Object> evidence, Set<String> keys) {
        if (keys.isEmpty()) {
            return evidence;
        }
        Map<String, Object> out = new java.util.LinkedHashMap<>(evidence);
        out.keySet().removeAll(keys);
        return out;
    }

    private static PreparedReport.FindingWrite write(PreparedReport.FindingWrite.Op op, OpenFinding f, Instant at,
                                                     String history) {
        return new PreparedReport.FindingWrite(op, f.id(), f.rule(), f.subject(), f.outcome().wireName(),
                f.severity().wireName(), f.firstSeen(), at, json(f.evidence()), f.policyRef(), history);
    }

    private static String json(Map<String, Object> evidence) {
        try {
            return WireJson.mapper().writeValueAsString(evidence);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("finding evidence is not serialisable", e);
        }
    }
}
