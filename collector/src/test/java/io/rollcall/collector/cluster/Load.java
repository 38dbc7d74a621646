package io.rollcall.collector.cluster;

import io.rollcall.common.enroll.EnrollResponse;
import io.rollcall.common.report.Report;
import io.rollcall.common.sample.SampleReports;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Agents posting reports to the nodes round-robin, as behind a load balancer: each client thread owns some devices
 * and posts for them one at a time (a device's first report is full, then a changed full report every fourth time,
 * heartbeats between). Records every reportId answered 202, and every refusal (non-202 or no answer) by node.
 */
final class Load {
    private static final int PACKAGES = 200;
    final Map<UUID, UUID> acked = new ConcurrentHashMap<>(); // reportId → deviceId
    final List<String> refusals = Collections.synchronizedList(new ArrayList<>());
    private final List<String> refusedBy = Collections.synchronizedList(new ArrayList<>());
    volatile int ackedBeforeKill;
    volatile int victimFailures;
    volatile int sentToSurvivorsAfterKill;
    volatile long slowestAfterKillMillis;
    private final List<EnrollResponse> devices;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger victimFails = new AtomicInteger();
    private final AtomicInteger afterKill = new AtomicInteger();
    private final AtomicLong slowest = new AtomicLong();
    private volatile List<CollectorProcess> targets;
    private volatile CollectorProcess victim;
    private volatile boolean running = true;

    Load(List<EnrollResponse> devices, List<CollectorProcess> nodes) {
        this.devices = devices;
        this.targets = List.copyOf(nodes);
    }

    void start() {
        for (int t = 0; t < 4; t++) {
            int me = t;
            Thread th = new Thread(() -> run(me), "agents-" + t);
            th.setDaemon(true);
            threads.add(th);
            th.start();
        }
    }

    /** Takes {@code n} out of the rotation (the load balancer's health check), just before it is killed. */
    void remove(CollectorProcess n) {
        ackedBeforeKill = acked.size();
        victim = n;
        targets = targets.stream().filter(x -> x != n).toList();
    }

    void stop() throws InterruptedException {
        running = false;
        for (Thread t : threads) {
            t.join(70_000);
        }
        victimFailures = victimFails.get();
        sentToSurvivorsAfterKill = afterKill.get();
        slowestAfterKillMillis = slowest.get();
    }

    int refusedBySurvivors(CollectorProcess killed) {
        synchronized (refusedBy) {
            return (int) refusedBy.stream().filter(n -> !n.equals(killed.name)).count();
        }
    }

    private void run(int me) {
        int round = 0;
        while (running) {
            for (int i = me; i < devices.size() && running; i += 4) {
                EnrollResponse d = devices.get(i);
                List<CollectorProcess> now = targets;
                CollectorProcess n = now.get(Math.floorMod(next.getAndIncrement(), now.size()));
                boolean killed = victim != null;
                Report r = round == 0 ? SampleReports.full(d.deviceId(), i, PACKAGES, Instant.now())
                        : round % 4 == 0 ? SampleReports.full(d.deviceId(), i * 1000L + round, PACKAGES, Instant.now())
                        : SampleReports.heartbeat(d.deviceId(), Instant.now());
                long t0 = System.nanoTime();
                String outcome;
                try {
                    HttpResponse<String> res = ThreeNodeClusterKillTest.post(n, d, r);
                    if (res.statusCode() == 202) {
                        acked.put(r.reportId(), d.deviceId());
                        outcome = null;
                    } else {
                        outcome = res.statusCode() + " " + res.body();
                    }
                } catch (Exception e) {
                    outcome = e.toString();
                }
                if (killed && n != victim) {
                    afterKill.incrementAndGet();
                    slowest.accumulateAndGet((System.nanoTime() - t0) / 1_000_000, Math::max);
                }
                if (outcome != null) {
                    if (n == victim) {
                        victimFails.incrementAndGet(); // in flight when it died: never acknowledged
                    } else {
                        refusedBy.add(n.name);
                        refusals.add(n.name + ": " + outcome);
                    }
                }
            }
            round++;
        }
    }
}
