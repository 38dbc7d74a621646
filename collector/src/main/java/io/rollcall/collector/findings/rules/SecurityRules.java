package io.rollcall.collector.findings.rules;

import io.rollcall.collector.findings.DeviceFacts;
import io.rollcall.collector.findings.Evidence;
import io.rollcall.collector.findings.Policy;
import io.rollcall.collector.findings.Rule;
import io.rollcall.collector.findings.Severity;
import io.rollcall.collector.findings.Verdict;
import io.rollcall.common.report.Antivirus;
import io.rollcall.common.report.Sections;
import io.rollcall.common.report.SecuritySection;
import io.rollcall.common.report.Tri;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Disk encryption, anti-malware and firewall. A NO fails at the rule's severity; an UNKNOWN is its own,
 * lower-severity "cannot verify" verdict carrying the agent's reason from {@link SecuritySection#reasons()}.
 * All three need the security section.
 */
public final class SecurityRules {
    public static final String UNENCRYPTED = "security.unencrypted";
    public static final String NO_ANTIVIRUS = "security.no-antivirus";
    public static final String FIREWALL_OFF = "security.firewall-off";

    private SecurityRules() {
    }

    /** The three security rules. */
    public static List<Rule> all() {
        return List.of(
                new Flag(UNENCRYPTED, Severity.HIGH, PolicyRefs.ENCRYPTION, "diskEncryption",
                        SecuritySection::diskEncryption,
                        "Turn on full-disk encryption (Windows: BitLocker; macOS: FileVault; Linux: LUKS at install) "
                                + "and keep the recovery key with the school."),
                new NoAntivirus(),
                new Flag(FIREWALL_OFF, Severity.MEDIUM, PolicyRefs.VIRUS_FIREWALL, "firewallEnabled",
                        SecuritySection::firewallEnabled,
                        "Turn the firewall on (Windows: Defender Firewall for all profiles; macOS: Network > "
                                + "Firewall; Ubuntu: sudo ufw enable)."));
    }

    static boolean present(Sections s) {
        return s.security() != null;
    }

    static String reason(SecuritySection s, String field) {
        String r = s.reasons().get(field);
        return r == null || r.isBlank() ? String.format("the agent reported %s as unknown without a reason", field) : r;
    }

    /** A rule on one yes/no field of the security section: YES passes, NO fails, UNKNOWN cannot verify. */
    static final class Flag extends BaseRule {
        private final String field;
        private final Function<SecuritySection, Tri> value;
        private final String fix;

        Flag(String id, Severity severity, String ref, String field, Function<SecuritySection, Tri> value,
             String fix) {
            super(id, severity, ref, SecurityRules::present);
            this.field = field;
            this.value = value;
            this.fix = fix;
        }

        @Override
        public List<Verdict> evaluate(DeviceFacts device, Policy policy, Instant now) {
            SecuritySection s = device.current().security();
            if (s == null) {
                return List.of();
            }
            return switch (tri(value.apply(s))) {
                case YES -> List.of();
                case NO -> List.of(fail("", Evidence.of().put(field, false).fix(fix).build()));
                case UNKNOWN -> List.of(unknown("", policy, cannotVerify(reason(s, field)).put(field, "unknown")
                        .fix("Check by hand, then look at the agent's diagnostics for why it could not read "
                                + field + ". " + fix).build()));
            };
        }
    }

    /** {@code security.no-antivirus}: no anti-malware product is reported enabled. */
    static final class NoAntivirus extends BaseRule {
        NoAntivirus() {
            super(NO_ANTIVIRUS, Severity.HIGH, PolicyRefs.VIRUS_FIREWALL, SecurityRules::present);
        }

        @Override
        public List<Verdict> evaluate(DeviceFacts device, Policy policy, Instant now) {
            SecuritySection s = device.current().security();
            if (s == null) {
                return List.of();
            }
            List<Antivirus> av = s.antivirus().stream().filter(Objects::nonNull).toList();
            if (av.stream().anyMatch(a -> tri(a.enabled()) == Tri.YES)) {
                return List.of();
            }
            List<Object> products = av.stream().map(a -> (Object) Evidence.of().put("name", a.name())
                    .put("enabled", tri(a.enabled())).put("upToDate", tri(a.upToDate())).build()).toList();
            boolean someUnknown = av.stream().anyMatch(a -> tri(a.enabled()) == Tri.UNKNOWN);
            // An empty list with a reason means the agent could not enumerate products, not that there are none.
            boolean couldNotList = av.isEmpty() && s.reasons().containsKey("antivirus");
            if (someUnknown || couldNotList) {
                return List.of(unknown("", policy, cannotVerify(reason(s, "antivirus")).put("products", products)
                        .fix("Check by hand that anti-malware protection is on, and the agent's diagnostics.")
                        .build()));
            }
            return List.of(fail("", Evidence.of().put("products", products)
                    .fix(av.isEmpty() ? "Install and enable the school's anti-malware product."
                            : "Enable real-time protection in the listed anti-malware product.").build()));
        }
    }
}
