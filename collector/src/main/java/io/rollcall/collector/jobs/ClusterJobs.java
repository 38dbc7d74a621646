package io.rollcall.collector.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.rollcall.common.wire.WireJson;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector's scheduled jobs (stale sweep, compliance snapshot, loan reminders, resuming an interrupted policy
 * re-evaluation), run once per period across the whole cluster, never once per node. Every node that registered a
 * job looks at it every tick; a node runs it when it is due (no run started within the period, cluster-wide) and it
 * holds the job's {@link JobLease}. The lease is renewed while the job runs, so a long run keeps it; a node that dies
 * mid-run loses it as soon as Hazelcast removes the member, and the job, still due, runs on a survivor at the next
 * tick. Each job's runs are recorded in the map {@value #STATES} ({@link JobState}). Jobs run on the worker pool.
 */
public final class ClusterJobs implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterJobs.class);
    public static final String STATES = "job-states";

    /** A job's work; returns a short line saying what it did. Blocking. */
    @FunctionalInterface
    public interface Body {
        String run() throws Exception;
    }

    private record Job(String name, Duration every, Duration firstAfter, Body body) {
    }

    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final Map<String, Boolean> busy = new ConcurrentHashMap<>();
    private final IMap<String, String> states;
    private final JobLease lease;
    private final Clock clock;
    private final Duration renewEvery;
    private final ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rollcall-job-leases");
        t.setDaemon(true);
        return t;
    });
    private Vertx vertx;
    private final List<Long> timers = new ArrayList<>();

    /** @param leaseTtl how long a lease lasts unrenewed; it is renewed every third of that while a job runs */
    public ClusterJobs(HazelcastInstance hz, Clock clock, Duration leaseTtl) {
        this.states = hz.getMap(STATES);
        this.lease = new JobLease(hz, clock, leaseTtl);
        this.clock = clock;
        this.renewEvery = leaseTtl.dividedBy(3);
    }

    /** Adds a job this node offers to run every {@code every} (cluster-wide), looking at it first one tick after start. */
    public ClusterJobs register(String name, Duration every, Body body) {
        return register(name, every, null, body);
    }

    /**
     * Adds a job this node offers to run every {@code every} (cluster-wide), looking at it first {@code firstAfter}
     * after {@link #start} (real time; zero = at once, null = one tick). Call before start.
     */
    public synchronized ClusterJobs register(String name, Duration every, Duration firstAfter, Body body) {
        if (every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException("period of job " + name + " was " + every + ", must be positive");
        }
        if (jobs.putIfAbsent(name, new Job(name, every, firstAfter, body)) != null) {
            throw new IllegalArgumentException("job " + name + " registered twice");
        }
        return this;
    }

    /** Looks at every job each {@code tick}, on the worker pool (a job still running here is not started again). */
    public synchronized void start(Vertx v, WorkerExecutor blocking, Duration tick) {
        this.vertx = v;
        for (Job job : jobs.values()) {
            String name = job.name();
            long first = Math.max(1, job.firstAfter() == null ? tick.toMillis() : job.firstAfter().toMillis());
            timers.add(v.setPeriodic(first, tick.toMillis(), id -> {
                if (busy.putIfAbsent(name, Boolean.TRUE) == null) {
                    blocking.executeBlocking(() -> runIfDue(name), false)
                            .onComplete(r -> busy.remove(name));
                }
            }));
        }
    }

    /** This node's id in job runs (its Hazelcast member UUID). */
    public String node() {
        return lease.node();
    }

    /**
     * Runs {@code name} here if it is due and this node takes its lease. Blocking; never throws.
     *
     * @return the run, ended (ok or failed), or empty when it was not due or another node holds it
     */
    public Optional<JobState.Run> runIfDue(String name) {
        Job job = jobs.get(name);
        if (job == null) {
            throw new IllegalArgumentException("no job named " + name + "; registered: " + jobs.keySet());
        }
        try {
            if (!due(job, read(name))) {
                return Optional.empty();
            }
            Optional<JobLease.Held> got = lease.tryAcquire(name);
            if (got.isEmpty()) {
                return Optional.empty();
            }
            return runHolding(job, got.get());
        } catch (RuntimeException e) {
            // Hazelcast unreachable (this node is leaving, or a partition moved): the next tick looks again
            LOG.warn("job {} not started: {}", name, e.toString());
            return Optional.empty();
        }
    }

    private Optional<JobState.Run> runHolding(Job job, JobLease.Held first) {
        AtomicReference<JobLease.Held> held = new AtomicReference<>(first);
        try {
            JobState state = read(job.name());
            if (!due(job, state)) { // another node finished a run between our look and our lease
                return Optional.empty();
            }
            Instant started = clock.instant();
            String node = lease.node();
            write(state.started(new JobState.Run(node, first.fence(), started, null, "running", null)));
            ScheduledFuture<?> renewal = renewer.scheduleAtFixedRate(() -> renew(held), renewEvery.toMillis(),
                    renewEvery.toMillis(), TimeUnit.MILLISECONDS);
            String outcome = "ok";
            String detail;
            try {
                detail = job.body().run();
            } catch (Exception e) {
                outcome = "failed";
                detail = e.toString();
                LOG.warn("job {} failed: {}", job.name(), detail);
            } finally {
                renewal.cancel(false);
            }
            JobState.Run run = new JobState.Run(node, first.fence(), started, clock.instant(), outcome, detail);
            JobLease.Held h = held.get();
            Optional<JobLease.Held> still = h == null ? Optional.empty() : lease.renew(h);
            // the renewed value is what the lease holds now: releasing the old one would fail its compare-and-set and
            // leave the job held until the lease ran out, so a job ran at most once per lease time
            held.set(still.orElse(null));
            if (still.isPresent()) {
                write(read(job.name()).ended(run));
            } else {
                LOG.warn("job {}: lease lost during the run (another node may have run it too); run not recorded",
                        job.name());
            }
            return Optional.of(run);
        } finally {
            JobLease.Held h = held.get();
            if (h != null) {
                lease.release(h);
            }
        }
    }

    private void renew(AtomicReference<JobLease.Held> held) {
        JobLease.Held h = held.get();
        if (h == null) {
            return;
        }
        try {
            Optional<JobLease.Held> renewed = lease.renew(h);
            held.set(renewed.orElse(null));
            if (renewed.isEmpty()) {
                LOG.warn("job {}: lease lost while running; another node may take it over", h.job());
            }
        } catch (RuntimeException e) {
            LOG.warn("job {}: lease not renewed: {}", h.job(), e.toString());
        }
    }

    private boolean due(Job job, JobState state) {
        JobState.Run last = state.last();
        return last == null || !clock.instant().isBefore(last.startedAt().plus(job.every()));
    }

    /** Every registered job's state, in registration order, with the node now holding its lease. */
    public List<Map<String, Object>> describe() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Job job : jobs.values()) {
            JobState s = read(job.name());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("job", job.name());
            m.put("everySeconds", job.every().toSeconds());
            m.put("leaseHolder", lease.holder(job.name()).orElse(null));
            m.put("running", s.running());
            m.put("last", s.last());
            m.put("runs", s.runs());
            m.put("history", s.history());
            out.add(m);
        }
        return out;
    }

    /** The recorded state of {@code name}; empty state when it never ran. */
    public JobState read(String name) {
        String json = states.get(name);
        if (json == null) {
            return JobState.empty(name);
        }
        try {
            return WireJson.mapper().readValue(json, JobState.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("job state of " + name + " unreadable: " + e.getOriginalMessage(), e);
        }
    }

    private void write(JobState s) {
        try {
            states.put(s.job(), WireJson.mapper().writeValueAsString(s));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("job state of " + s.job() + " not writable", e);
        }
    }

    /** The member ids of the cluster now. */
    public List<String> members() {
        return lease.members();
    }

    /** Whether {@code node} is a member of the cluster now. */
    public boolean isMember(String node) {
        return lease.isMember(node);
    }

    @Override
    public synchronized void close() {
        if (vertx != null) {
            timers.forEach(vertx::cancelTimer);
        }
        renewer.shutdownNow();
    }
}
