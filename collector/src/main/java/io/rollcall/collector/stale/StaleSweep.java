package io.rollcall.collector.stale;

import com.hazelcast.map.IMap;
import io.rollcall.collector.findings.Policy;
import io.rollcall.collector.findings.rules.DeviceStaleRule;
import io.rollcall.collector.policy.FleetReevaluator.DeviceReevaluation;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens {@code device.stale} findings for devices that stopped reporting. A silent device never triggers its own
 * evaluation, so {@link io.rollcall.collector.jobs.ClusterJobs} runs {@link #sweep} on one node every period
 * ({@code runIfDue} is the same on demand, under its own cluster-wide lock): it re-evaluates each device silent for
 * longer than the policy's {@code staleDays}
 * ({@code staleDaysOnLoan} while it is lent) that has no unresolved stale finding yet. Each device goes through
 * the same re-evaluation as a policy change (its own lock, {@code FindingReconciler}, compliance recomputed); its
 * next report resolves the finding. Blocking work runs on the worker pool.
 */
public final class StaleSweep {
    private static final Logger LOG = LoggerFactory.getLogger(StaleSweep.class);
    private static final String KEY = "device-stale-sweep";
    /** Longest a crashed sweeper keeps others out; a sweep that outlives it is harmless, just repeated work. */
    private static final Duration LEASE = Duration.ofMinutes(30);
    private static final int PAGE = 500;

    /**
     * What one call did.
     *
     * @param ran          whether this node swept (false: another node holds the lock, or swept recently)
     * @param reevaluated  devices re-evaluated, each of which is now flagged unless it reported meanwhile
     */
    public record Run(boolean ran, int reevaluated) {
        static final Run SKIPPED = new Run(false, 0);
    }

    private final IMap<String, Long> jobs;
    private final StaleDevices devices;
    private final Supplier<Policy> policy;
    private final DeviceReevaluation reevaluate;
    private final Clock clock;
    private final Duration every;

    /**
     * @param jobs       the cluster-wide map of scheduled jobs' last runs (and their locks)
     * @param reevaluate re-evaluates one device from its stored sections at the current time
     * @param every      the sweep period, at least a minute
     */
    public StaleSweep(IMap<String, Long> jobs, StaleDevices devices, Supplier<Policy> policy,
                      DeviceReevaluation reevaluate, Clock clock, Duration every) {
        if (every.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("stale sweep period was " + every + ", must be at least a minute");
        }
        this.jobs = jobs;
        this.devices = devices;
        this.policy = policy;
        this.reevaluate = reevaluate;
        this.clock = clock;
        this.every = every;
    }

    /** Sweeps if this node wins the cluster-wide lock and no node swept within half a period. Blocking; never throws. */
    public Run runIfDue() {
        try {
            if (!jobs.tryLock(KEY, 0, TimeUnit.SECONDS, LEASE.toMillis(), TimeUnit.MILLISECONDS)) {
                return Run.SKIPPED;
            }
            try {
                Instant now = clock.instant();
                Long last = jobs.get(KEY);
                if (last != null && now.toEpochMilli() - last < every.toMillis() / 2) {
                    return Run.SKIPPED;
                }
                int n = sweep();
                jobs.put(KEY, now.toEpochMilli());
                return new Run(true, n);
            } finally {
                try {
                    jobs.unlock(KEY);
                } catch (IllegalMonitorStateException e) {
                    // the lease ran out during a long sweep; another node may already be sweeping, which is safe
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Run.SKIPPED;
        } catch (Exception e) {
            LOG.warn("stale sweep failed: {}", e.toString());
            return Run.SKIPPED;
        }
    }

    /**
     * One pass over the silent devices, without the job lock. Safe on two nodes at once (each device is
     * re-evaluated under its own lock against its stored open findings, so the second pass finds the first's
     * finding and refreshes it), only wasted work. Blocking.
     *
     * @return devices re-evaluated
     */
    public int sweep() throws SQLException, InterruptedException {
        Policy p = policy.get();
        if (!p.enabled(DeviceStaleRule.ID)) {
            return 0;
        }
        Instant now = clock.instant();
        Instant staleBefore = now.minus(Duration.ofDays(p.staleDays()));
        Instant loanStaleBefore = now.minus(Duration.ofDays(p.staleDaysOnLoan()));
        int n = 0;
        for (boolean reported : new boolean[] {true, false}) {
            StaleDevices.Cursor after = null;
            List<StaleDevices.Silent> page;
            do {
                page = reported ? devices.reported(staleBefore, loanStaleBefore, after, PAGE)
                        : devices.neverReported(staleBefore, loanStaleBefore, after, PAGE);
                for (StaleDevices.Silent d : page) {
                    n += reevaluate(d) ? 1 : 0;
                }
                after = page.isEmpty() ? after : page.get(page.size() - 1).cursor();
            } while (page.size() == PAGE);
        }
        if (n > 0) {
            LOG.info("stale sweep: {} silent devices re-evaluated", n);
        }
        return n;
    }

    private boolean reevaluate(StaleDevices.Silent d) throws InterruptedException {
        try {
            return reevaluate.reevaluate(d.id());
        } catch (RuntimeException | SQLException e) {
            // busy (a report is being stored, which settles it anyway) or a failed write: the next sweep retries
            LOG.warn("stale sweep: device {} not re-evaluated: {}", d.id(), e.getMessage());
            return false;
        }
    }
}
