package io.rollcall.collector.compliance;

import com.hazelcast.map.IMap;
import io.rollcall.collector.findings.Policy;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps today's compliance snapshot current: every node ticks hourly, but only the node that takes
 * the cluster-wide lock, and only when no node has taken a snapshot in the last {@link #EVERY}, does
 * the work. The day's row is overwritten until the day ends, so it holds the day's last picture.
 */
public final class SnapshotJob {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotJob.class);
    public static final String MAP = "scheduled-jobs";
    private static final String KEY = "compliance-snapshot";
    static final Duration EVERY = Duration.ofMinutes(55);

    private final IMap<String, Long> jobs;
    private final ComplianceReports reports;
    private final Supplier<Policy> policy;
    private final Clock clock;

    public SnapshotJob(IMap<String, Long> jobs, ComplianceReports reports, Supplier<Policy> policy, Clock clock) {
        this.jobs = jobs;
        this.reports = reports;
        this.policy = policy;
        this.clock = clock;
    }

    /** Ticks now and then hourly, on the worker pool. Returns the timer id. */
    public long schedule(Vertx vertx, WorkerExecutor blocking) {
        blocking.executeBlocking(() -> runIfDue(), false);
        return vertx.setPeriodic(Duration.ofHours(1).toMillis(), id -> blocking.executeBlocking(() -> runIfDue(), false));
    }

    /** Takes the snapshot if this node wins the lock and none was taken recently. True when it did. Blocking. */
    public boolean runIfDue() {
        try {
            if (!jobs.tryLock(KEY, 0, TimeUnit.SECONDS, 5, TimeUnit.MINUTES)) {
                return false;
            }
            try {
                Instant now = clock.instant();
                Long last = jobs.get(KEY);
                if (last != null && now.toEpochMilli() - last < EVERY.toMillis()) {
                    return false;
                }
                reports.snapshot(now);
                jobs.put(KEY, now.toEpochMilli());
                return true;
            } finally {
                jobs.unlock(KEY);
            }
        } catch (Exception e) {
            LOG.warn("compliance snapshot not taken: {}", e.toString());
            return false;
        }
    }
}
