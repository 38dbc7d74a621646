package io.rollcall.collector.policy;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.io.Serializable;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The fleet re-evaluation that follows a policy change, run in the background so the PUT answers at once.
 * Progress is published per policy version in the Hazelcast map {@value #MAP}, so any node can show it.
 * One run at a time across the cluster: a run holds the map's lock on {@code "run"} while it works; a run for
 * an older version stops as soon as a newer version is in force (the newer run re-evaluates every device with
 * the newest policy anyway, as each device is re-evaluated with the policy in force at that moment).
 */
public final class PolicyReevaluation {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PolicyReevaluation.class);
    public static final String MAP = "policy-reevaluation";
    private static final String RUN_LOCK = "run";
    /** Progress is published after this many devices (and at the end). */
    private static final int PUBLISH_EVERY = 100;

    public static final String RUNNING = "running";
    public static final String DONE = "done";
    public static final String SUPERSEDED = "superseded";
    public static final String FAILED = "failed";
    /** Shown, never stored: the node running it left the cluster before it finished. */
    public static final String INTERRUPTED = "interrupted";

    private final IMap<String, Status> statuses;
    private final HazelcastInstance hz;
    private final FleetReevaluator fleet;
    private final IntSupplier versionInForce;
    private final Executor background;
    private final Clock clock;

    /**
     * The re-evaluation of the fleet for one policy version.
     *
     * @param devices how many devices it covers
     * @param done    how many it has re-evaluated so far
     * @param failed  how many could not be re-evaluated (busy or failing); the next report re-evaluates them
     * @param node    the cluster member running it
     */
    public record Status(int version, String state, int devices, int done, int failed, Instant startedAt,
                         Instant finishedAt, String node) implements Serializable {
        Status with(String newState, int newDone, int newFailed, Instant finished) {
            return new Status(version, newState, devices, newDone, newFailed, startedAt, finished, node);
        }
    }

    /**
     * @param versionInForce the policy version in force now (read through the cluster, so it sees other nodes' PUTs)
     * @param background     runs the work off the caller's thread, e.g. on the worker pool
     */
    public PolicyReevaluation(HazelcastInstance hz, FleetReevaluator fleet, IntSupplier versionInForce,
                              Executor background, Clock clock) {
        this.hz = hz;
        this.statuses = hz.getMap(MAP);
        this.fleet = fleet;
        this.versionInForce = versionInForce;
        this.background = background;
        this.clock = clock;
    }

    /**
     * Publishes a {@code running} status for {@code version} covering every enrolled device and starts the run
     * in the background; {@code done} at once when there is no device. Blocking (one SQL read).
     */
    public Status start(int version) throws SQLException {
        List<UUID> ids = fleet.deviceIds();
        Instant now = clock.instant();
        String node = hz.getCluster().getLocalMember().getUuid().toString();
        Status s = new Status(version, ids.isEmpty() ? DONE : RUNNING, ids.size(), 0, 0, now,
                ids.isEmpty() ? now : null, node);
        statuses.put(key(version), s);
        if (!ids.isEmpty()) {
            background.execute(() -> run(s, ids));
        }
        return s;
    }

    /** The status of {@code version}'s re-evaluation, {@code interrupted} if its node has gone; null if none ran. */
    public Status status(int version) {
        Status s = statuses.get(key(version));
        if (s == null || !RUNNING.equals(s.state())) {
            return s;
        }
        for (Member m : hz.getCluster().getMembers()) {
            if (m.getUuid().toString().equals(s.node())) {
                return s;
            }
        }
        return s.with(INTERRUPTED, s.done(), s.failed(), null);
    }

    /**
     * Starts the run for the version in force again, on this node, when the node running it left the cluster before
     * it ended (killed, say): the whole fleet is re-evaluated, which is safe for the devices it had reached. Run by
     * {@link io.rollcall.collector.jobs.ClusterJobs} on one node at a time. Blocking (one SQL read when it resumes).
     *
     * @return what it did, for the job's record
     */
    public String resumeInterrupted() throws SQLException {
        int version = versionInForce.getAsInt();
        Status s = status(version);
        if (s == null || !INTERRUPTED.equals(s.state())) {
            return "nothing to resume";
        }
        start(version);
        return "resumed v" + version + " (" + s.done() + " of " + s.devices() + " done by " + s.node() + ")";
    }

    void run(Status start, List<UUID> ids) {
        Status s = start;
        boolean locked = false;
        int done = 0;
        int failed = 0;
        try {
            // waits for an older run to notice it is superseded (it checks between devices) and let go
            while (!(locked = statuses.tryLock(RUN_LOCK, 1, TimeUnit.SECONDS))) {
                if (superseded(s)) {
                    statuses.put(key(s.version()), s.with(SUPERSEDED, 0, 0, clock.instant()));
                    return;
                }
            }
            for (UUID id : ids) {
                if (superseded(s)) { // one cluster map read: small beside a device's re-evaluation
                    statuses.put(key(s.version()), s.with(SUPERSEDED, done, failed, clock.instant()));
                    return;
                }
                if (done % PUBLISH_EVERY == 0 && done > 0) {
                    statuses.put(key(s.version()), s.with(RUNNING, done, failed, null));
                }
                try {
                    fleet.one(id);
                } catch (InterruptedException e) {
                    throw e;
                } catch (Exception e) {
                    failed++; // its next report evaluates it with the new policy; the status shows how many
                    LOG.warn("policy v{}: device {} could not be re-evaluated: {}", s.version(), id, e.toString());
                }
                done++;
            }
            statuses.put(key(s.version()), s.with(DONE, done, failed, clock.instant()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            statuses.put(key(s.version()), s.with(FAILED, done, failed, clock.instant()));
        } catch (RuntimeException e) {
            LOG.error("policy v{}: fleet re-evaluation failed", s.version(), e);
            statuses.put(key(s.version()), s.with(FAILED, done, failed, clock.instant()));
        } finally {
            if (locked) {
                statuses.unlock(RUN_LOCK);
            }
        }
    }

    private boolean superseded(Status s) {
        return versionInForce.getAsInt() > s.version();
    }

    private static String key(int version) {
        return "v" + version;
    }
}
