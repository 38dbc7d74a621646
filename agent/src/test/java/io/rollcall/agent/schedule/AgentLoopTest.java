package io.rollcall.agent.schedule;

import static io.rollcall.agent.transport.FakeReports.T0;
import static io.rollcall.agent.transport.FakeReports.sections;
import static io.rollcall.agent.transport.FakeReports.stick;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.rollcall.agent.outbox.Outbox;
import io.rollcall.agent.outbox.OutboxEntry;
import io.rollcall.agent.outbox.OutboxLimits;
import io.rollcall.agent.probe.ScanResult;
import io.rollcall.agent.state.AgentState;
import io.rollcall.agent.state.StateStore;
import io.rollcall.agent.transport.Backoff;
import io.rollcall.agent.transport.FakeReports;
import io.rollcall.agent.transport.Sender;
import io.rollcall.common.report.MediaAction;
import io.rollcall.common.report.MediaEvent;
import io.rollcall.common.report.Report;
import io.rollcall.common.report.ReportKind;
import io.rollcall.common.wire.ReportCodec;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drives the loop with {@code tick(now)}; nothing sleeps. The sender is a Mockito mock at the network boundary. */
class AgentLoopTest {
    /** Jitter pinned to the middle of the range, so the first wait is exactly 2.5 s. */
    private static final Random HALF_WAY = new Random() {
        @Override
        public double nextDouble() {
            return 0.5;
        }
    };

    @TempDir
    Path dir;
    StateStore store;
    Outbox outbox;
    FakeReports.FakeScanner scanner = new FakeReports.FakeScanner();
    Sender sender = mock(Sender.class);
    Clock clock = Clock.fixed(T0, ZoneOffset.UTC);

    @BeforeEach
    void setUp() throws Exception {
        store = new StateStore(dir);
        store.save(AgentState.EMPTY.withEnrolment("https://c.example", FakeReports.DEVICE, "s", "ca.pem", "00".repeat(32), 0));
        outbox = new Outbox(store.outboxDirectory(), OutboxLimits.DEFAULT);
        when(sender.drain(any())).thenReturn(new Sender.DrainResult(Sender.Outcome.DRAINED, 0, 0, 0, "ok"));
    }

    private AgentLoop loop(OutboxLimits limits) throws Exception {
        outbox = new Outbox(store.outboxDirectory(), limits);
        return new AgentLoop(store, store.load(), outbox, scanner, sender,
                new Backoff(Duration.ofSeconds(5), Duration.ofHours(1), HALF_WAY, clock), Intervals.DEFAULT, clock,
                AgentLoop.Reenrolment.impossible("no token in this test"));
    }

    private List<Report> queued() throws Exception {
        List<Report> out = new java.util.ArrayList<>();
        for (OutboxEntry e : outbox.entries()) {
            out.add(ReportCodec.read(ReportCodec.inflate(outbox.read(e), "gzip"), Report.class));
        }
        return out;
    }

    @Test
    void fullAtStartHeartbeatAfterQuietQuarterHourAndDeltaOnlyWhenSomethingChanged() throws Exception {
        AgentLoop loop = loop(OutboxLimits.DEFAULT);
        loop.tick(T0);
        loop.tick(T0.plusSeconds(60));
        loop.tick(T0.plus(Duration.ofMinutes(15)));
        loop.tick(T0.plus(Duration.ofMinutes(60))); // delta due, nothing changed: skipped
        scanner.next = new ScanResult(sections("12.5 (bookworm)"), List.of());
        loop.tick(T0.plus(Duration.ofMinutes(120)));
        List<Report> q = queued();
        assertEquals(List.of(ReportKind.FULL, ReportKind.HEARTBEAT, ReportKind.DELTA), q.stream().map(Report::kind).toList());
        assertEquals("12.5 (bookworm)", q.get(2).sections().os().version());
        assertNull(q.get(2).sections().hardware());
        assertEquals(T0.plus(Duration.ofMinutes(120)), store.load().lastQueuedAt());
    }

    @Test
    void aNewFullReportIsDueEvery24HoursAndAtEveryStart() throws Exception {
        loop(OutboxLimits.DEFAULT).tick(T0);
        AgentLoop restarted = loop(OutboxLimits.DEFAULT);
        restarted.tick(T0.plusSeconds(30));
        restarted.tick(T0.plus(Duration.ofHours(24)).plusSeconds(30));
        assertEquals(3, queued().stream().filter(r -> r.kind() == ReportKind.FULL).count());
    }

    @Test
    void aConnectedStickIsReportedInADeltaWithinSecondsAndLeavesThePendingFile() throws Exception {
        AgentLoop loop = loop(OutboxLimits.DEFAULT);
        loop.tick(T0);
        MediaEvent plugged = new MediaEvent(T0.plusSeconds(100), MediaAction.CONNECTED, stick("4C530001"));
        store.pendingEvents().append(plugged);
        loop.requestDelta(T0.plusSeconds(103));
        loop.tick(T0.plusSeconds(102));
        assertEquals(1, outbox.depth());
        loop.tick(T0.plusSeconds(103));
        Report delta = queued().get(1);
        assertEquals(ReportKind.DELTA, delta.kind());
        assertEquals(List.of(plugged), delta.sections().removableMedia().events());
        assertEquals(List.of(), store.pendingEvents().peek());
    }

    @Test
    void droppedReportsAndTheirEventsAppearInTheNextReportsDiagnostics() throws Exception {
        AgentLoop loop = loop(new OutboxLimits(1, Long.MAX_VALUE));
        store.pendingEvents().append(new MediaEvent(T0, MediaAction.CONNECTED, stick("A")));
        store.pendingEvents().append(new MediaEvent(T0, MediaAction.DISCONNECTED, stick("A")));
        loop.tick(T0); // full carrying 2 events
        scanner.next = new ScanResult(sections("13 (trixie)"), List.of());
        loop.tick(T0.plus(Duration.ofHours(1))); // delta evicts the full
        loop.tick(T0.plus(Duration.ofHours(1)).plus(Duration.ofMinutes(15))); // heartbeat: dropped itself
        scanner.next = new ScanResult(sections("13.1 (trixie)"), List.of());
        loop.tick(T0.plus(Duration.ofHours(2).plusMinutes(15)));
        Report last = queued().get(0);
        assertEquals(1, last.diagnostics().droppedReports());
        assertEquals(2, last.diagnostics().droppedEvents());
        assertEquals(1, last.diagnostics().droppedHeartbeats());
    }

    @Test
    void afterAFailedSendTheLoopWaitsForTheBackoffAndAForbiddenSecretStopsSending() throws Exception {
        when(sender.drain(any())).thenReturn(new Sender.DrainResult(Sender.Outcome.RETRY_LATER, 0, 0, 1, "HTTP 503"));
        AgentLoop loop = loop(OutboxLimits.DEFAULT);
        loop.tick(T0);
        verify(sender, times(1)).drain(any());
        loop.tick(T0.plusMillis(2499)); // still backing off
        verify(sender, times(1)).drain(any());
        loop.tick(T0.plusMillis(2500));
        verify(sender, times(2)).drain(any());

        when(sender.drain(any())).thenReturn(new Sender.DrainResult(Sender.Outcome.REVOKED, 0, 0, 1, "forbidden", null, 403));
        loop.tick(T0.plus(Duration.ofHours(2)));
        loop.tick(T0.plus(Duration.ofHours(3)));
        verify(sender, times(3)).drain(any());
    }

    @Test
    void aSuccessfulDeliveryIsRecordedInTheState() throws Exception {
        when(sender.drain(any())).thenReturn(new Sender.DrainResult(Sender.Outcome.DRAINED, 1, 0, 0, "ok"));
        loop(OutboxLimits.DEFAULT).tick(T0);
        assertEquals(T0, store.load().lastDeliveryAt());
    }

    @Test
    void theCollectorsIntervalSetsTheDeltaUnlessTheLocalConfigSaysOtherwise() throws Exception {
        var none = io.rollcall.agent.state.AgentConfig.DEFAULTS;
        assertEquals(Duration.ofMinutes(30), Intervals.resolve(none, 1800).delta());
        assertEquals(Duration.ofHours(1), Intervals.resolve(none, 0).delta());
        var props = new java.util.Properties();
        props.setProperty("interval.delta", "120");
        assertEquals(Duration.ofSeconds(120),
                Intervals.resolve(io.rollcall.agent.state.AgentConfig.parse(props, "t"), 1800).delta());
    }

    private void historyInScan(MediaEvent... history) {
        scanner.next = new ScanResult(sections("12 (bookworm)").withRemovableMedia(
                new io.rollcall.common.report.RemovableMedia(List.of(), List.of(history))), List.of());
    }

    private static long historyIn(Report r) {
        return r.sections().removableMedia().events().size();
    }

    @Test
    void mediaHistoryGoesInFullReportsUntilTheCollectorAcknowledgesItThenOnlyNewerHistory() throws Exception {
        MediaEvent yesterday = new MediaEvent(T0.minus(Duration.ofDays(1)), MediaAction.CONNECTED, stick("Y"));
        historyInScan(yesterday);
        when(sender.drain(any())).thenReturn(new Sender.DrainResult(Sender.Outcome.RETRY_LATER, 0, 0, 1, "HTTP 503"));
        AgentLoop offline = loop(OutboxLimits.DEFAULT);
        offline.tick(T0);
        assertNull(store.load().mediaHistorySentUpTo(), "queued is not delivered");
        assertEquals(1, store.load().mediaHistoryInFlight().size());

        AgentLoop restarted = loop(OutboxLimits.DEFAULT); // not acknowledged: the next full carries it again
        when(sender.drain(any())).thenAnswer(inv -> {
            var ids = new java.util.HashSet<java.util.UUID>();
            for (OutboxEntry e : outbox.entries()) {
                ids.add(e.reportId());
                outbox.delete(e);
            }
            return new Sender.DrainResult(Sender.Outcome.DRAINED, ids.size(), 0, 0, "ok", ids);
        });
        List<Report> beforeSend = new java.util.ArrayList<>();
        restarted.queue(ReportKind.FULL, T0.plusSeconds(60));
        beforeSend.addAll(queued());
        assertEquals(List.of(1L, 1L), beforeSend.stream().map(AgentLoopTest::historyIn).toList());
        restarted.send(T0.plusSeconds(60));
        assertEquals(yesterday.at(), store.load().mediaHistorySentUpTo());
        assertEquals(java.util.Map.of(), store.load().mediaHistoryInFlight());

        MediaEvent today = new MediaEvent(T0.plusSeconds(90), MediaAction.CONNECTED, stick("T"));
        historyInScan(yesterday, today);
        loop(OutboxLimits.DEFAULT).queue(ReportKind.FULL, T0.plusSeconds(120));
        assertEquals(List.of(today), queued().get(0).sections().removableMedia().events());
    }

    @Test
    void historyInAReportTheOutboxDroppedIsForgottenAndSentAgain() throws Exception {
        MediaEvent yesterday = new MediaEvent(T0.minus(Duration.ofDays(1)), MediaAction.CONNECTED, stick("Y"));
        historyInScan(yesterday);
        AgentLoop loop = loop(new OutboxLimits(1, Long.MAX_VALUE));
        loop.queue(ReportKind.FULL, T0);
        scanner.next = new ScanResult(sections("13 (trixie)"), List.of());
        loop.queue(ReportKind.DELTA, T0.plusSeconds(60)); // evicts the full report carrying the history
        loop.send(T0.plusSeconds(61)); // the mock delivers nothing
        assertEquals(java.util.Map.of(), store.load().mediaHistoryInFlight());
        assertNull(store.load().mediaHistorySentUpTo());
        historyInScan(yesterday);
        loop.queue(ReportKind.FULL, T0.plusSeconds(120));
        assertEquals(List.of(yesterday), queued().get(queued().size() - 1).sections().removableMedia().events());
    }
}
