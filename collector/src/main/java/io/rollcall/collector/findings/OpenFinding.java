package io.rollcall.collector.findings;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A finding that is open (or accepted) on a device, as reconciliation sees it. Findings are matched to
 * verdicts on ({@code rule}, {@code subject}).
 *
 * @param id        the finding's id, stable while it stays open
 * @param firstSeen when a verdict first opened it
 * @param lastSeen  when a verdict last confirmed it
 */
public record OpenFinding(UUID id, String rule, String subject, Outcome outcome, Severity severity,
                          Instant firstSeen, Instant lastSeen, Map<String, Object> evidence, String policyRef) {

    public OpenFinding {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(severity, "severity");
        subject = subject == null ? "" : subject;
        evidence = evidence == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
        policyRef = policyRef == null ? "" : policyRef;
    }

    /** The finding a verdict opens now, with a new id. */
    public static OpenFinding open(UUID id, Verdict v, Instant now) {
        return new OpenFinding(id, v.rule(), v.subject(), v.outcome(), v.severity(), now, now, v.evidence(),
                v.policyRef());
    }

    /** This finding confirmed by {@code v} at {@code now}: same id and firstSeen, the verdict's current facts. */
    public OpenFinding refreshedBy(Verdict v, Instant now) {
        return new OpenFinding(id, rule, subject, v.outcome(), v.severity(), firstSeen, now, v.evidence(),
                v.policyRef());
    }

    /** The finding as a verdict, e.g. for {@link RuleEngine#compliant(java.util.Collection, Policy)}. */
    public Verdict toVerdict() {
        return new Verdict(rule, subject, outcome, severity, evidence, policyRef);
    }
}
