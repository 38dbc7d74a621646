package io.rollcall.collector.findings.rules;

import io.rollcall.collector.findings.Evidence;
import io.rollcall.collector.findings.Outcome;
import io.rollcall.collector.findings.Policy;
import io.rollcall.collector.findings.Rule;
import io.rollcall.collector.findings.Severity;
import io.rollcall.collector.findings.Verdict;
import io.rollcall.common.report.Sections;
import io.rollcall.common.report.Tri;
import java.util.Map;
import java.util.function.Predicate;

/** The identity of a rule and the two ways it speaks: FAIL at its default severity, UNKNOWN at the policy's. */
abstract class BaseRule implements Rule {
    private final String id;
    private final Severity severity;
    private final String policyRef;
    private final Predicate<Sections> needs;

    /** @param needs whether the sections this rule reads are present (see {@link Rule#evaluable}) */
    BaseRule(String id, Severity severity, String policyRef, Predicate<Sections> needs) {
        this.id = id;
        this.severity = severity;
        this.policyRef = policyRef;
        this.needs = needs;
    }

    @Override
    public final boolean evaluable(Sections current) {
        return needs.test(current);
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final Severity defaultSeverity() {
        return severity;
    }

    @Override
    public final String defaultPolicyRef() {
        return policyRef;
    }

    final Verdict fail(String subject, Map<String, Object> evidence) {
        return new Verdict(id, subject, Outcome.FAIL, severity, evidence, policyRef);
    }

    final Verdict unknown(String subject, Policy policy, Map<String, Object> evidence) {
        return new Verdict(id, subject, Outcome.UNKNOWN, policy.unknownSeverity(), evidence, policyRef);
    }

    /** Evidence for a "cannot verify" verdict: always says so, with the agent's reason. */
    static Evidence cannotVerify(String reason) {
        return Evidence.of().put("status", "cannot verify").put("reason", reason);
    }

    /** A null Tri is a fact nobody reported: the same as unknown. */
    static Tri tri(Tri t) {
        return t == null ? Tri.UNKNOWN : t;
    }

    @Override
    public String toString() {
        return id;
    }
}
