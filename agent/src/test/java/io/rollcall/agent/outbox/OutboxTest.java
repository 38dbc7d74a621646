package io.rollcall.agent.outbox;

import static io.rollcall.agent.transport.FakeReports.report;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.agent.state.AtomicFiles;
import io.rollcall.agent.state.DropCounters;
import io.rollcall.common.report.Report;
import io.rollcall.common.report.ReportKind;
import io.rollcall.common.wire.ReportCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxTest {
    @TempDir
    Path dir;

    @Test
    void entriesComeBackInCreationOrderAndHoldTheReportGzipped() throws Exception {
        Outbox outbox = new Outbox(dir, OutboxLimits.DEFAULT);
        Report a = report(ReportKind.FULL, 2);
        Report b = report(ReportKind.HEARTBEAT, 0);
        Report c = report(ReportKind.DELTA, 1);
        for (Report r : List.of(a, b, c)) {
            outbox.enqueue(r);
        }
        List<OutboxEntry> entries = outbox.entries();
        assertEquals(List.of(a.reportId(), b.reportId(), c.reportId()), entries.stream().map(OutboxEntry::reportId).toList());
        assertEquals(2, entries.get(0).mediaEvents());
        Report back = ReportCodec.read(ReportCodec.inflate(outbox.read(entries.get(0)), "gzip"), Report.class);
        assertEquals(a, back);
    }

    @Test
    void orderSurvivesMoreThanNineReportsBecauseSequenceIsZeroPadded() throws Exception {
        Outbox outbox = new Outbox(dir, OutboxLimits.DEFAULT);
        for (int i = 0; i < 12; i++) {
            outbox.enqueue(report(ReportKind.HEARTBEAT, 0));
        }
        List<Long> seqs = outbox.entries().stream().map(OutboxEntry::sequence).toList();
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L), seqs);
    }

    @Test
    void aLeftoverTempFileFromACrashIsIgnored() throws Exception {
        Outbox outbox = new Outbox(dir, OutboxLimits.DEFAULT);
        outbox.enqueue(report(ReportKind.FULL, 0));
        Files.write(dir.resolve(AtomicFiles.TEMP_PREFIX + "0000000000000000002-full-0e-"
                + "00000000-0000-0000-0000-000000000002.json.gz-x"), new byte[]{1, 2, 3});
        Files.writeString(dir.resolve("notes.txt"), "stray");
        assertEquals(1, outbox.entries().size());
        assertEquals(1, new Outbox(dir, OutboxLimits.DEFAULT).depth());
    }

    @Test
    void queuedReportsSurviveARestartAndTheSequenceContinues() throws Exception {
        Outbox first = new Outbox(dir, OutboxLimits.DEFAULT);
        Report a = report(ReportKind.FULL, 0);
        first.enqueue(a);
        Outbox second = new Outbox(dir, OutboxLimits.DEFAULT);
        Report b = report(ReportKind.DELTA, 0);
        second.enqueue(b);
        List<OutboxEntry> entries = second.entries();
        assertEquals(List.of(a.reportId(), b.reportId()), entries.stream().map(OutboxEntry::reportId).toList());
        assertEquals(2, entries.get(1).sequence());
    }

    @Test
    void whenFullTheOldestHeartbeatsAreDroppedBeforeAnyReport() throws Exception {
        Outbox outbox = new Outbox(dir, new OutboxLimits(3, Long.MAX_VALUE));
        Report full = report(ReportKind.FULL, 1);
        outbox.enqueue(full);
        outbox.enqueue(report(ReportKind.HEARTBEAT, 0));
        outbox.enqueue(report(ReportKind.HEARTBEAT, 0));
        Report delta = report(ReportKind.DELTA, 2);
        Outbox.Enqueued e = outbox.enqueue(delta);
        assertEquals(new DropCounters(1, 0, 0), e.dropped());
        List<ReportKind> kinds = outbox.entries().stream().map(OutboxEntry::kind).toList();
        assertEquals(List.of(ReportKind.FULL, ReportKind.HEARTBEAT, ReportKind.DELTA), kinds);
    }

    @Test
    void withNoHeartbeatsLeftTheOldestReportGoesAndItsMediaEventsAreCounted() throws Exception {
        Outbox outbox = new Outbox(dir, new OutboxLimits(2, Long.MAX_VALUE));
        Report oldest = report(ReportKind.DELTA, 4);
        outbox.enqueue(oldest);
        outbox.enqueue(report(ReportKind.FULL, 1));
        Outbox.Enqueued e = outbox.enqueue(report(ReportKind.DELTA, 0));
        assertEquals(new DropCounters(0, 1, 4), e.dropped());
        assertTrue(outbox.entries().stream().noneMatch(x -> x.reportId().equals(oldest.reportId())));
        assertEquals(2, outbox.depth());
    }

    @Test
    void anIncomingHeartbeatIsDroppedItselfRatherThanEvictingReports() throws Exception {
        Outbox outbox = new Outbox(dir, new OutboxLimits(2, Long.MAX_VALUE));
        outbox.enqueue(report(ReportKind.FULL, 0));
        outbox.enqueue(report(ReportKind.DELTA, 3));
        Outbox.Enqueued e = outbox.enqueue(report(ReportKind.HEARTBEAT, 0));
        assertFalse(e.entry().isPresent());
        assertEquals(new DropCounters(1, 0, 0), e.dropped());
        assertEquals(List.of(ReportKind.FULL, ReportKind.DELTA), outbox.entries().stream().map(OutboxEntry::kind).toList());
    }

    @Test
    void theByteBoundIsEnforcedLikeTheFileBound() throws Exception {
        Outbox probe = new Outbox(dir.resolve("probe"), OutboxLimits.DEFAULT);
        long oneReport = probe.enqueue(report(ReportKind.DELTA, 0)).entry().orElseThrow().bytes();
        Outbox outbox = new Outbox(dir.resolve("q"), new OutboxLimits(1000, oneReport * 2 + oneReport / 2));
        outbox.enqueue(report(ReportKind.DELTA, 1));
        outbox.enqueue(report(ReportKind.DELTA, 0));
        Outbox.Enqueued e = outbox.enqueue(report(ReportKind.DELTA, 0));
        assertEquals(1, e.dropped().reports());
        assertEquals(1, e.dropped().events());
        assertEquals(2, outbox.depth());
    }

    @Test
    void aRejectedReportMovesAsideWithTheCollectorsReason() throws Exception {
        Outbox outbox = new Outbox(dir, OutboxLimits.DEFAULT);
        OutboxEntry entry = outbox.enqueue(report(ReportKind.FULL, 0)).entry().orElseThrow();
        outbox.reject(entry, "HTTP 400: software[3].name is longer than 512");
        assertEquals(0, outbox.depth());
        assertEquals(1, outbox.rejectedCount());
        Path reason = dir.resolve(Outbox.REJECTED_DIR).resolve(entry.file().getFileName() + ".reason.txt");
        assertTrue(Files.readString(reason).contains("software[3].name"));
    }
}
