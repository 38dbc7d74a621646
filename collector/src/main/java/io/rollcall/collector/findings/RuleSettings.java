package io.rollcall.collector.findings;

/**
 * A school's choices for one rule. Null fields mean "the rule's default", so a policy document only
 * needs to mention what it changes.
 *
 * @param enabled   whether the rule runs; null means enabled
 * @param severity  the severity of the rule's FAIL verdicts; null keeps {@link Rule#defaultSeverity()}
 * @param policyRef the school's own clause to cite; null or blank keeps {@link Rule#defaultPolicyRef()}
 */
public record RuleSettings(Boolean enabled, Severity severity, String policyRef) {

    /** Enabled, with the rule's default severity and policy reference. */
    public static final RuleSettings DEFAULT = new RuleSettings(true, null, null);

    public RuleSettings {
        enabled = enabled == null ? Boolean.TRUE : enabled;
        policyRef = policyRef == null || policyRef.isBlank() ? null : policyRef.strip();
    }

    /** The rule switched off, other settings kept. */
    public static RuleSettings disabled() {
        return new RuleSettings(false, null, null);
    }

    /** Enabled, failing at {@code severity}. */
    public static RuleSettings severity(Severity severity) {
        return new RuleSettings(true, severity, null);
    }
}
