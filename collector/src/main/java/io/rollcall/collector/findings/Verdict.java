package io.rollcall.collector.findings;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One failing or cannot-verify conclusion of a rule about a device. A pass produces no verdict.
 *
 * @param rule      the rule id, e.g. {@code screenlock.disabled}
 * @param subject   what on the device the verdict is about, distinguishing several verdicts of one rule
 *                  (a media device's identity key); {@code ""} when the rule has one verdict per device
 * @param outcome   {@link Outcome#FAIL} or {@link Outcome#UNKNOWN}
 * @param severity  how much it matters, after the policy's overrides once it leaves {@link RuleEngine}
 * @param evidence  small JSON-able data (strings, numbers, booleans, lists, maps) a technician can act on,
 *                  always including a {@code fix} string; iteration order is kept for stable JSON
 * @param policyRef the policy clause the rule enforces, e.g. {@code "000 §5.9; 003 rules 9–10"}
 */
public record Verdict(String rule, String subject, Outcome outcome, Severity severity, Map<String, Object> evidence,
                      String policyRef) {

    public Verdict {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(severity, "severity");
        subject = subject == null ? "" : subject;
        evidence = evidence == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
        policyRef = policyRef == null ? "" : policyRef;
    }

    /** This verdict with another severity. */
    public Verdict withSeverity(Severity s) {
        return new Verdict(rule, subject, outcome, s, evidence, policyRef);
    }

    /** This verdict citing another policy clause. */
    public Verdict withPolicyRef(String ref) {
        return new Verdict(rule, subject, outcome, severity, evidence, ref);
    }
}
