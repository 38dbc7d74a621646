package io.rollcall.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.rollcall.common.report.Report;
import io.rollcall.common.sample.SampleReports;
import io.rollcall.common.wire.ReportCodec;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LoadGeneratorTest {
    @Test
    void preDeflatedBodyIsValidGzipOfTheSameReportWithANewReportId() throws Exception {
        Instant now = Instant.now();
        Report r = SampleReports.full(UUID.randomUUID(), 7, 850, now);
        LoadGenerator.Variant v = LoadGenerator.variant(r);
        UUID id = UUID.randomUUID();
        Report back = new ReportCodec(Clock.systemUTC()).decode(LoadGenerator.body(v, id), "gzip");
        assertEquals(id, back.reportId());
        assertEquals(r.sections(), back.sections());
        assertEquals(r.deviceId(), back.deviceId());
        int wire = LoadGenerator.body(v, id).length;
        int ref = ReportCodec.toGzipJson(r).length;
        assertEquals(ref, wire, 64.0, "wire size close to a plain gzip");
        Report b = LoadGenerator.withChangedPackage(r, 3);
        assertNotEquals(r.sections().software(), b.sections().software());
        assertEquals(r.sections().software().size(), b.sections().software().size());
    }
}
