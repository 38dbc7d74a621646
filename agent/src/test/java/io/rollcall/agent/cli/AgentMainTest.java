package io.rollcall.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.agent.probe.media.MediaProbe;
import io.rollcall.agent.state.StateStore;
import io.rollcall.agent.transport.FakeReports;
import io.rollcall.agent.transport.TestCollector;
import io.rollcall.agent.transport.TestPki;
import io.rollcall.common.report.Report;
import io.rollcall.common.report.ReportKind;
import io.rollcall.common.wire.ReportCodec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentMainTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... argv) {
        Environment env = new Environment((options, dir) -> new FakeReports.FakeScanner(), () -> (MediaProbe) List::of,
                Clock.fixed(FakeReports.T0, ZoneOffset.UTC), tmp.resolve("default-state"), Duration.ofSeconds(5));
        return new AgentMain(env).run(argv, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void statusOnAnEmptyStateDirSaysNotEnrolledAndCreatesNothing() throws Exception {
        Path state = Files.createDirectory(tmp.resolve("empty"));
        assertEquals(0, run("status", "--state", state.toString()));
        assertTrue(out().contains("enrolled:        no"), out());
        assertTrue(out().contains("last delivery:   never"), out());
        assertTrue(out().contains("outbox:          0 report(s) waiting, 0 rejected"), out());
        assertTrue(out().contains("dropped:         0 heartbeat(s), 0 report(s), 0 media event(s)"), out());
        try (var files = Files.list(state)) {
            assertEquals(0, files.count(), "status must not write");
        }
    }

    @Test
    void anUnknownOptionPrintsUsageAndExits2() {
        assertEquals(2, run("status", "--colour"));
        assertTrue(err().contains("unknown option '--colour' for 'status'"), err());
        assertTrue(err().contains("Usage: rollcall-agent"), err());
    }

    @Test
    void noCommandOrAnUnknownCommandExits2AndHelpExits0() {
        assertEquals(2, run());
        assertEquals(2, run("frobnicate"));
        assertEquals(0, run("--help"));
        assertTrue(out().contains("enroll --server URL --token-file FILE --ca-fingerprint SHA256"), out());
        assertEquals(0, run("once", "--help"));
    }

    @Test
    void enrollWithoutItsRequiredOptionsOrWithABadFingerprintIsAUsageError() {
        assertEquals(2, run("enroll", "--server", "https://c.example"));
        assertTrue(err().contains("--token"), err());
        assertEquals(2, run("enroll", "--server", "https://c.example", "--token", "t", "--ca-fingerprint", "zz"));
        assertTrue(err().contains("'zz'"), err());
    }

    @Test
    void scanPrintsAPrettyFullReportWithTheNilDeviceIdWhenNotEnrolled() throws Exception {
        assertEquals(0, run("scan", "--state", tmp.resolve("never-enrolled").toString()));
        Report r = ReportCodec.read(out().getBytes(StandardCharsets.UTF_8), Report.class);
        assertEquals(new UUID(0, 0), r.deviceId());
        assertEquals(ReportKind.FULL, r.kind());
        assertEquals("lab-07", r.sections().os().hostname());
        assertTrue(out().contains("\n  \"schema\" : 1"), "pretty-printed");
        com.fasterxml.jackson.databind.JsonNode software = io.rollcall.common.wire.WireJson.mapper().readTree(out())
                .at("/sections/software");
        assertTrue(software.isMissingNode() || software.isObject(), "the software table, as the agent sends it: " + software);
        assertEquals(r, ReportCodec.read(io.rollcall.common.wire.ReportCodec.inflate(
                ReportCodec.encodeForSending(r), "gzip"), Report.class), "what is printed is what is sent");
        assertFalse(Files.exists(tmp.resolve("never-enrolled")), "scan must not create the state directory");
    }

    @Test
    void onceWithoutEnrolmentFailsWithAMessageAndNoStackTrace() {
        assertEquals(1, run("once", "--state", tmp.resolve("s").toString()));
        assertTrue(err().contains("not enrolled"), err());
        assertFalse(err().contains("\tat "), err());
    }

    @Test
    void enrollThenOnceDeliversEverythingAndStatusShowsIt() throws Exception {
        TestPki pki = TestPki.create(Files.createDirectory(tmp.resolve("pki")), "Rollcall CLI Test CA");
        try (TestCollector collector = new TestCollector(pki)) {
            String state = tmp.resolve("state").toString();
            assertEquals(0, run("enroll", "--server", collector.url(), "--token", "tok",
                    "--ca-fingerprint", pki.caFingerprint().toString(), "--state", state), err());
            collector.replies.add(503);
            assertEquals(1, run("once", "--state", state), "a 503 leaves the report queued");
            assertTrue(err().contains("still queued"), err());
            assertEquals(0, run("once", "--state", state), err());
            assertEquals(2, collector.reports.size(), "the queued report and the new one");
            assertEquals(1, collector.reports.get(1).diagnostics().outboxDepth());

            out.reset();
            assertEquals(0, run("status", "--state", state));
            assertTrue(out().contains("enrolled:        yes"), out());
            assertTrue(out().contains("deviceId:        " + collector.deviceId), out());
            assertTrue(out().contains("last delivery:   " + FakeReports.T0), out());
            assertFalse(out().contains("s3cr3t"), "status never shows the secret");
            assertTrue(Files.exists(Path.of(state, StateStore.CA_FILE)));
        }
    }
}
