package io.rollcall.collector.findings;

import io.rollcall.common.report.Sections;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * One compliance check. A rule is pure: it reads the device's facts and the policy's thresholds and
 * returns its failing or cannot-verify verdicts, never a pass and never null. Severity and policy
 * reference overrides are applied by {@link RuleEngine}, so a rule reports its defaults for a FAIL and
 * the policy's {@link Policy#unknownSeverity()} for an UNKNOWN.
 */
public interface Rule {

    /** The stable rule id, e.g. {@code screenlock.disabled}; also the finding's rule. */
    String id();

    /** The severity of a FAIL when the policy does not override it. */
    Severity defaultSeverity();

    /** The clause of the default school policy the rule enforces (see {@code policies/README.md}). */
    String defaultPolicyRef();

    /** The verdicts for {@code device}; empty when it passes or the sections the rule needs are absent. */
    List<Verdict> evaluate(DeviceFacts device, Policy policy, Instant now);

    /**
     * Whether the sections this rule reads are present, so that the absence of a verdict means "passes"
     * rather than "not looked at". Reconciliation only resolves findings of rules that were evaluable.
     */
    boolean evaluable(Sections current);

    /**
     * Evidence keys that only date the observation, e.g. a medium's {@code lastSeenConnected}, which moves with every
     * report while the medium stays plugged in: a report whose verdict differs from the stored finding in these alone
     * confirms it, and is written at most once an hour like the finding's {@code lastSeen}
     * ({@code FindingPlan.CONFIRM_REFRESH}). Any other difference is written at once.
     */
    default Set<String> observationKeys() {
        return Set.of();
    }
}
