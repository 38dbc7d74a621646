package io.rollcall.collector.jobs;

import io.rollcall.collector.CollectorConfig;
import io.rollcall.collector.compliance.SnapshotJob;
import io.rollcall.collector.policy.PolicyReevaluation;
import io.rollcall.collector.reminders.OverdueReminders;
import io.rollcall.collector.stale.StaleSweep;
import java.time.Duration;

/** The collector's scheduled jobs, their periods and first looks: the one list of once-only work. */
public final class CollectorJobs {
    /** How often a node looks for a re-evaluation to resume, unless {@code jobs.policy-reevaluation-resume.seconds}. */
    static final Duration RESUME_EVERY = Duration.ofSeconds(10);

    private CollectorJobs() {
    }

    /**
     * Registers every job this node offers to run.
     *
     * @param staleEvery the sweep period from {@code stale.sweep.minutes}; none when that is 0
     * @param reminders  null when no SMTP host is set
     */
    public static void register(ClusterJobs jobs, CollectorConfig cfg, SnapshotJob snapshot, StaleSweep stale,
                                Duration staleEvery, PolicyReevaluation policyRuns, OverdueReminders reminders) {
        JobSettings s = cfg.jobs();
        // today's snapshot at once, as the trend page expects one from the first start
        jobs.register(JobSettings.COMPLIANCE_SNAPSHOT, s.period(JobSettings.COMPLIANCE_SNAPSHOT, SnapshotJob.EVERY),
                Duration.ZERO, snapshot::run);
        if (cfg.staleSweepMinutes() > 0) {
            // a silent device never reports, so its device.stale finding is opened by this sweep
            Duration every = s.period(JobSettings.STALE_SWEEP, staleEvery);
            // the first sweep soon after start, but not while the node is still joining
            jobs.register(JobSettings.STALE_SWEEP, every, min(every, Duration.ofMinutes(1)),
                    () -> stale.sweep() + " silent devices re-evaluated");
        }
        // a fleet re-evaluation whose node died is started again by a survivor
        jobs.register(JobSettings.POLICY_RESUME, s.period(JobSettings.POLICY_RESUME, RESUME_EVERY),
                policyRuns::resumeInterrupted);
        if (reminders != null) {
            Duration every = s.period(JobSettings.LOAN_REMINDERS,
                    Duration.ofSeconds(cfg.loans().reminderCheckSeconds()));
            // this node first looks one period after its start, as the per-node timer did
            jobs.register(JobSettings.LOAN_REMINDERS, every, every, () -> reminders.sweep() + " reminders sent");
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
