package io.rollcall.collector.findings.rules;

import io.rollcall.collector.findings.DeviceFacts;
import io.rollcall.collector.findings.Evidence;
import io.rollcall.collector.findings.Policy;
import io.rollcall.collector.findings.Rule;
import io.rollcall.collector.findings.Severity;
import io.rollcall.collector.findings.Verdict;
import io.rollcall.common.report.OsUpdates;
import io.rollcall.common.report.SecuritySection;
import io.rollcall.common.report.Tri;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Whether the OS is still serviced and recently updated, from {@link SecuritySection#osUpdates()}. Like the other
 * security rules, what the agent could not find out is its own lower-severity "cannot verify" verdict.
 * <ul>
 *   <li>{@code security.os-unsupported}: the release is past the last day of security updates in the agent's dated
 *       support table. A release the table does not know cannot be verified.</li>
 *   <li>{@code security.updates-overdue}: the last OS update was installed more than the policy's
 *       {@link Policy#osUpdateMaxDays()} ago — unless the agent saw the system's updater run since and find nothing
 *       to install (then it reports {@code osUpToDate} YES), or security updates are pending that the agent judged
 *       overdue. Reports from agents without {@code osUpdates} are judged on {@code osUpToDate} alone.</li>
 * </ul>
 */
public final class OsUpdateRules {
    public static final String UNSUPPORTED = "security.os-unsupported";
    public static final String OVERDUE = "security.updates-overdue";

    private OsUpdateRules() {
    }

    /** The two OS-update rules. */
    public static List<Rule> all() {
        return List.of(new Unsupported(), new Overdue());
    }

    /** {@code security.os-unsupported}. */
    static final class Unsupported extends BaseRule {
        Unsupported() {
            super(UNSUPPORTED, Severity.HIGH, PolicyRefs.OS_UPDATES, SecurityRules::present);
        }

        @Override
        public List<Verdict> evaluate(DeviceFacts device, Policy policy, Instant now) {
            SecuritySection s = device.current().security();
            OsUpdates u = s == null ? null : s.osUpdates();
            if (u == null) {
                return List.of(); // an agent before issue 12: updates-overdue speaks for osUpToDate
            }
            String support = u.support() == null ? OsUpdates.UNKNOWN : u.support();
            return switch (support) {
                case OsUpdates.END_OF_SERVICING -> List.of(fail("", table(u, Evidence.of())
                        .fix("Upgrade to a supported release (Windows: the current feature update; macOS: one of "
                                + "the three newest versions; Linux: the distribution's current release), or "
                                + "replace the device if it cannot run one.").build()));
                case OsUpdates.SUPPORTED -> List.of();
                default -> List.of(unknown("", policy, table(u, cannotVerify(SecurityRules.reason(s, "osUpToDate")))
                        .fix("Check the release against the vendor's lifecycle page; if it is current, add it to "
                                + "the agent's os-support.json override.").build()));
            };
        }

        private static Evidence table(OsUpdates u, Evidence e) {
            return e.put("release", u.release()).put("support", u.support()).put("supportEnds", u.supportEnds())
                    .put("supportTableVersion", u.supportTableVersion());
        }
    }

    /** {@code security.updates-overdue}. */
    static final class Overdue extends BaseRule {
        private static final String FIX = "Install the pending OS updates (Windows Update; macOS: System Settings > "
                + "General > Software Update; Linux: sudo apt update && sudo apt upgrade) and keep automatic updates "
                + "on.";

        Overdue() {
            super(OVERDUE, Severity.HIGH, PolicyRefs.OS_UPDATES, SecurityRules::present);
        }

        @Override
        public List<Verdict> evaluate(DeviceFacts device, Policy policy, Instant now) {
            SecuritySection s = device.current().security();
            if (s == null) {
                return List.of();
            }
            Tri agent = tri(s.osUpToDate());
            OsUpdates u = s.osUpdates();
            int max = policy.osUpdateMaxDays();
            if (u == null) {
                return switch (agent) {
                    case YES -> List.of();
                    case NO -> List.of(fail("", Evidence.of().put("osUpToDate", false)
                            .put("reason", SecurityRules.reason(s, "osUpToDate")).fix(FIX).build()));
                    case UNKNOWN -> List.of(unknown("", policy, cannotVerify(SecurityRules.reason(s, "osUpToDate"))
                            .put("osUpToDate", "unknown").fix(FIX).build()));
                };
            }
            if (u.lastUpdateAt() == null) {
                return List.of(unknown("", policy, cannotVerify(SecurityRules.reason(s, "osUpToDate"))
                        .put("source", u.source()).put("maxDays", max)
                        .fix("Check the update history by hand. " + FIX).build()));
            }
            long days = Duration.between(u.lastUpdateAt(), now).toDays();
            Integer pending = u.pendingSecurityUpdates();
            boolean old = u.lastUpdateAt().isBefore(now.minus(Duration.ofDays(max)));
            // YES with an old update means the agent saw the updater run since and find nothing to install
            if ((old && agent != Tri.YES) || (pending != null && pending > 0 && agent == Tri.NO)) {
                return List.of(fail("", facts(u, days, max)
                        .put("reason", SecurityRules.reason(s, "osUpToDate")).fix(FIX).build()));
            }
            if (pending != null && pending > 0) {
                return List.of(unknown("", policy, facts(u, days, max).put("status", "cannot verify")
                        .put("reason", SecurityRules.reason(s, "osUpToDate"))
                        .fix("Security updates are waiting but may be newer than " + max + " days. " + FIX)
                        .build()));
            }
            return List.of();
        }

        private static Evidence facts(OsUpdates u, long days, int max) {
            return Evidence.of().put("lastUpdateAt", u.lastUpdateAt()).put("daysSinceUpdate", days)
                    .put("maxDays", max).put("source", u.source())
                    .put("pendingSecurityUpdates", u.pendingSecurityUpdates()).put("release", u.release());
        }
    }
}
