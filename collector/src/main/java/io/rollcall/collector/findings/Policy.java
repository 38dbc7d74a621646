package io.rollcall.collector.findings;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A school's rule configuration: per-rule switches, severities and policy references, thresholds and
 * the approved removable media. Stored as one JSON document (a record, so Jackson reads and writes it
 * as is); any field left out or null takes its default, so {@code {}} is {@link #defaults()}.
 *
 * <p>Compliance: a device is compliant when it has no open {@link Outcome#FAIL} finding whose severity is
 * at or above {@code complianceSeverity}. {@link Outcome#UNKNOWN} findings never make a device
 * non-compliant by themselves; they are reported at {@code unknownSeverity} so someone looks.
 *
 * @param rules                       rule id → settings; a rule not listed runs with its defaults
 * @param screenLockMaxIdleSeconds    longest allowed idle time before the screen locks (CIS: 900 s)
 * @param screenLockMaxIdleSecondsMac the same for macOS (CIS macOS allows 1200 s)
 * @param screenLockMaxGraceSeconds   longest allowed time after locking before a password is asked (5 s)
 * @param staleDays                   days without a report before a device is stale (14)
 * @param staleDaysOnLoan             the same for a device on loan, normally stricter (7)
 * @param mediaWindowDays             how far back a connected removable medium still counts (30)
 * @param complianceSeverity          the lowest FAIL severity that makes a device non-compliant (medium)
 * @param unknownSeverity             the severity of every "cannot verify" verdict (low)
 * @param approvedMedia               approved removable media; empty means none is approved
 * @param osUpdateMaxDays             longest allowed time since the last OS quality/security update was installed,
 *                                    in days (14, the Cyber Essentials limit for applying security updates)
 */
public record Policy(Map<String, RuleSettings> rules, Integer screenLockMaxIdleSeconds,
                     Integer screenLockMaxIdleSecondsMac, Integer screenLockMaxGraceSeconds, Integer staleDays,
                     Integer staleDaysOnLoan, Integer mediaWindowDays, Severity complianceSeverity,
                     Severity unknownSeverity, List<ApprovedMedia> approvedMedia, Integer osUpdateMaxDays) {

    public static final int DEFAULT_MAX_IDLE_SECONDS = 900;
    public static final int DEFAULT_MAX_IDLE_SECONDS_MAC = 1200;
    public static final int DEFAULT_MAX_GRACE_SECONDS = 5;
    public static final int DEFAULT_STALE_DAYS = 14;
    public static final int DEFAULT_STALE_DAYS_ON_LOAN = 7;
    public static final int DEFAULT_MEDIA_WINDOW_DAYS = 30;
    /** Cyber Essentials: security updates applied within 14 days of release. */
    public static final int DEFAULT_OS_UPDATE_MAX_DAYS = 14;
    /** Longest policy reference accepted; it is a citation, not a document. */
    public static final int MAX_POLICY_REF_LENGTH = 200;

    /**
     * A numeric threshold of the policy document and the values it accepts (inclusive).
     *
     * @param field the JSON field
     * @param unit  seconds, minutes or days
     */
    public record Threshold(String field, String unit, int min, int max) {
        /** The problem with {@code value}, naming the field and the allowed range; null when it is allowed. */
        public String problem(Number value) {
            double v = value.doubleValue();
            return v >= min && v <= max ? null
                    : String.format("%s was %s, must be %d to %d %s", field, value, min, max, unit);
        }
    }

    /** Longest screen-lock idle limit accepted: a day (a longer one is a typo, not a policy). */
    public static final int MAX_IDLE_SECONDS = 86_400;
    /** The numeric thresholds, in document order; each is checked by {@link #problems()}. */
    public static final List<Threshold> THRESHOLDS = List.of(
            new Threshold("screenLockMaxIdleSeconds", "seconds", 1, MAX_IDLE_SECONDS),
            new Threshold("screenLockMaxIdleSecondsMac", "seconds", 1, MAX_IDLE_SECONDS),
            new Threshold("screenLockMaxGraceSeconds", "seconds", 0, 3_600),
            new Threshold("staleDays", "days", 1, 365),
            new Threshold("staleDaysOnLoan", "days", 1, 365),
            new Threshold("mediaWindowDays", "days", 0, 365),
            new Threshold("osUpdateMaxDays", "days", 1, 365));

    public Policy {
        Map<String, RuleSettings> r = new TreeMap<>();
        if (rules != null) {
            // JSON may carry "rule": null; that means "defaults", same as leaving it out.
            rules.forEach((k, v) -> r.put(k, v == null ? RuleSettings.DEFAULT : v));
        }
        rules = Collections.unmodifiableMap(r);
        screenLockMaxIdleSeconds = or(screenLockMaxIdleSeconds, DEFAULT_MAX_IDLE_SECONDS);
        screenLockMaxIdleSecondsMac = or(screenLockMaxIdleSecondsMac, DEFAULT_MAX_IDLE_SECONDS_MAC);
        screenLockMaxGraceSeconds = or(screenLockMaxGraceSeconds, DEFAULT_MAX_GRACE_SECONDS);
        staleDays = or(staleDays, DEFAULT_STALE_DAYS);
        staleDaysOnLoan = or(staleDaysOnLoan, DEFAULT_STALE_DAYS_ON_LOAN);
        mediaWindowDays = or(mediaWindowDays, DEFAULT_MEDIA_WINDOW_DAYS);
        complianceSeverity = complianceSeverity == null ? Severity.MEDIUM : complianceSeverity;
        unknownSeverity = unknownSeverity == null ? Severity.LOW : unknownSeverity;
        approvedMedia = approvedMedia == null ? List.of()
                : approvedMedia.stream().filter(Objects::nonNull).toList();
        osUpdateMaxDays = or(osUpdateMaxDays, DEFAULT_OS_UPDATE_MAX_DAYS);
    }

    /** A policy without an OS-update threshold (the default applies), as callers before issue 12 build it. */
    public Policy(Map<String, RuleSettings> rules, Integer screenLockMaxIdleSeconds, Integer screenLockMaxIdleSecondsMac,
                  Integer screenLockMaxGraceSeconds, Integer staleDays, Integer staleDaysOnLoan, Integer mediaWindowDays,
                  Severity complianceSeverity, Severity unknownSeverity, List<ApprovedMedia> approvedMedia) {
        this(rules, screenLockMaxIdleSeconds, screenLockMaxIdleSecondsMac, screenLockMaxGraceSeconds, staleDays,
                staleDaysOnLoan, mediaWindowDays, complianceSeverity, unknownSeverity, approvedMedia, null);
    }

    /** Every rule enabled with its defaults, CIS thresholds, no approved media. */
    public static Policy defaults() {
        return new Policy(null, null, null, null, null, null, null, null, null, null, null);
    }

    /** The settings for rule {@code id}; {@link RuleSettings#DEFAULT} when the policy does not mention it. */
    public RuleSettings rule(String id) {
        return rules.getOrDefault(id, RuleSettings.DEFAULT);
    }

    /** Whether rule {@code id} runs. */
    public boolean enabled(String id) {
        return rule(id).enabled();
    }

    /** This policy with rule {@code id} set to {@code settings}. */
    public Policy withRule(String id, RuleSettings settings) {
        Map<String, RuleSettings> r = new HashMap<>(rules);
        r.put(id, settings);
        return new Policy(r, screenLockMaxIdleSeconds, screenLockMaxIdleSecondsMac, screenLockMaxGraceSeconds,
                staleDays, staleDaysOnLoan, mediaWindowDays, complianceSeverity, unknownSeverity, approvedMedia,
                osUpdateMaxDays);
    }

    /** This policy with another approved-media list. */
    public Policy withApprovedMedia(List<ApprovedMedia> media) {
        return new Policy(rules, screenLockMaxIdleSeconds, screenLockMaxIdleSecondsMac, screenLockMaxGraceSeconds,
                staleDays, staleDaysOnLoan, mediaWindowDays, complianceSeverity, unknownSeverity, media, osUpdateMaxDays);
    }

    /** This policy with another compliance threshold. */
    public Policy withComplianceSeverity(Severity s) {
        return new Policy(rules, screenLockMaxIdleSeconds, screenLockMaxIdleSecondsMac, screenLockMaxGraceSeconds,
                staleDays, staleDaysOnLoan, mediaWindowDays, s, unknownSeverity, approvedMedia, osUpdateMaxDays);
    }

    /**
     * What is wrong with this policy, one message per problem naming the field and its value; empty when
     * it is usable. Rule ids are not checked here (see {@link RuleEngine#problems(Policy)}).
     */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        int[] values = {screenLockMaxIdleSeconds, screenLockMaxIdleSecondsMac, screenLockMaxGraceSeconds, staleDays,
            staleDaysOnLoan, mediaWindowDays, osUpdateMaxDays};
        for (int i = 0; i < values.length; i++) {
            String problem = THRESHOLDS.get(i).problem(values[i]);
            if (problem != null) {
                p.add(problem);
            }
        }
        rules.forEach((id, s) -> {
            if (id == null || id.isBlank()) {
                p.add("rules has a blank rule id");
            } else if (s.policyRef() != null && s.policyRef().length() > MAX_POLICY_REF_LENGTH) {
                p.add(String.format("rules.%s.policyRef is %d characters, must be at most %d",
                        id, s.policyRef().length(), MAX_POLICY_REF_LENGTH));
            }
        });
        for (int i = 0; i < approvedMedia.size(); i++) {
            if (!approvedMedia.get(i).identifiesSomething()) {
                p.add(String.format("approvedMedia[%d] has no serial, vendorId or productId, so it would approve "
                        + "every medium", i));
            }
        }
        return List.copyOf(p);
    }

    /**
     * This policy, if it has no {@link #problems()}.
     *
     * @throws IllegalArgumentException listing every problem, each naming its field
     */
    public Policy validate() {
        List<String> p = problems();
        if (!p.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", p));
        }
        return this;
    }

    private static Integer or(Integer v, int dflt) {
        return v == null ? dflt : v;
    }
}
