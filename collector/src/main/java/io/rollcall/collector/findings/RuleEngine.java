package io.rollcall.collector.findings;

import io.rollcall.collector.findings.rules.AccountRules;
import io.rollcall.collector.findings.rules.DeviceStaleRule;
import io.rollcall.collector.findings.rules.MediaUnapprovedRule;
import io.rollcall.collector.findings.rules.OsUpdateRules;
import io.rollcall.collector.findings.rules.ScreenLockRules;
import io.rollcall.collector.findings.rules.SecurityRules;
import io.rollcall.collector.findings.rules.SoftwareBannedRule;
import io.rollcall.collector.findings.rules.SoftwareUnapprovedRule;
import io.rollcall.collector.findings.rules.SoftwareUnlicensedRule;
import io.rollcall.common.report.Sections;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Runs the rules over one device under a policy. Immutable and thread-safe; the output is deterministic:
 * rules in catalogue order, each rule's verdicts in the order it gives them (by subject).
 */
public final class RuleEngine {
    private final List<Rule> rules;
    private final DevicePolicy devicePolicy;
    private final Map<String, Set<String>> observationKeys;

    /**
     * The policy one device is judged by, given the school's: the school's own unless the device's groups set other
     * thresholds (issue 17). Called once per evaluation, on the evaluating (worker) thread.
     */
    @FunctionalInterface
    public interface DevicePolicy {
        /** Every device is judged by the school's policy. */
        DevicePolicy SCHOOL = (device, school) -> school;

        Policy forDevice(DeviceFacts device, Policy school);
    }

    /** An engine running {@code rules} in the given order. Rule ids must be unique. */
    public RuleEngine(List<? extends Rule> rules) {
        this(rules, DevicePolicy.SCHOOL);
    }

    private RuleEngine(List<? extends Rule> rules, DevicePolicy devicePolicy) {
        this.devicePolicy = Objects.requireNonNull(devicePolicy, "devicePolicy");
        this.rules = List.copyOf(rules);
        Map<String, Set<String>> observation = new HashMap<>();
        for (Rule r : this.rules) {
            if (observation.put(r.id(), Set.copyOf(r.observationKeys())) != null) {
                throw new IllegalArgumentException(String.format("rule id \"%s\" appears twice", r.id()));
            }
        }
        this.observationKeys = Map.copyOf(observation);
    }

    /** The evidence keys of rule {@code ruleId} that only date the observation ({@link Rule#observationKeys}). */
    public Set<String> observationKeys(String ruleId) {
        return observationKeys.getOrDefault(ruleId, Set.of());
    }

    /** Every default rule, with software judged against {@code catalogue}. */
    public RuleEngine(Catalogue catalogue) {
        this(defaultRules(catalogue));
    }

    /** This engine judging each device by {@code devicePolicy} (group thresholds) instead of the school's policy as is. */
    public RuleEngine withDevicePolicy(DevicePolicy devicePolicy) {
        return new RuleEngine(rules, devicePolicy);
    }

    /** Every default rule, with a catalogue that has reviewed nothing yet. */
    public static RuleEngine defaults() {
        return new RuleEngine(Catalogue.empty());
    }

    /** The default rule catalogue in evaluation order. */
    public static List<Rule> defaultRules(Catalogue catalogue) {
        List<Rule> all = new ArrayList<>();
        all.addAll(ScreenLockRules.all());
        all.addAll(AccountRules.all());
        all.add(new MediaUnapprovedRule());
        all.addAll(SecurityRules.all());
        all.addAll(OsUpdateRules.all());
        all.add(new SoftwareUnapprovedRule(catalogue));
        all.add(new SoftwareBannedRule(catalogue));
        all.add(new SoftwareUnlicensedRule());
        all.add(new DeviceStaleRule());
        return List.copyOf(all);
    }

    /** The rules, in evaluation order. */
    public List<Rule> rules() {
        return rules;
    }

    /**
     * The failing and cannot-verify verdicts for {@code device}. Disabled rules are skipped; a FAIL takes the
     * policy's severity for its rule when one is set (an UNKNOWN keeps {@link Policy#unknownSeverity()}), and
     * every verdict cites the policy's reference for its rule when one is set. A rule that throws on odd
     * input yields an UNKNOWN verdict naming the error rather than stopping the other rules.
     */
    public List<Verdict> evaluate(DeviceFacts device, Policy school, Instant now) {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(school, "policy");
        Objects.requireNonNull(now, "now");
        Policy policy = devicePolicy.forDevice(device, school);
        List<Verdict> out = new ArrayList<>();
        for (Rule rule : rules) {
            RuleSettings settings = policy.rule(rule.id());
            if (!settings.enabled()) {
                continue;
            }
            List<Verdict> verdicts;
            try {
                verdicts = rule.evaluate(device, policy, now);
            } catch (RuntimeException e) {
                verdicts = List.of(new Verdict(rule.id(), "", Outcome.UNKNOWN, policy.unknownSeverity(),
                        Evidence.of().put("status", "cannot verify")
                                .put("reason", String.format("rule %s failed on this device's data: %s",
                                        rule.id(), e))
                                .fix("Report this to the Rollcall maintainers with the device's last report.")
                                .build(),
                        rule.defaultPolicyRef()));
            }
            for (Verdict v : verdicts) {
                out.add(withSettings(v, settings));
            }
        }
        return List.copyOf(out);
    }

    /**
     * {@code v} as the policy configures its rule: a FAIL takes the rule's severity override, every verdict its
     * policy reference. For verdicts produced outside {@link #evaluate} (per-title software evaluation).
     */
    public static Verdict withSettings(Verdict v, Policy policy) {
        return withSettings(v, policy.rule(v.rule()));
    }

    private static Verdict withSettings(Verdict v, RuleSettings settings) {
        Verdict o = v;
        if (o.outcome() == Outcome.FAIL && settings.severity() != null) {
            o = o.withSeverity(settings.severity());
        }
        if (settings.policyRef() != null) {
            o = o.withPolicyRef(settings.policyRef());
        }
        return o;
    }

    /**
     * The ids of the rules whose sections are present in {@code current}, whether or not the policy enables
     * them: pass this to {@link FindingReconciler#reconcile} as {@code rulesEvaluated}. Including disabled
     * rules is deliberate: switching a rule off then resolves its open findings instead of leaving them open
     * for ever.
     */
    public Set<String> rulesEvaluable(Sections current) {
        Sections s = current == null ? Sections.EMPTY : current;
        Set<String> ids = new LinkedHashSet<>();
        for (Rule r : rules) {
            if (r.evaluable(s)) {
                ids.add(r.id());
            }
        }
        return ids;
    }

    /**
     * Whether a device with these open findings is compliant: no {@link Outcome#FAIL} at or above
     * {@link Policy#complianceSeverity()}. {@link Outcome#UNKNOWN} verdicts never make a device non-compliant
     * by themselves. The caller leaves out findings whose risk has been accepted.
     */
    public boolean compliant(Collection<Verdict> open, Policy policy) {
        Severity bar = policy.complianceSeverity();
        return open.stream().noneMatch(v -> v.outcome() == Outcome.FAIL && v.severity().atLeast(bar));
    }

    /** {@link #compliant(Collection, Policy)} for stored findings. */
    public boolean compliantFindings(Collection<OpenFinding> open, Policy policy) {
        return compliant(open.stream().map(OpenFinding::toVerdict).toList(), policy);
    }

    /** {@link Policy#problems()} plus any rule id the policy configures that this engine does not have. */
    public List<String> problems(Policy policy) {
        List<String> p = new ArrayList<>(policy.problems());
        Set<String> known = new HashSet<>();
        rules.forEach(r -> known.add(r.id()));
        for (String id : policy.rules().keySet()) {
            if (!known.contains(id)) {
                p.add(String.format("rules has unknown rule id \"%s\"", id));
            }
        }
        return List.copyOf(p);
    }
}
