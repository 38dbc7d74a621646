package io.rollcall.agent.schedule;

import static io.rollcall.agent.transport.FakeReports.T0;
import static io.rollcall.agent.transport.FakeReports.stick;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.rollcall.agent.outbox.Outbox;
import io.rollcall.agent.outbox.OutboxEntry;
import io.rollcall.agent.outbox.OutboxLimits;
import io.rollcall.agent.state.AgentState;
import io.rollcall.agent.state.StateStore;
import io.rollcall.agent.transport.Backoff;
import io.rollcall.agent.transport.FakeReports;
import io.rollcall.agent.transport.Sender;
import io.rollcall.common.report.MediaAction;
import io.rollcall.common.report.Report;
import io.rollcall.common.report.ReportKind;
import io.rollcall.common.wire.ReportCodec;
import java.nio.file.Path;
import io.rollcall.agent.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each {@link WorkerRun} here is a fresh loop, outbox, backoff and poller over the same state directory, as each
 * worker process of the resident service is; the clock is moved, nothing sleeps. The sender is a Mockito mock at
 * the network boundary.
 */
class WorkerRunTest {
    private static final Random HALF_WAY = new Random() {
        @Override
        public double nextDouble() {
            return 0.5;
        }
    };

    /** A clock the test moves. */

    @TempDir
    Path dir;
    StateStore store;
    FakeReports.FakeScanner fake = new FakeReports.FakeScanner();
    RuntimeException failWith;
    /** The fake scanner, or a failure the test sets (a probe bug that escaped). */
    io.rollcall.agent.probe.Scanner scanner = () -> {
        if (failWith != null) {
            throw failWith;
        }
        return fake.scan();
    };
    Sender sender = mock(Sender.class);
    MovableClock clock = new MovableClock(T0);
    MediaPollerTest.FakeMediaProbe media = new MediaPollerTest.FakeMediaProbe();

    @BeforeEach
    void setUp() throws Exception {
        store = new StateStore(dir);
        store.save(AgentState.EMPTY.withEnrolment("https://c.example", FakeReports.DEVICE, "s", "ca.pem", "00".repeat(32), 0));
        // delivers for real as far as the outbox is concerned: what it drains is gone from disk
        when(sender.drain(any())).thenAnswer(inv -> {
            Outbox outbox = new Outbox(store.outboxDirectory(), OutboxLimits.DEFAULT);
            int n = 0;
            for (OutboxEntry e : outbox.entries()) {
                delivered.add(ReportCodec.read(ReportCodec.inflate(outbox.read(e), "gzip"), Report.class));
                outbox.delete(e);
                n++;
            }
            return new Sender.DrainResult(Sender.Outcome.DRAINED, n, 0, 0, "ok");
        });
    }

    final List<Report> delivered = new ArrayList<>();

    /** One worker process: everything built afresh from the state directory. */
    private ScheduleFile.Schedule worker(boolean serviceStart) throws Exception {
        Outbox outbox = new Outbox(store.outboxDirectory(), OutboxLimits.DEFAULT);
        Backoff backoff = new Backoff(Duration.ofSeconds(5), Duration.ofHours(1), HALF_WAY, clock);
        AgentLoop loop = new AgentLoop(store, store.load(), outbox, scanner, sender, backoff, Intervals.DEFAULT, clock,
                AgentLoop.Reenrolment.impossible("no token in this test"));
        MediaPoller poller = new MediaPoller(media, store.pendingEvents(), clock,
                dir.resolve(MediaPoller.BASELINE_FILE));
        return new WorkerRun(loop, backoff, Intervals.DEFAULT, new ScheduleFile(dir), clock).run(serviceStart, poller);
    }

    /** Every report queued so far: delivered, then still waiting. */
    private List<Report> queued() throws Exception {
        Outbox outbox = new Outbox(store.outboxDirectory(), OutboxLimits.DEFAULT);
        List<Report> out = new ArrayList<>(delivered);
        for (OutboxEntry e : outbox.entries()) {
            out.add(ReportCodec.read(ReportCodec.inflate(outbox.read(e), "gzip"), Report.class));
        }
        return out;
    }

    @Test
    void theServiceStartQueuesAFullReportAndTheScheduleNamesTheNextDueTimes() throws Exception {
        when(sender.drain(any())).thenReturn(new Sender.DrainResult(Sender.Outcome.RETRY_LATER, 0, 0, 1, "offline"));
        ScheduleFile.Schedule s = worker(true);
        assertEquals(List.of(ReportKind.FULL), queued().stream().map(Report::kind).toList());
        assertEquals(T0.plus(Duration.ofHours(24)), s.fullDue());
        assertEquals(T0.plus(Duration.ofHours(1)), s.deltaDue());
        assertEquals(T0.plus(Intervals.DEFAULT.heartbeat()), s.heartbeatDue());
        assertEquals(1, s.backoffFailures());
        assertEquals(T0.plusMillis(2500), s.backoffUntil(), "the first failure waits half of 5 s");
        assertEquals(T0.plusMillis(2500), s.next(), "reports wait: the next attempt is the earliest thing due");
    }

    @Test
    void backoffGoesOnAcrossWorkersInsteadOfStartingOverEachTime() throws Exception {
        when(sender.drain(any())).thenReturn(new Sender.DrainResult(Sender.Outcome.RETRY_LATER, 0, 0, 1, "offline"));
        worker(true);
        clock.now = T0.plusSeconds(1);
        ScheduleFile.Schedule early = worker(false);
        verify(sender, times(1)).drain(any()); // the second worker came before the backoff allowed an attempt
        assertEquals(1, early.backoffFailures());
        clock.now = T0.plusMillis(2500);
        ScheduleFile.Schedule second = worker(false);
        assertEquals(2, second.backoffFailures());
        assertEquals(clock.now.plusMillis(5000), second.backoffUntil(), "half of 10 s: the ceiling doubled");
        assertEquals(List.of(ReportKind.FULL), queued().stream().map(Report::kind).toList(),
                "a later worker queues no second full report in the same service run");
    }

    @Test
    void aStickPluggedBetweenTwoWorkersBecomesAnEventAndADeltaSecondsLater() throws Exception {
        worker(true);
        clock.now = T0.plusSeconds(100);
        media.now.add(stick("4C530001"));
        ScheduleFile.Schedule s = worker(false);
        assertEquals(T0.plusSeconds(103), s.deltaRequested());
        assertEquals(T0.plusSeconds(103), s.next(), "the resident comes back when the delta is due");
        assertEquals(1, store.pendingEvents().peek().size());

        clock.now = T0.plusSeconds(103);
        ScheduleFile.Schedule after = worker(false);
        assertNull(after.deltaRequested());
        Report delta = queued().get(1);
        assertEquals(ReportKind.DELTA, delta.kind());
        assertEquals(MediaAction.CONNECTED, delta.sections().removableMedia().events().get(0).action());
        assertEquals(List.of(), store.pendingEvents().peek());
    }

    @Test
    void aForbiddenDeviceStaysSilentAcrossWorkersUntilTheServiceRestarts() throws Exception {
        when(sender.drain(any())).thenReturn(new Sender.DrainResult(Sender.Outcome.REVOKED, 0, 0, 1, "forbidden",
                null, 403));
        ScheduleFile.Schedule s = worker(true);
        assertEquals(T0, s.revokedSince());
        clock.now = T0.plus(Duration.ofMinutes(20));
        worker(false); // queues a heartbeat but does not send
        verify(sender, times(1)).drain(any());
        clock.now = T0.plus(Duration.ofMinutes(21));
        ScheduleFile.Schedule restarted = worker(true);
        verify(sender, times(2)).drain(any());
        assertEquals(clock.now, restarted.revokedSince(), "refused again after the restart");
    }

    @Test
    void aWorkerWithoutAScheduleFileStillWritesOneWhenItsTickFails() throws Exception {
        failWith = new IllegalStateException("probe bug");
        RuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, () -> worker(true));
        assertTrue(e.getMessage().contains("probe bug"));
        ScheduleFile.Schedule s = new ScheduleFile(dir).read();
        assertEquals(T0, s.fullDue(), "the full report is still due");
        verify(sender, never()).drain(any());
        failWith = null;
        clock.now = T0.plusSeconds(30);
        worker(false);
        assertEquals(List.of(ReportKind.FULL), queued().stream().map(Report::kind).toList(),
                "the next worker queues the full report the failed one could not");
    }
}
