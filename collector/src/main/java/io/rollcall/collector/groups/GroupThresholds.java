package io.rollcall.collector.groups;

import io.rollcall.collector.findings.Policy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The policy thresholds a group holds its devices to instead of the school's; a null field leaves the school's
 * value. Only thresholds a report is judged on are here (screen lock and OS updates), so a change takes effect at
 * the device's next report or re-evaluation.
 *
 * <p>A device in several groups: for each threshold, the strictest (smallest) value among the groups that set it
 * applies; the school's value applies only when none of its groups sets it. A group may be laxer than the school (a
 * presentation PC locking after 30 minutes) and still loses to a stricter group the device is also in.
 *
 * @param screenLockMaxIdleSeconds    idle limit before the lock, Windows and Linux
 * @param screenLockMaxIdleSecondsMac the same on macOS
 * @param screenLockMaxGraceSeconds   time after locking before a password is asked
 * @param osUpdateMaxDays             days allowed since the last security update
 */
public record GroupThresholds(Integer screenLockMaxIdleSeconds, Integer screenLockMaxIdleSecondsMac,
                              Integer screenLockMaxGraceSeconds, Integer osUpdateMaxDays) {
    public static final GroupThresholds NONE = new GroupThresholds(null, null, null, null);

    /** Whether this group overrides anything. */
    public boolean any() {
        return screenLockMaxIdleSeconds != null || screenLockMaxIdleSecondsMac != null
                || screenLockMaxGraceSeconds != null || osUpdateMaxDays != null;
    }

    /** Problems naming the field and the allowed range (the policy's own ranges); empty when usable. */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        check(p, "screenLockMaxIdleSeconds", screenLockMaxIdleSeconds);
        check(p, "screenLockMaxIdleSecondsMac", screenLockMaxIdleSecondsMac);
        check(p, "screenLockMaxGraceSeconds", screenLockMaxGraceSeconds);
        check(p, "osUpdateMaxDays", osUpdateMaxDays);
        return p;
    }

    private static void check(List<String> p, String field, Integer v) {
        if (v == null) {
            return;
        }
        for (Policy.Threshold t : Policy.THRESHOLDS) {
            if (t.field().equals(field)) {
                String problem = t.problem(v);
                if (problem != null) {
                    p.add("overrides." + problem);
                }
            }
        }
    }

    /** {@code school} with the strictest override of {@code groups} for each threshold any of them sets. */
    public static Policy apply(Policy school, Collection<GroupThresholds> groups) {
        Integer idle = null;
        Integer mac = null;
        Integer grace = null;
        Integer os = null;
        for (GroupThresholds g : groups) {
            idle = min(idle, g.screenLockMaxIdleSeconds);
            mac = min(mac, g.screenLockMaxIdleSecondsMac);
            grace = min(grace, g.screenLockMaxGraceSeconds);
            os = min(os, g.osUpdateMaxDays);
        }
        if (idle == null && mac == null && grace == null && os == null) {
            return school;
        }
        return new Policy(school.rules(), or(idle, school.screenLockMaxIdleSeconds()),
                or(mac, school.screenLockMaxIdleSecondsMac()), or(grace, school.screenLockMaxGraceSeconds()),
                school.staleDays(), school.staleDaysOnLoan(), school.mediaWindowDays(), school.complianceSeverity(),
                school.unknownSeverity(), school.approvedMedia(), or(os, school.osUpdateMaxDays()));
    }

    private static Integer min(Integer a, Integer b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return Integer.valueOf(Math.min(a, b));
    }

    private static Integer or(Integer v, Integer dflt) {
        return v == null ? dflt : v;
    }
}
