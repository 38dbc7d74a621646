package io.rollcall.collector.jobs;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * A cluster-wide lease per job name in the Hazelcast map {@value #MAP}: the one node allowed to run that job now.
 * A lease is free when its holder let it go, when it ran out (the holder stopped renewing: hung, or cut off), or
 * when its holder is no longer a cluster member (killed: free as soon as Hazelcast removes the member, without
 * waiting for the time to run out). Taking and renewing are compare-and-set on the map entry, so two nodes never
 * both hold one lease. Each take increments a fencing number, so a holder whose lease was taken over finds out at
 * its next renewal.
 * <p>
 * Values are plain strings ({@code node|fence|expiresAtMillis}): compared byte for byte by {@code replace}, and
 * nothing to add to {@link io.rollcall.collector.cluster.ClusterSerialFilter}. Expiry is read on {@code clock}, so
 * members' clocks must agree to well within the lease (NTP does). Blocking: call it from a worker.
 */
public final class JobLease {
    public static final String MAP = "job-leases";

    private final IMap<String, String> leases;
    private final HazelcastInstance hz;
    private final Clock clock;
    private final Duration ttl;

    /** A lease this node holds; {@code value} is exactly what the map holds while it is ours. */
    public record Held(String job, long fence, String value) {
    }

    /**
     * @param ttl how long a lease lasts without renewal, at least a second
     */
    public JobLease(HazelcastInstance hz, Clock clock, Duration ttl) {
        if (ttl.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("jobs.lease.seconds was " + ttl.toSeconds() + ", must be at least 1");
        }
        this.hz = hz;
        this.leases = hz.getMap(MAP);
        this.clock = clock;
        this.ttl = ttl;
    }

    /** This node's id in leases and job runs: its Hazelcast member UUID. */
    public String node() {
        return hz.getCluster().getLocalMember().getUuid().toString();
    }

    /** Takes {@code job}'s lease if it is free; empty when another live node holds it. */
    public Optional<Held> tryAcquire(String job) {
        String current = leases.get(job);
        if (current == null) {
            String mine = value(node(), 1);
            return leases.putIfAbsent(job, mine) == null ? Optional.of(new Held(job, 1, mine)) : Optional.empty();
        }
        Parsed p = Parsed.of(current);
        if (!free(p)) {
            return Optional.empty();
        }
        String mine = value(node(), p.fence + 1);
        return leases.replace(job, current, mine) ? Optional.of(new Held(job, p.fence + 1, mine)) : Optional.empty();
    }

    /** Extends a held lease by the TTL from now; empty when it was lost (ran out and taken over). */
    public Optional<Held> renew(Held held) {
        String mine = value(node(), held.fence());
        return leases.replace(held.job(), held.value(), mine) ? Optional.of(new Held(held.job(), held.fence(), mine))
                : Optional.empty();
    }

    /** Lets the lease go at once; does nothing if it was already lost. */
    public void release(Held held) {
        leases.replace(held.job(), held.value(), node() + "|" + held.fence() + "|0");
    }

    /** Who holds {@code job}'s lease now (a live member whose lease has not run out), or empty. */
    public Optional<String> holder(String job) {
        String current = leases.get(job);
        if (current == null) {
            return Optional.empty();
        }
        Parsed p = Parsed.of(current);
        return free(p) ? Optional.empty() : Optional.of(p.node);
    }

    /** The member UUIDs of the cluster now. */
    public java.util.List<String> members() {
        return hz.getCluster().getMembers().stream().map(m -> m.getUuid().toString()).toList();
    }

    /** Whether {@code node} (a member UUID) is in the cluster now. */
    public boolean isMember(String node) {
        for (Member m : hz.getCluster().getMembers()) {
            if (m.getUuid().toString().equals(node)) {
                return true;
            }
        }
        return false;
    }

    private boolean free(Parsed p) {
        return p.expiresAt <= clock.millis() || !isMember(p.node);
    }

    private String value(String node, long fence) {
        return node + "|" + fence + "|" + (clock.millis() + ttl.toMillis());
    }

    private record Parsed(String node, long fence, long expiresAt) {
        static Parsed of(String v) {
            String[] f = v.split("\\|", 3);
            if (f.length != 3) {
                throw new IllegalStateException("job lease value was '" + v + "', must be node|fence|expiresAt");
            }
            return new Parsed(f[0], Long.parseLong(f[1]), Long.parseLong(f[2]));
        }
    }
}
