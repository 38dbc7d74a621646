package io.rollcall.collector.findings;

import io.rollcall.common.id.TimeOrderedUuid;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Works out how a device's open findings change after its rules ran: which verdicts open a new finding,
 * which confirm (update) an open one, and which open findings are resolved. Pure: the caller stores the
 * result.
 */
public final class FindingReconciler {

    private FindingReconciler() {
    }

    /**
     * The changes to a device's findings.
     *
     * @param opened   new findings, firstSeen = lastSeen = now, in verdict order
     * @param updated  open findings still reported: same id and firstSeen, lastSeen = now, outcome (FAIL↔UNKNOWN),
     *                 severity, evidence and policyRef taken from the verdict; in verdict order
     * @param resolved open findings no verdict repeats although their rule was evaluated, unchanged (the caller
     *                 records resolvedAt = now); in the order they were given
     */
    public record Changes(List<OpenFinding> opened, List<OpenFinding> updated, List<OpenFinding> resolved) {
        public Changes {
            opened = List.copyOf(opened);
            updated = List.copyOf(updated);
            resolved = List.copyOf(resolved);
        }
    }

    /**
     * Reconciles with random ids for new findings.
     *
     * @param currentlyOpen  every unresolved finding of the device, accepted ones included (an accepted risk
     *                       must be updated, not reopened as a duplicate)
     * @param verdicts       this evaluation's verdicts ({@link RuleEngine#evaluate})
     * @param now            the evaluation time
     * @param rulesEvaluated rules whose sections were present ({@link RuleEngine#rulesEvaluable}); an open
     *                       finding of any other rule is left alone, so a delta report lacking a section
     *                       resolves nothing it did not look at
     */
    public static Changes reconcile(List<OpenFinding> currentlyOpen, List<Verdict> verdicts, Instant now,
                                    Set<String> rulesEvaluated) {
        return reconcile(currentlyOpen, verdicts, now, rulesEvaluated, TimeOrderedUuid::next);
    }

    /** As {@link #reconcile(List, List, Instant, Set)}, taking new finding ids from {@code ids}. */
    public static Changes reconcile(List<OpenFinding> currentlyOpen, List<Verdict> verdicts, Instant now,
                                    Set<String> rulesEvaluated, Supplier<UUID> ids) {
        Objects.requireNonNull(now, "now");
        Set<String> evaluated = rulesEvaluated == null ? Set.of() : rulesEvaluated;
        List<OpenFinding> given = currentlyOpen == null ? List.of() : currentlyOpen;
        Map<Key, OpenFinding> open = new LinkedHashMap<>();
        for (OpenFinding f : given) {
            open.putIfAbsent(Key.of(f), f);
        }
        List<OpenFinding> opened = new ArrayList<>();
        List<OpenFinding> updated = new ArrayList<>();
        Set<Key> seen = new HashSet<>();
        for (Verdict v : verdicts == null ? List.<Verdict>of() : verdicts) {
            Key k = Key.of(v);
            if (!seen.add(k)) {
                continue; // a repeated verdict for the same subject adds nothing
            }
            OpenFinding f = open.get(k);
            if (f == null) {
                opened.add(OpenFinding.open(ids.get(), v, now));
            } else {
                updated.add(f.refreshedBy(v, now));
            }
        }
        List<OpenFinding> gone = new ArrayList<>();
        for (OpenFinding f : given) {
            // Two open findings for one (rule, subject) should not exist; if they do, the first carries on and
            // the extra one is resolved so the duplication heals instead of persisting.
            boolean duplicate = open.get(Key.of(f)) != f;
            boolean stillReported = !duplicate && seen.contains(Key.of(f));
            if (!stillReported && evaluated.contains(f.rule())) {
                gone.add(f);
            }
        }
        return new Changes(opened, updated, gone);
    }

    private record Key(String rule, String subject) {
        static Key of(OpenFinding f) {
            return new Key(f.rule(), f.subject());
        }

        static Key of(Verdict v) {
            return new Key(v.rule(), v.subject());
        }
    }
}
