package io.rollcall.installers;

import io.rollcall.agent.outbox.Outbox;
import io.rollcall.agent.outbox.OutboxLimits;
import io.rollcall.agent.probe.ScanOptions;
import io.rollcall.agent.probe.Scanner;
import io.rollcall.agent.probe.SystemScanner;
import io.rollcall.agent.schedule.ReportFactory;
import io.rollcall.agent.state.AgentState;
import io.rollcall.agent.state.StateStore;
import io.rollcall.common.report.MediaEvent;
import io.rollcall.common.report.ReportKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Benchmark, not a test: what a worker process does for an hourly delta, as {@code AgentLoop.queue(DELTA)} does it
 * (load the state, scan without media history, build the delta against the kept section hashes, save the state when
 * nothing changed), so its cost can be measured as its own short-lived JVM before the worker command exists.
 * {@code java [flags] -cp rollcall-agent.jar:harness.jar io.rollcall.installers.WorkerDelta STATE_DIR full|delta};
 * {@code full} makes the state a delta compares against. Run by src/build/worker-cost.sh; figures in BENCHMARKS.md.
 */
public final class WorkerDelta {
    private WorkerDelta() {
    }

    public static void main(String[] args) throws Exception {
        StateStore store = new StateStore(Path.of(args[0]));
        boolean full = "full".equals(args[1]);
        AgentState state = full ? AgentState.EMPTY.withEnrolment("https://collector.invalid", UUID.randomUUID(),
                "not-a-secret", "ca.pem", "00".repeat(32), 3600) : store.load();
        Scanner scanner = SystemScanner.create(new ScanOptions(state.deviceSalt(), null), store.directory());
        List<MediaEvent> pending = Files.exists(store.directory().resolve(StateStore.EVENTS_FILE))
                ? store.pendingEvents().peek() : List.of();
        int depth = Files.isDirectory(store.outboxDirectory())
                ? new Outbox(store.outboxDirectory(), OutboxLimits.DEFAULT).depth() : 0;
        Instant now = Instant.now();
        ReportFactory.Built built = new ReportFactory(state.deviceId()).build(full ? ReportKind.FULL : ReportKind.DELTA,
                now, full ? scanner.scan() : scanner.scanForDelta(), pending, state.mediaHistorySentUpTo(),
                state.sectionHashes(), depth, state.dropped());
        if (full || !built.empty()) {
            state = state.withSectionHashes(built.sectionHashes()).withTimes(full ? now : state.lastFullAt(), now, now);
        } else {
            state = state.withTimes(state.lastFullAt(), now, state.lastQueuedAt());
        }
        store.save(state);
        System.out.println(full ? "full" : built.empty() ? "unchanged" : "changed");
    }
}
