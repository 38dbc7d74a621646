package io.rollcall.agent.probe.updates;

import io.rollcall.common.report.OsUpdates;
import io.rollcall.common.report.Tri;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns what a system's update sources said into {@code osUpToDate}. The same rule on every system:
 * <ul>
 *   <li>NO when the release is past its end date in the {@link SupportTable}, when the last OS update was installed
 *       longer ago than {@link #MAX_AGE} (14 days, the Cyber Essentials limit) and nothing shows the system was
 *       checked and found current since, or when security updates are pending that were already listed in package
 *       lists fetched longer ago than {@link #MAX_AGE} (so they have been available at least that long).</li>
 *   <li>YES when the release is supported, an update was installed (or a run of the system's updater found nothing
 *       left to install) within {@link #MAX_AGE}, and no security update is known to be pending.</li>
 *   <li>UNKNOWN otherwise, with what is missing: a release not in the table, no update history, or pending updates
 *       not yet shown to be older than the limit.</li>
 * </ul>
 * The collector decides again from {@link OsUpdates} with the school's own threshold. Pure.
 */
public final class UpdateVerdict {
    /** The agent's own limit; the collector's policy threshold ({@code osUpdateMaxDays}) is what findings use. */
    public static final Duration MAX_AGE = Duration.ofDays(14);

    /**
     * What one system found.
     *
     * @param release       the release as the table names it, or as the system names it when not in the table
     * @param row           the table row for the release, if any
     * @param newerThanTable the release is newer than every row for its system (a new macOS, assumed supported)
     * @param lastUpdate    when the last OS quality/security update was installed
     * @param source        where {@code lastUpdate} came from
     * @param currentAsOf   when the system's updater last ran and found nothing (more) to install
     * @param pending       security updates available but not installed; null when not known
     * @param pendingSince  when the package lists showing {@code pending} were fetched
     * @param notes         why a source could not be read
     */
    public record Found(String release, Optional<SupportTable.Release> row, boolean newerThanTable,
                        Instant lastUpdate, String source, Instant currentAsOf, Integer pending,
                        Instant pendingSince, List<String> notes) {
    }

    private UpdateVerdict() {
    }

    public static OsUpdatesReading decide(Found f, SupportTable table, Instant now) {
        List<String> why = new ArrayList<>();
        LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
        String support;
        LocalDate ends = null;
        if (f.row().isPresent()) {
            SupportTable.Release r = f.row().get();
            ends = r.ends();
            boolean over = ends.isBefore(today);
            support = over ? OsUpdates.END_OF_SERVICING : OsUpdates.SUPPORTED;
            // concatenation, not String.format: a cold scan's first format parses its pattern in the interpreter
            why.add(r.release() + (r.edition() == null ? "" : " " + r.edition()) + " "
                    + (over ? "stopped getting" : "gets") + " security updates " + (over ? "after" : "until") + " "
                    + ends + (r.estimated() ? ", an estimated date" : "") + " (support table " + table.tableDate() + ")");
        } else if (f.newerThanTable()) {
            support = OsUpdates.SUPPORTED;
            why.add(f.release() + " is newer than every release in the support table " + table.tableDate()
                    + ", so it is taken as supported");
        } else {
            support = OsUpdates.UNKNOWN;
            why.add((f.release() == null ? "the release could not be read" : f.release() + " is not in the support "
                    + "table " + table.tableDate()) + ", so whether it is still serviced is unknown");
        }
        boolean fresh = false;
        boolean overdue = false;
        if (f.lastUpdate() != null) {
            long days = Duration.between(f.lastUpdate(), now).toDays();
            fresh = !f.lastUpdate().isBefore(now.minus(MAX_AGE));
            why.add("last OS update installed " + f.lastUpdate() + " (" + days + " days ago, from " + f.source()
                    + "; limit " + MAX_AGE.toDays() + " days)");
            overdue = !fresh;
        } else {
            why.add("no installed OS update found in " + (f.source() == null ? "the update history" : f.source()));
        }
        if (f.currentAsOf() != null) {
            boolean recent = !f.currentAsOf().isBefore(now.minus(MAX_AGE));
            why.add("the updater last ran " + f.currentAsOf() + " and found nothing left to install");
            if (recent) {
                fresh = true;
                overdue = false;
            }
        }
        boolean pendingOverdue = false;
        if (f.pending() != null) {
            if (f.pending() > 0 && f.pendingSince() != null) {
                pendingOverdue = f.pendingSince().isBefore(now.minus(MAX_AGE));
                why.add(f.pending() + " security update(s) pending in package lists fetched " + f.pendingSince()
                        + (pendingOverdue ? ", so available for more than the limit" : ""));
            } else {
                why.add(f.pending() + " security update(s) pending");
            }
        }
        why.addAll(f.notes());
        Tri value;
        if (OsUpdates.END_OF_SERVICING.equals(support) || overdue || pendingOverdue) {
            value = Tri.NO;
        } else if (OsUpdates.SUPPORTED.equals(support) && fresh && (f.pending() == null || f.pending() == 0)) {
            value = Tri.YES;
        } else {
            value = Tri.UNKNOWN;
        }
        String release = clip(f.row().map(SupportTable.Release::release).orElse(f.release()));
        return new OsUpdatesReading(value, String.join("; ", why), new OsUpdates(release, support, ends,
                table.tableDate(), f.lastUpdate(), f.pending(), f.source()));
    }

    /** The wire contract caps short texts at 256 characters; os-release's PRETTY_NAME has no limit of its own. */
    private static String clip(String s) {
        return s == null || s.length() <= 256 ? s : s.substring(0, 256);
    }
}
