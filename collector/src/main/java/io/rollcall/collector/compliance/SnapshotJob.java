package io.rollcall.collector.compliance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Keeps today's compliance snapshot current. {@link io.rollcall.collector.jobs.ClusterJobs} runs it on one node at a
 * time, every {@link #EVERY} by default ({@code jobs.compliance-snapshot.seconds}); the day's row is overwritten until
 * the day ends, so it holds the day's last picture.
 */
public final class SnapshotJob {
    /** The map of {@link io.rollcall.collector.stale.StaleSweep#runIfDue}'s last runs and locks. */
    public static final String MAP = "scheduled-jobs";
    public static final Duration EVERY = Duration.ofMinutes(55);

    private final ComplianceReports reports;
    private final Clock clock;

    public SnapshotJob(ComplianceReports reports, Clock clock) {
        this.reports = reports;
        this.clock = clock;
    }

    /** Takes (or retakes) today's snapshot. Blocking. */
    public String run() throws Exception {
        Instant now = clock.instant();
        reports.snapshot(now);
        return "snapshot of " + now.atZone(ZoneOffset.UTC).toLocalDate();
    }
}
