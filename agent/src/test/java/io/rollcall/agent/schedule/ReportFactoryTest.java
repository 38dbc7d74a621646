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
}
