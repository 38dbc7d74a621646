package io.rollcall.agent.schedule;

import static io.rollcall.agent.transport.FakeReports.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.agent.enroll.Enroller;
import io.rollcall.agent.outbox.Outbox;
import io.rollcall.agent.outbox.OutboxLimits;
import io.rollcall.agent.state.AgentState;
import io.rollcall.agent.state.StateStore;
import io.rollcall.agent.transport.Backoff;
import io.rollcall.agent.transport.CollectorClient;
import io.rollcall.agent.transport.FakeReports;
import io.rollcall.agent.transport.Pem;
import io.rollcall.agent.transport.Sender;
import io.rollcall.agent.transport.TestCollector;
import io.rollcall.agent.transport.TestPki;
import io.rollcall.agent.transport.TlsContexts;
import io.rollcall.common.report.ReportKind;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Re-enrolment that needs a technician's approval, end to end against an in-process HTTPS collector on loopback
 * ({@link TestCollector} with {@code checkSecrets}): the real enroller, sender, outbox and loop; time moves by hand.
 */
class ReenrolmentTest {
    private static final String TOKEN = "rc_enroll_test-token";
    /** Jitter pinned to the middle of the range: the first wait is 2.5 s, the second 5 s. */
    private static final Random HALF_WAY = new Random() {
        @Override
        public double nextDouble() {
            return 0.5;
        }
    };

    @TempDir
    static Path pkiDir;
    static TestPki pki;
    @TempDir
    Path tmp;
    TestCollector collector;
    StateStore store;
    Clock clock = Clock.fixed(T0, ZoneOffset.UTC);

    /** One CA for the class: keytool is slow. Each test gets its own collector, which forgets everything. */
    @BeforeAll
    static void makePki() throws Exception {
        pki = TestPki.create(pkiDir, "Rollcall Re-enrolment Test CA");
    }

    @BeforeEach
    void start() throws Exception {
        collector = new TestCollector(pki);
        collector.checkSecrets = true;
        store = new StateStore(tmp.resolve("state"));
    }

    @AfterEach
    void stop() {
        collector.close();
    }

    private Enroller enroller() {
        return new Enroller(store, o -> new FakeReports.FakeScanner(), new SecureRandom(), Duration.ofSeconds(5), clock);
    }

    private AgentState enrol() throws Exception {
        return enroller().enroll(collector.url(), TOKEN, pki.caFingerprint().toString());
    }

    private Outbox outbox() throws java.io.IOException {
        return new Outbox(store.outboxDirectory(), OutboxLimits.DEFAULT);
    }

    /** The loop as {@code run} builds it: re-enrolment with the token the state kept. */
    private AgentLoop loop() throws Exception {
        AgentState state = store.load();
        Outbox outbox = outbox();
        CollectorClient client = new CollectorClient(URI.create(state.server()),
                TlsContexts.trustingOnly(Pem.read(store.caFile())), Duration.ofSeconds(5));
        return new AgentLoop(store, state, outbox, new FakeReports.FakeScanner(), new Sender(outbox, client),
                new Backoff(Duration.ofSeconds(5), Duration.ofHours(1), HALF_WAY, clock), Intervals.DEFAULT, clock,
                () -> enroller().reenrol(store.load().enrollToken()));
    }

    @Test
    void reEnrollingAnEnrolledDeviceSendsItsCurrentCredentialAndIsRotatedWithoutApproval() throws Exception {
        AgentState first = enrol(); // new hardware: enrolled
        collector.approvalNeeded = true; // from now on, re-enrolment without proof would wait for a technician
        AgentState again = enrol();

        assertEquals("", collector.enrolAuthorizations.get(0), "a first enrolment has nothing to prove");
        assertEquals(first.bearer(), collector.enrolAuthorizations.get(1), "the current credential is the proof");
        assertNull(again.pending(), "proven: enrolled at once");
        assertTrue(!again.deviceSecret().equals(first.deviceSecret()), "the secret was rotated");
        assertEquals(TOKEN, store.load().enrollToken(), "the token is kept for re-enrolling later");
    }

    @Test
    void theCurrentSecretIsNeverSentToAnotherCollector() throws Exception {
        enrol();
        try (TestCollector other = new TestCollector(pki)) {
            enroller().enroll(other.url(), TOKEN, pki.caFingerprint().toString());
            assertEquals("", other.enrolAuthorizations.get(0));
        }
    }

    @Test
    void aRefusedProofWaitsForApprovalWithReportsKeptAndPromotesTheNewOneOnceApproved() throws Exception {
        AgentState before = enrol();
        collector.approvalNeeded = true;
        // the collector rotates at once on a valid proof (collector ReEnrolmentTest); it answers pending-approval to
        // a proof only when the secret is no longer the device's, say a technician approved another request
        collector.forgetActiveSecrets();
        AgentState pending = enrol();

        assertNotNull(pending.pending(), "the answer was pending-approval");
        assertEquals(collector.pendingId, pending.pending().pendingId());
        assertEquals(before.bearer(), collector.enrolAuthorizations.get(1), "the proof was sent");
        assertTrue(pending.pending().currentRefused(), "a refused proof: the old credential reports no more");
        assertEquals(pending, store.load());

        AgentLoop loop = loop();
        int requestsBefore = collector.authorizations.size();
        loop.tick(T0); // full report: the waiting credential is refused (403) and the refused one is not tried
        assertEquals(1, outbox().depth(), "the report is kept");
        assertEquals(requestsBefore + 1, collector.authorizations.size());
        assertEquals(pending.pending().bearer(), collector.authorizations.get(collector.authorizations.size() - 1));
        assertEquals(2, collector.enrolments.size(), "waiting is not a reason to enrol again");

        collector.approve(); // the technician approves: the new secret works
        loop.queue(ReportKind.HEARTBEAT, T0.plusSeconds(60));
        loop.send(T0.plusSeconds(60));
        AgentState promoted = store.load();
        assertNull(promoted.pending());
        assertEquals(pending.pending().deviceSecret(), promoted.deviceSecret(), "the new credential was promoted");
        assertEquals(2, collector.reports.size(), "the kept report and the heartbeat");
        assertEquals(0, outbox().depth());
    }

    @Test
    void aReportRefusedAsEnrolmentPendingStaysQueuedAndTheLoopBacksOff() throws Exception {
        collector.approvalNeeded = true; // this hardware is known to the collector: a fresh install must wait
        AgentState pending = enrol();
        assertNull(pending.deviceSecret(), "nothing works yet");
        assertTrue(pending.isEnrolled());

        AgentLoop loop = loop();
        loop.tick(T0);
        assertEquals(1, outbox().depth(), "the report is kept");
        assertEquals(1, collector.authorizations.size());
        loop.tick(T0.plusMillis(2_499)); // backing off: no request
        assertEquals(1, collector.authorizations.size());
        loop.tick(T0.plusMillis(2_500));
        assertEquals(2, collector.authorizations.size());
        assertEquals(1, outbox().depth());
        assertEquals(1, collector.enrolments.size(), "waiting is not a reason to enrol again");

        collector.approve();
        loop.tick(T0.plusSeconds(60));
        assertEquals(0, outbox().depth());
        assertEquals(pending.pending().deviceSecret(), store.load().deviceSecret());
    }

    @Test
    void aRefusedCredentialMakesTheLoopReEnrolWithItsCredentialAndStoredTokenKeepingTheOutbox() throws Exception {
        AgentState before = enrol();
        collector.approvalNeeded = true;
        collector.forgetActiveSecrets(); // an attacker's re-enrolment was approved, or the collector lost the device
        AgentLoop loop = loop();
        loop.queue(ReportKind.FULL, T0);
        loop.queue(ReportKind.HEARTBEAT, T0.plusSeconds(1));

        loop.send(T0.plusSeconds(2)); // 401 → re-enrol → pending
        assertEquals(2, collector.enrolments.size());
        assertEquals(before.bearer(), collector.enrolAuthorizations.get(1), "the current credential goes as proof");
        assertEquals(TOKEN, collector.enrolments.get(1).enrollToken(), "with the token the state kept");
        AgentState waiting = store.load();
        assertNotNull(waiting.pending());
        assertEquals(2, outbox().depth(), "nothing queued is lost");

        loop.tick(T0.plusSeconds(2)); // backing off after the refusal: no new request, no new enrolment
        loop.send(T0.plusSeconds(30)); // the waiting credential gets 403, the old one 401: wait, do not re-enrol
        assertEquals(2, collector.enrolments.size(), "one request waits; the agent does not pile up more");
        assertEquals(2, outbox().depth());

        collector.approve();
        loop.send(T0.plusSeconds(120));
        assertEquals(0, outbox().depth());
        assertEquals(2, collector.reports.size());
        assertNull(store.load().pending());
    }
}
