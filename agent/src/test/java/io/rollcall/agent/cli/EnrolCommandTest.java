package io.rollcall.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.agent.probe.media.MediaProbe;
import io.rollcall.agent.state.StateStore;
import io.rollcall.agent.transport.FakeReports;
import io.rollcall.agent.transport.TestCollector;
import io.rollcall.agent.transport.TestPki;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code enroll}'s token sources and the commands' view of a re-enrolment waiting for approval, through
 * {@link AgentMain} against an in-process HTTPS collector on loopback.
 */
class EnrolCommandTest {
    private static final String TOKEN = "rc_enroll_cli-test-token";

    @TempDir
    static Path pkiDir;
    static TestPki pki;
    @TempDir
    Path tmp;
    TestCollector collector;
    String state;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** One CA for the class: keytool is slow. Each test gets its own collector, which forgets everything. */
    @BeforeAll
    static void makePki() throws Exception {
        pki = TestPki.create(pkiDir, "Rollcall CLI Enrolment Test CA");
    }

    @BeforeEach
    void start() throws Exception {
        collector = new TestCollector(pki);
        collector.checkSecrets = true;
        state = tmp.resolve("state").toString();
    }

    @AfterEach
    void stop() {
        collector.close();
    }

    private int run(InputStream stdin, String... argv) {
        Environment env = new Environment((options, dir) -> new FakeReports.FakeScanner(), () -> (MediaProbe) List::of,
                Clock.fixed(FakeReports.T0, ZoneOffset.UTC), tmp.resolve("default-state"), Duration.ofSeconds(5));
        return new AgentMain(env).run(argv, stdin, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private int run(String... argv) {
        return run(InputStream.nullInputStream(), argv);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private String lastEnrolToken() {
        return collector.enrolments.get(collector.enrolments.size() - 1).enrollToken();
    }

    private Path privateFile(String name, String content) throws Exception {
        Path f = tmp.resolve(name);
        Files.writeString(f, content);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        return f;
    }

    @Test
    void theTokenComesFromStdinWithTokenDashAndNothingIsWarned() {
        var stdin = new ByteArrayInputStream((TOKEN + "\nanything after the first line\n").getBytes(StandardCharsets.UTF_8));
        assertEquals(0, run(stdin, "enroll", "--server", collector.url(), "--token", "-",
                "--ca-fingerprint", pki.caFingerprint().toString(), "--state", state), err());
        assertEquals(TOKEN, lastEnrolToken());
        assertEquals("", err());
    }

    @Test
    void theTokenComesFromAPrivateTokenFile() throws Exception {
        Path file = privateFile("token", TOKEN + "\n");
        assertEquals(0, run("enroll", "--server", collector.url(), "--token-file", file.toString(),
                "--ca-fingerprint", pki.caFingerprint().toString(), "--state", state), err());
        assertEquals(TOKEN, lastEnrolToken());
        assertEquals("", err());
    }

    @Test
    void aTokenFileOthersCanReadIsUsedWithAWarning() throws Exception {
        Path file = privateFile("token", TOKEN);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals(0, run("enroll", "--server", collector.url(), "--token-file", file.toString(),
                "--ca-fingerprint", pki.caFingerprint().toString(), "--state", state), err());
        assertTrue(err().contains("readable by other users"), err());
    }

    @Test
    void theConfigFileGivesTokenUrlAndFingerprintTheWayTheInstallersWriteIt() throws Exception {
        Path config = privateFile("agent.properties", "# written by the installer\ncollector.url=" + collector.url()
                + "\nenroll.token=" + TOKEN + "\nca.fingerprint=" + pki.caFingerprint() + "\n");
        assertEquals(0, run("enroll", "--config", config.toString(), "--state", state), err());
        assertEquals(TOKEN, lastEnrolToken());
        assertTrue(out().contains("enrolled with " + collector.url()), out());
    }

    @Test
    void tokenOnTheCommandLineStillWorksButWarnsThatItIsVisible() {
        assertEquals(0, run("enroll", "--server", collector.url(), "--token", TOKEN,
                "--ca-fingerprint", pki.caFingerprint().toString(), "--state", state), err());
        assertTrue(err().contains("process list") || err().contains("(ps)"), err());
        assertFalse(err().contains(TOKEN), "the warning does not repeat the token");
    }

    @Test
    void noTokenAnywhereOrTwoTokensIsAUsageError() throws Exception {
        assertEquals(2, run("enroll", "--server", collector.url(), "--ca-fingerprint", pki.caFingerprint().toString(),
                "--state", state));
        assertTrue(err().contains("--token-file FILE"), err());
        Path file = privateFile("token", TOKEN);
        assertEquals(2, run("enroll", "--server", collector.url(), "--token", "x", "--token-file", file.toString(),
                "--ca-fingerprint", pki.caFingerprint().toString(), "--state", state));
        assertTrue(err().contains("give the token once"), err());
        assertEquals(0, collector.enrolments.size());
    }

    @Test
    void enrollingAgainUsesTheKeptTokenAndProvesTheCurrentCredentialSoNoApprovalIsNeeded() throws Exception {
        Path file = privateFile("token", TOKEN);
        String pin = pki.caFingerprint().toString();
        assertEquals(0, run("enroll", "--server", collector.url(), "--token-file", file.toString(),
                "--ca-fingerprint", pin, "--state", state), err());
        collector.approvalNeeded = true;
        assertEquals(0, run("enroll", "--server", collector.url(), "--ca-fingerprint", pin, "--state", state), err());
        assertEquals(TOKEN, lastEnrolToken(), "the token the state kept");
        assertTrue(collector.enrolAuthorizations.get(1).startsWith("Bearer "), "proof of the current credential");
        assertTrue(out().contains("enrolled with"), out());
        assertFalse(out().contains("waits for a technician"), out());
    }

    @Test
    void aRefusedCredentialReEnrolsAndStatusSaysItWaitsForApprovalUntilItIsApproved() throws Exception {
        Path file = privateFile("token", TOKEN);
        assertEquals(0, run("enroll", "--server", collector.url(), "--token-file", file.toString(),
                "--ca-fingerprint", pki.caFingerprint().toString(), "--state", state), err());
        collector.approvalNeeded = true;
        collector.forgetActiveSecrets(); // someone else's re-enrolment was approved for this hardware

        assertEquals(1, run("once", "--state", state));
        assertTrue(err().contains("waiting for a technician to approve re-enrolment request " + collector.pendingId),
                err());
        assertEquals(2, collector.enrolments.size(), "once re-enrolled by itself");
        assertNotNull(new StateStore(Path.of(state)).load().pending());

        out.reset();
        assertEquals(0, run("status", "--state", state));
        assertTrue(out().contains("re-enrolment:    waiting for a technician's approval since " + FakeReports.T0
                + " (request " + collector.pendingId + ")"), out());
        assertTrue(out().contains("outbox:          1 report(s) waiting"), out());
        assertFalse(out().contains("s3cr3t"), "status never shows a secret");

        collector.approve();
        assertEquals(0, run("once", "--state", state), err());
        assertEquals(2, collector.reports.size(), "the kept report and the new one");
        out.reset();
        assertEquals(0, run("status", "--state", state));
        assertFalse(out().contains("re-enrolment:"), out());
    }

    @Test
    void theLoopReEnrolsWithTheTokenNowInTheConfigFileWhenGivenOne() throws Exception {
        Path file = privateFile("token", TOKEN);
        assertEquals(0, run("enroll", "--server", collector.url(), "--token-file", file.toString(),
                "--ca-fingerprint", pki.caFingerprint().toString(), "--state", state), err());
        collector.approvalNeeded = true;
        collector.forgetActiveSecrets();
        Path config = privateFile("agent.properties", "enroll.token=rc_enroll_replacement\n");

        assertEquals(1, run("once", "--state", state, "--config", config.toString()));
        assertEquals("rc_enroll_replacement", lastEnrolToken(), "a technician replaced a revoked token there");
    }

    @Test
    void aFreshInstallOnKnownHardwareWaitsWithNothingToReportWith() throws Exception {
        collector.approvalNeeded = true;
        collector.secrets.put("someone-elses", "active");
        Path file = privateFile("token", TOKEN);
        assertEquals(0, run("enroll", "--server", collector.url(), "--token-file", file.toString(),
                "--ca-fingerprint", pki.caFingerprint().toString(), "--state", state), err());
        assertTrue(out().contains("waits for a technician's approval"), out());
        assertEquals("", collector.enrolAuthorizations.get(0), "nothing to prove");
        out.reset();
        assertEquals(0, run("status", "--state", state));
        assertTrue(out().contains("enrolled:        yes (waiting for approval: nothing is sent yet)"), out());
        assertEquals(1, run("once", "--state", state));
        assertEquals(1, collector.enrolments.size(), "waiting is not a reason to ask again");
        assertEquals(0, collector.reports.size());
    }
}
