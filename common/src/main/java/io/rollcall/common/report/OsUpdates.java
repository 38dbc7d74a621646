package io.rollcall.common.report;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Whether the operating system is still serviced and how recently it was updated: the facts behind
 * {@code security.osUpToDate}. Every field may be {@code null} when the agent could not find it out; the
 * security section's {@code reasons} map says why under {@code "osUpdates"}.
 *
 * @param release                the release as the support table names it, e.g. {@code "Windows 11 23H2"},
 *                               {@code "macOS 14"}, {@code "Debian 12"}
 * @param support                {@code "supported"}, {@code "end-of-servicing"} or {@code "unknown"} (release not in
 *                               the table)
 * @param supportEnds            the last day the release gets security updates, from the table; {@code null} when unknown
 * @param supportTableVersion    the date of the support table the agent used, e.g. {@code "2026-11-01"}
 * @param lastUpdateAt           when the last quality/security update was installed (Windows update history or
 *                               hotfix dates, macOS install history, apt history)
 * @param pendingSecurityUpdates security updates known to be available but not installed; {@code null} when not known
 * @param source                 where {@code lastUpdateAt} came from, e.g. {@code "apt-history"}, {@code "InstallHistory.plist"}
 */
public record OsUpdates(String release, String support, LocalDate supportEnds, String supportTableVersion,
                        Instant lastUpdateAt, Integer pendingSecurityUpdates, String source) {
    public static final String SUPPORTED = "supported";
    public static final String END_OF_SERVICING = "end-of-servicing";
    public static final String UNKNOWN = "unknown";
}
