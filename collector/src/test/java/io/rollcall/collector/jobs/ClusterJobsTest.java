package io.rollcall.collector.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.rollcall.collector.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Job leases and the job scheduler on two real Hazelcast members on loopback, with one clock the test moves: a lease
 * is exclusive until it is released, runs out, or its holder leaves the cluster; a job runs on one node per period,
 * and a run cut off by its node's death is recorded as interrupted and run again by the survivor.
 */
class ClusterJobsTest {
    private static final Duration TTL = Duration.ofSeconds(60);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-05T07:00:00Z"));
    private final List<HazelcastInstance> members = new ArrayList<>();
    private HazelcastInstance a;
    private HazelcastInstance b;

    @BeforeEach
    void cluster() throws Exception {
        String name = "rc-jobs-" + UUID.randomUUID();
        List<Integer> ports = List.of(freePort(), freePort());
        a = member(name, ports.get(0), ports);
        b = member(name, ports.get(1), ports);
        assertEquals(2, b.getCluster().getMembers().size());
    }

    @AfterEach
    void stop() {
        members.forEach(m -> m.getLifecycleService().terminate());
    }

    @Test
    void leaseIsExclusiveUntilItRunsOutThenTheTakerHasANewFence() {
        JobLease onA = new JobLease(a, clock, TTL);
        JobLease onB = new JobLease(b, clock, TTL);
        JobLease.Held held = onA.tryAcquire("sweep").orElseThrow();
        assertTrue(onB.tryAcquire("sweep").isEmpty());
        assertEquals(Optional.of(onA.node()), onB.holder("sweep"));

        clock.advance(TTL.minusSeconds(1));
        assertTrue(onB.tryAcquire("sweep").isEmpty(), "one second before it runs out, the lease still holds");
        clock.advance(Duration.ofSeconds(1));
        JobLease.Held taken = onB.tryAcquire("sweep").orElseThrow();
        assertEquals(held.fence() + 1, taken.fence());
        assertTrue(onA.renew(held).isEmpty(), "the old holder finds out at its next renewal");
    }

    @Test
    void renewedLeaseOutlivesItsFirstTermAndReleasedOneIsFreeAtOnce() {
        JobLease onA = new JobLease(a, clock, TTL);
        JobLease onB = new JobLease(b, clock, TTL);
        JobLease.Held held = onA.tryAcquire("snapshot").orElseThrow();
        clock.advance(Duration.ofSeconds(50));
        held = onA.renew(held).orElseThrow();
        clock.advance(Duration.ofSeconds(50));
        assertTrue(onB.tryAcquire("snapshot").isEmpty(), "renewed 50 s ago for 60 s");
        onA.release(held);
        assertTrue(onB.tryAcquire("snapshot").isPresent());
    }

    @Test
    void leaseOfANodeThatLeftTheClusterIsFreeWithoutWaitingForItToRunOut() throws Exception {
        JobLease onA = new JobLease(a, clock, TTL);
        JobLease onB = new JobLease(b, clock, TTL);
        onA.tryAcquire("reminders").orElseThrow();
        a.getLifecycleService().terminate();
        awaitMembers(b, 1);
        assertTrue(onB.tryAcquire("reminders").isPresent(), "the clock has not moved; the holder is gone");
    }

    @Test
    void jobRunsOnOneNodePerPeriodWhenBothOfferAtOnce() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        ClusterJobs onA = jobs(a).register("snapshot", Duration.ofMinutes(55), () -> "run " + runs.incrementAndGet());
        ClusterJobs onB = jobs(b).register("snapshot", Duration.ofMinutes(55), () -> "run " + runs.incrementAndGet());
        try {
            assertEquals(1, bothAtOnce(onA, onB, "snapshot"));
            assertEquals(0, bothAtOnce(onA, onB, "snapshot"), "not due again within the period");
            clock.advance(Duration.ofMinutes(54));
            assertEquals(0, bothAtOnce(onA, onB, "snapshot"));
            clock.advance(Duration.ofMinutes(1));
            assertEquals(1, bothAtOnce(onA, onB, "snapshot"));
            assertEquals(2, runs.get());
            JobState s = onB.read("snapshot");
            assertEquals(2, s.runs());
            assertEquals("ok", s.last().outcome());
            assertEquals("run 2", s.last().detail());
        } finally {
            onA.close();
            onB.close();
        }
    }

    @Test
    void aJobWhosePeriodIsShorterThanTheLeaseRunsEveryPeriodOnEitherNode() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        ClusterJobs.Body body = () -> {
            clock.advance(Duration.ofSeconds(1)); // a run takes time: the lease is renewed to a new expiry at its end
            return "run " + runs.incrementAndGet();
        };
        ClusterJobs onA = jobs(a).register("sweep", Duration.ofSeconds(10), body);
        ClusterJobs onB = jobs(b).register("sweep", Duration.ofSeconds(10), body);
        try {
            assertTrue(onA.runIfDue("sweep").isPresent());
            clock.advance(Duration.ofSeconds(10)); // well inside the 60 s lease: a finished run must have freed it
            assertTrue(onB.runIfDue("sweep").isPresent(), "the other node runs it one period later");
            clock.advance(Duration.ofSeconds(10));
            assertTrue(onA.runIfDue("sweep").isPresent(), "and so does the first node again");
            assertEquals(3, runs.get());
            assertEquals(3, onA.read("sweep").runs());
        } finally {
            onA.close();
            onB.close();
        }
    }

    @Test
    void runCutOffByItsNodesDeathIsRecordedAndRunAgainOnTheSurvivor() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        ClusterJobs onA = jobs(a).register("sweep", Duration.ofMinutes(15), () -> {
            started.countDown();
            never.await(); // a sweep still running when its node dies
            return "unreachable";
        });
        ClusterJobs onB = jobs(b).register("sweep", Duration.ofMinutes(15), () -> "swept on b");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            String nodeA = onA.node();
            pool.submit(() -> onA.runIfDue("sweep"));
            assertTrue(started.await(30, TimeUnit.SECONDS));
            assertTrue(onB.runIfDue("sweep").isEmpty(), "a live node holds the lease");

            a.getLifecycleService().terminate();
            awaitMembers(b, 1);
            JobState.Run run = onB.runIfDue("sweep").orElseThrow();
            assertEquals(onB.node(), run.node());
            assertEquals("swept on b", run.detail());
            JobState s = onB.read("sweep");
            assertEquals(2, s.history().size(), s.toString());
            assertEquals(nodeA, s.history().get(0).node());
            assertEquals("interrupted", s.history().get(0).outcome());
            assertEquals(run, s.history().get(1));
        } finally {
            never.countDown();
            pool.shutdownNow();
            onA.close();
            onB.close();
        }
    }

    @Test
    void settingsNameTheKeyTheyRefuse() {
        var p = new java.util.Properties();
        p.setProperty("jobs.tick.seconds", "0");
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> JobSettings.defaults().with(p));
        assertTrue(e.getMessage().contains("jobs.tick.seconds"), e.getMessage());
        assertTrue(JobSettings.isKey("jobs.stale-sweep.seconds"));
        assertFalse(JobSettings.isKey("jobs.stale.seconds"));
    }

    private ClusterJobs jobs(HazelcastInstance hz) {
        return new ClusterJobs(hz, clock, TTL);
    }

    private static int bothAtOnce(ClusterJobs one, ClusterJobs two, String job) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Optional<JobState.Run>>> runs = new ArrayList<>();
            for (ClusterJobs j : List.of(one, two)) {
                runs.add(pool.submit(() -> {
                    go.await();
                    return j.runIfDue(job);
                }));
            }
            go.countDown();
            int ran = 0;
            for (Future<Optional<JobState.Run>> f : runs) {
                ran += f.get(30, TimeUnit.SECONDS).isPresent() ? 1 : 0;
            }
            return ran;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Hazelcast removes a terminated member within seconds; this waits on the cluster, not on the test clock. */
    private static void awaitMembers(HazelcastInstance hz, int n) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (hz.getCluster().getMembers().size() != n && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        assertEquals(n, hz.getCluster().getMembers().size());
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private HazelcastInstance member(String name, int port, List<Integer> all) {
        Config c = new Config().setClusterName(name);
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.setProperty("hazelcast.logging.type", "slf4j");
        c.getJetConfig().setEnabled(false);
        var net = c.getNetworkConfig();
        net.setPort(port).setPortAutoIncrement(false);
        net.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        net.getJoin().getMulticastConfig().setEnabled(false);
        net.getJoin().getAutoDetectionConfig().setEnabled(false);
        all.forEach(p -> net.getJoin().getTcpIpConfig().setEnabled(true).addMember("127.0.0.1:" + p));
        c.setProperty("hazelcast.socket.bind.any", "false");
        HazelcastInstance hz = Hazelcast.newHazelcastInstance(c);
        members.add(hz);
        return hz;
    }
}
