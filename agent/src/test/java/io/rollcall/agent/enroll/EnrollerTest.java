package io.rollcall.agent.enroll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.agent.state.AgentState;
import io.rollcall.agent.state.StateStore;
import io.rollcall.agent.transport.CollectorClient;
import io.rollcall.agent.transport.FakeReports;
import io.rollcall.agent.transport.Pem;
import io.rollcall.agent.transport.TestCollector;
import io.rollcall.agent.transport.TestPki;
import io.rollcall.agent.transport.TlsContexts;
import io.rollcall.common.report.ReportKind;
import io.rollcall.common.wire.ReportCodec;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnrollerTest {
    @TempDir
    static Path pkiDir;
    static TestPki pki;
    static TestCollector collector;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void startCollector() throws Exception {
        pki = TestPki.create(pkiDir, "Rollcall Test CA");
        collector = new TestCollector(pki);
    }

    @AfterAll
    static void stopCollector() {
        collector.close();
    }

    private Enroller enroller(StateStore store) {
        return new Enroller(store, options -> new FakeReports.FakeScanner(), new SecureRandom(), Duration.ofSeconds(5),
                java.time.Clock.systemUTC());
    }

    @Test
    void aServerWhoseCaDoesNotMatchThePinIsRefusedAndNothingIsSaved() {
        StateStore store = new StateStore(stateDir);
        String wrongPin = "00".repeat(32);
        IOException e = assertThrows(IOException.class,
                () -> enroller(store).enroll(collector.url(), "token-1", wrongPin));
        assertTrue(e.getMessage().contains("pinned fingerprint 00:00"), e.getMessage());
        assertFalse(Files.exists(store.caFile()));
        assertFalse(Files.exists(stateDir.resolve(StateStore.STATE_FILE)));
    }

    @Test
    void theRightPinEnrolsSavesTheCaAndTheSavedCaThenCarriesReports() throws Exception {
        StateStore store = new StateStore(stateDir);
        String pin = pki.caFingerprint().toString().toLowerCase(); // colons, lower case: as a person might paste it
        AgentState s = enroller(store).enroll(collector.url(), "token-1", pin);

        assertTrue(s.isEnrolled());
        assertEquals(collector.deviceId, s.deviceId().toString());
        assertEquals(3600, s.reportIntervalSeconds());
        assertEquals(64, s.deviceSalt().length());
        assertEquals(s, store.load());
        assertEquals(pki.ca, Pem.read(store.caFile()));
        var request = collector.enrolments.get(collector.enrolments.size() - 1);
        assertEquals("token-1", request.enrollToken());
        assertEquals("4c4c4544-0042-3510-8052-b4c04f4e3732", request.hardwareUuid());
        assertEquals("lab-07", request.hostname());

        CollectorClient client = new CollectorClient(URI.create(s.server()),
                TlsContexts.trustingOnly(Pem.read(store.caFile())), Duration.ofSeconds(5));
        var result = client.send(ReportCodec.toGzipJson(FakeReports.report(ReportKind.HEARTBEAT, 0)), s.bearer());
        assertTrue(result instanceof io.rollcall.agent.transport.SendResult.Accepted, result.toString());
    }

    @Test
    void reEnrollingKeepsTheDeviceSaltSoAccountHashesStayStable() throws Exception {
        StateStore store = new StateStore(stateDir);
        String pin = pki.caFingerprint().toString();
        String salt = enroller(store).enroll(collector.url(), "token-1", pin).deviceSalt();
        assertEquals(salt, enroller(store).enroll(collector.url(), "token-2", pin).deviceSalt());
    }

    @Test
    void plainHttpIsRefusedBeforeAnyConnection() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> enroller(new StateStore(stateDir))
                .enroll("http://127.0.0.1:1", "t", pki.caFingerprint().toString()));
        assertTrue(e.getMessage().contains("'http://127.0.0.1:1'"), e.getMessage());
    }
}
