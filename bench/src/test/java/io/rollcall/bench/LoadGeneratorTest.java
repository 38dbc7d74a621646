package io.rollcall.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        ReportBodies.Variant v = ReportBodies.variant(r);
        UUID id = UUID.randomUUID();
        UUID device = UUID.randomUUID();
        Report back = new ReportCodec(Clock.systemUTC()).decode(ReportBodies.body(v, device.toString(), id), "gzip");
        assertEquals(id, back.reportId());
        assertEquals(r.sections(), back.sections());
        assertEquals(device, back.deviceId(), "the device id comes from the tail, so devices can share a template");
        int wire = ReportBodies.body(v, device.toString(), id).length;
        int ref = ReportCodec.toGzipJson(r).length;
        assertEquals(ref, wire, 400.0, "wire size close to a plain gzip (three members, the list's own window)");
        // the agent's layout: a collector that inflated the list member once knows it in another device's body
        ReportCodec codec = new ReportCodec(Clock.systemUTC());
        var first = codec.decodeWithStored(ReportBodies.body(v, device.toString(), id), "gzip", d -> false);
        var other = codec.decodeWithStored(ReportBodies.body(v, UUID.randomUUID().toString(), UUID.randomUUID()), "gzip",
                first.softwareDigest()::equals);
        assertTrue(other.softwareUnchanged(), "the list member is known by its bytes");
        assertEquals(1, codec.rememberedListMembers());
        Report b = ReportBodies.withChangedPackage(r, 3);
        assertNotEquals(r.sections().software(), b.sections().software());
        assertEquals(r.sections().software().size(), b.sections().software().size());
    }

    @Test
    void helpListsEveryOptionTheParserAccepts() {
        for (String option : LoadGenOptions.VALUED) {
            assertTrue(LoadGenOptions.HELP.contains("  " + option + " "), option + " missing from --help");
            LoadGenOptions.parse(new String[] {option, option.equals("--kind") ? "heartbeat"
                    : option.equals("--mix") ? "morning" : option.equals("--url") ? "https://localhost:7" : "7"});
        }
        for (String flag : LoadGenOptions.FLAGS) {
            assertTrue(LoadGenOptions.HELP.contains("  " + flag + " "), flag + " missing from --help");
            LoadGenOptions.parse(new String[] {flag});
        }
        assertTrue(LoadGenOptions.parse(new String[] {"--help"}).help);
    }

    @Test
    void anAdminTokenAloneIsEnoughToRunAndWrongValuesAreNamed() {
        LoadGenOptions o = LoadGenOptions.parse(new String[] {"--ca", "ca.crt", "--admin-token", "rc_pat_x", "--devices", "200"});
        o.requireRunnable();
        assertEquals("rc_pat_x", o.adminToken);
        assertNull(o.enrollToken);
        assertEquals(200, o.devices);

        assertEquals("--devices was 'many', not a whole number", assertThrows(IllegalArgumentException.class,
                () -> LoadGenOptions.parse(new String[] {"--devices", "many"})).getMessage());
        assertEquals("--admin-token needs a value", assertThrows(IllegalArgumentException.class,
                () -> LoadGenOptions.parse(new String[] {"--admin-token"})).getMessage());
        assertEquals("unknown option --token", assertThrows(IllegalArgumentException.class,
                () -> LoadGenOptions.parse(new String[] {"--token", "x"})).getMessage());
        assertEquals("--mix was 'evening', must be morning", assertThrows(IllegalArgumentException.class,
                () -> LoadGenOptions.parse(new String[] {"--mix", "evening"})).getMessage());
        assertEquals("--count applies to --mix morning only; the other modes run for --duration",
                assertThrows(IllegalArgumentException.class, () -> LoadGenOptions.parse(new String[] {"--ca", "c",
                        "--admin-token", "a", "--count", "10"}).requireRunnable()).getMessage());
        assertEquals("--untimed-first was 5, must be fewer than --devices (5): some first reports must be timed",
                assertThrows(IllegalArgumentException.class, () -> LoadGenOptions.parse(new String[] {"--ca", "c",
                        "--admin-token", "a", "--mix", "morning", "--devices", "5", "--untimed-first", "5"})
                        .requireRunnable()).getMessage());
        assertEquals("--untimed-first applies to --mix morning only",
                assertThrows(IllegalArgumentException.class, () -> LoadGenOptions.parse(new String[] {"--ca", "c",
                        "--admin-token", "a", "--untimed-first", "5"}).requireRunnable()).getMessage());
        LoadGenOptions mix = LoadGenOptions.parse(new String[] {"--mix", "morning", "--devices", "100000"});
        assertEquals(2000, mix.templates(), "100,000 devices share 2,000 pre-built reports unless told otherwise");
        assertEquals(5, LoadGenOptions.parse(new String[] {"--devices", "5", "--templates", "50"}).templates());
        assertThrows(IllegalArgumentException.class, () -> LoadGenOptions.parse(new String[] {"--ca", "c"}).requireRunnable());
        assertThrows(IllegalArgumentException.class, () -> LoadGenOptions.parse(new String[] {"--ca", "c",
                "--admin-token", "a", "--enroll-token", "e"}).requireRunnable());
    }
}
