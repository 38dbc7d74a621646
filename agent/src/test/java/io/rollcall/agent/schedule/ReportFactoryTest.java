package io.rollcall.agent.schedule;

import static io.rollcall.agent.transport.FakeReports.T0;
import static io.rollcall.agent.transport.FakeReports.sections;
import static io.rollcall.agent.transport.FakeReports.stick;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.agent.probe.ScanResult;
import io.rollcall.agent.state.DropCounters;
import io.rollcall.agent.transport.FakeReports;
import io.rollcall.common.report.MediaAction;
import io.rollcall.common.report.MediaEvent;
import io.rollcall.common.report.ProbeError;
import io.rollcall.common.report.Report;
import io.rollcall.common.report.ReportKind;
import io.rollcall.common.report.Sections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportFactoryTest {
    private final ReportFactory factory = new ReportFactory(FakeReports.DEVICE);

    @Test
    void aDeltaCarriesOnlyTheSectionsWhoseHashChanged() {
        ScanResult before = new ScanResult(sections("12 (bookworm)"), List.of());
        var full = factory.build(ReportKind.FULL, T0, before, List.of(), Map.of(), 0, DropCounters.NONE);
        ScanResult after = new ScanResult(sections("12.5 (bookworm)"), List.of());
        var delta = factory.build(ReportKind.DELTA, T0.plusSeconds(3600), after, List.of(), full.sectionHashes(), 0,
                DropCounters.NONE);
        Sections s = delta.report().sections();
        assertEquals("12.5 (bookworm)", s.os().version());
        assertNull(s.hardware(), "hardware did not change");
        assertNull(s.removableMedia(), "nothing connected or removed");
        assertEquals(Report.SCHEMA_VERSION, delta.report().schema());
        assertEquals(ReportKind.DELTA, delta.report().kind());
        // time-ordered ids (UUID version 7): the collector's report log is keyed by them
        assertEquals(7, delta.report().reportId().version());
    }

    @Test
    void aDeltaWithNothingChangedIsEmptyAndPendingEventsMakeItWorthSending() {
        ScanResult scan = new ScanResult(sections("12 (bookworm)"), List.of());
        var full = factory.build(ReportKind.FULL, T0, scan, List.of(), Map.of(), 0, DropCounters.NONE);
        assertTrue(factory.build(ReportKind.DELTA, T0, scan, List.of(), full.sectionHashes(), 0, DropCounters.NONE).empty());

        MediaEvent plugged = new MediaEvent(T0, MediaAction.CONNECTED, stick("S1"));
        var delta = factory.build(ReportKind.DELTA, T0, scan, List.of(plugged), full.sectionHashes(), 0, DropCounters.NONE);
        assertEquals(List.of(plugged), delta.report().sections().removableMedia().events());
        assertEquals(1, delta.eventsIncluded());
        assertNull(delta.report().sections().os());
    }

    @Test
    void diagnosticsCarryOutboxDepthDropCountsAndProbeErrors() {
        ScanResult scan = new ScanResult(sections("12"), List.of(new ProbeError("screenlock", "no session bus")));
        Report r = factory.build(ReportKind.FULL, T0, scan, List.of(), Map.of(), 7, new DropCounters(2, 1, 5)).report();
        assertEquals(7, r.diagnostics().outboxDepth());
        assertEquals(2, r.diagnostics().droppedHeartbeats());
        assertEquals(1, r.diagnostics().droppedReports());
        assertEquals(5, r.diagnostics().droppedEvents());
        assertEquals("screenlock", r.diagnostics().probeErrors().get(0).probe());
        assertNotNull(r.agentVersion());
    }

    @Test
    void aHeartbeatHasNoSections() {
        Report r = factory.build(ReportKind.HEARTBEAT, T0, null, List.of(), Map.of(), 0, DropCounters.NONE).report();
        assertEquals(Sections.EMPTY, r.sections());
    }

    private static ScanResult withHistory(MediaEvent... history) {
        return new ScanResult(sections("12").withRemovableMedia(
                new io.rollcall.common.report.RemovableMedia(List.of(), List.of(history))), List.of());
    }

    @Test
    void aFullReportCarriesPendingEventsThenHistoryNewerThanTheWatermark() {
        MediaEvent lastMonth = new MediaEvent(T0.minusSeconds(30 * 86400), MediaAction.CONNECTED, stick("OLD"));
        MediaEvent yesterday = new MediaEvent(T0.minusSeconds(86400), MediaAction.CONNECTED, stick("NEW"));
        MediaEvent pending = new MediaEvent(T0.minusSeconds(5), MediaAction.DISCONNECTED, stick("P"));
        var full = factory.build(ReportKind.FULL, T0, withHistory(yesterday, lastMonth), List.of(pending),
                T0.minusSeconds(10 * 86400), Map.of(), 0, DropCounters.NONE);
        assertEquals(List.of(pending, yesterday), full.report().sections().removableMedia().events());
        assertEquals(1, full.eventsIncluded(), "only pending events leave the pending file");
        assertEquals(yesterday.at(), full.historyUpTo());

        var nothingNew = factory.build(ReportKind.FULL, T0, withHistory(yesterday, lastMonth), List.of(),
                yesterday.at(), Map.of(), 0, DropCounters.NONE);
        assertEquals(List.of(), nothingNew.report().sections().removableMedia().events());
        assertNull(nothingNew.historyUpTo());
    }

    @Test
    void aDeltaNeverCarriesHistoryAndHistoryDoesNotMakeTheMediaSectionLookChanged() {
        MediaEvent yesterday = new MediaEvent(T0.minusSeconds(86400), MediaAction.CONNECTED, stick("NEW"));
        var full = factory.build(ReportKind.FULL, T0, withHistory(yesterday), List.of(), null, Map.of(), 0,
                DropCounters.NONE);
        var delta = factory.build(ReportKind.DELTA, T0, withHistory(yesterday), List.of(), null,
                full.sectionHashes(), 0, DropCounters.NONE);
        assertTrue(delta.empty());
        assertNull(delta.historyUpTo());
    }

    @Test
    void historyCutToTheRoomLeftNeverSplitsOneInstant() {
        java.time.Instant t1 = T0.minusSeconds(300);
        java.time.Instant t2 = T0.minusSeconds(200);
        MediaEvent a = new MediaEvent(t1, MediaAction.CONNECTED, stick("A"));
        MediaEvent b = new MediaEvent(t2, MediaAction.CONNECTED, stick("B"));
        MediaEvent c = new MediaEvent(t2, MediaAction.CONNECTED, stick("C"));
        assertEquals(List.of(a), HistoryWindow.after(List.of(c, b, a), null, 2),
                "B and C share an instant: both wait, else the watermark would skip C");
        assertEquals(List.of(a, b, c), HistoryWindow.after(List.of(c, b, a), null, 3).stream()
                .sorted(java.util.Comparator.comparing(e -> e.device().serial())).toList());
        assertEquals(List.of(b, c).size(), HistoryWindow.after(List.of(a, b, c), t1, 10).size());
    }
}
