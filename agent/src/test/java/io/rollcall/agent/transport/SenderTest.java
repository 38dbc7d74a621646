package io.rollcall.agent.transport;

import static io.rollcall.agent.transport.FakeReports.report;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.agent.outbox.Outbox;
import io.rollcall.agent.outbox.OutboxLimits;
import io.rollcall.common.report.Report;
import io.rollcall.common.report.ReportKind;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SenderTest {
    private static final String AUTH = "Bearer " + FakeReports.DEVICE + ".s3cr3t-for-test";

    @TempDir
    static Path pkiDir;
    static TestPki pki;
    static TestCollector collector;

    @TempDir
    Path dir;
    Outbox outbox;

    @BeforeAll
    static void startCollector() throws Exception {
        pki = TestPki.create(pkiDir, "Rollcall Test CA");
        collector = new TestCollector(pki);
    }

    @AfterAll
    static void stopCollector() {
        collector.close();
    }

    @BeforeEach
    void reset() throws Exception {
        collector.replies.clear();
        collector.reports.clear();
        outbox = new Outbox(dir.resolve("outbox"), OutboxLimits.DEFAULT);
    }

    private Sender sender(String url) {
        return new Sender(outbox, new CollectorClient(URI.create(url), TlsContexts.trustingOnly(pki.ca),
                Duration.ofSeconds(5)));
    }

    @Test
    void reportsAreSentInOrderWithBearerAndGzipAndDeletedAfter202() throws Exception {
        Report a = report(ReportKind.FULL, 1);
        Report b = report(ReportKind.HEARTBEAT, 0);
        outbox.enqueue(a);
        outbox.enqueue(b);
        Sender.DrainResult r = sender(collector.url()).drain(AUTH);
        assertEquals(Sender.Outcome.DRAINED, r.outcome());
        assertEquals(2, r.delivered());
        assertEquals(List.of(a, b), collector.reports);
        assertEquals(AUTH, collector.authorizations.get(collector.authorizations.size() - 1));
        assertEquals(0, outbox.depth());
    }

    @Test
    void a500KeepsTheReportAndStopsTheDrain() throws Exception {
        outbox.enqueue(report(ReportKind.FULL, 0));
        outbox.enqueue(report(ReportKind.DELTA, 0));
        collector.replies.add(500);
        Sender.DrainResult r = sender(collector.url()).drain(AUTH);
        assertEquals(Sender.Outcome.RETRY_LATER, r.outcome());
        assertTrue(r.message().contains("HTTP 500"), r.message());
        assertEquals(2, outbox.depth());
    }

    @Test
    void anUnreachableCollectorKeepsEverything() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        outbox.enqueue(report(ReportKind.FULL, 0));
        Sender.DrainResult r = sender("https://127.0.0.1:" + closedPort).drain(AUTH);
        assertEquals(Sender.Outcome.RETRY_LATER, r.outcome());
        assertEquals(1, outbox.depth());
    }

    @Test
    void aPoison400MovesToRejectedAndTheNextReportStillGoes() throws Exception {
        Report poison = report(ReportKind.FULL, 0);
        Report good = report(ReportKind.DELTA, 0);
        outbox.enqueue(poison);
        outbox.enqueue(good);
        collector.replies.add(400);
        Sender.DrainResult r = sender(collector.url()).drain(AUTH);
        assertEquals(Sender.Outcome.DRAINED, r.outcome());
        assertEquals(1, r.rejected());
        assertEquals(List.of(good), collector.reports);
        assertEquals(1, outbox.rejectedCount());
    }

    @Test
    void a401StopsAndAsksForReEnrolmentKeepingTheReport() throws Exception {
        outbox.enqueue(report(ReportKind.FULL, 0));
        collector.replies.add(401);
        Sender.DrainResult r = sender(collector.url()).drain(AUTH);
        assertEquals(Sender.Outcome.REVOKED, r.outcome());
        assertTrue(r.unknownCredential(), "a 401 is what makes the loop re-enrol");
        assertTrue(r.message().contains("HTTP 401"), r.message());
        assertEquals(1, outbox.depth());
    }

    @Test
    void anOther403IsRevokedButNotAReasonToReEnrol() throws Exception {
        outbox.enqueue(report(ReportKind.FULL, 0));
        collector.replies.add(403);
        Sender.DrainResult r = sender(collector.url()).drain(AUTH);
        assertEquals(Sender.Outcome.REVOKED, r.outcome());
        assertFalse(r.unknownCredential());
        assertEquals(1, outbox.depth());
    }

    @Test
    void a429IsRetriedLaterNotRejected() throws Exception {
        outbox.enqueue(report(ReportKind.FULL, 0));
        collector.replies.add(429);
        assertEquals(Sender.Outcome.RETRY_LATER, sender(collector.url()).drain(AUTH).outcome());
        assertEquals(0, outbox.rejectedCount());
    }

    @Test
    void aServerWithACertificateFromAnotherCaIsNotTrusted() throws Exception {
        var otherCa = TestPki.caOnly(dir, "Some Other CA");
        outbox.enqueue(report(ReportKind.FULL, 0));
        Sender s = new Sender(outbox, new CollectorClient(URI.create(collector.url()), TlsContexts.trustingOnly(otherCa),
                Duration.ofSeconds(5)));
        Sender.DrainResult r = s.drain(AUTH);
        assertEquals(Sender.Outcome.RETRY_LATER, r.outcome());
        assertEquals(1, outbox.depth());
    }
}
