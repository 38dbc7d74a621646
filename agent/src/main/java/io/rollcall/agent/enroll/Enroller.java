package io.rollcall.agent.enroll;

import io.rollcall.agent.probe.ScanOptions;
import io.rollcall.agent.probe.ScanResult;
import io.rollcall.agent.probe.Scanner;
import io.rollcall.agent.state.AgentState;
import io.rollcall.agent.state.AtomicFiles;
import io.rollcall.agent.state.PendingCredential;
import io.rollcall.agent.state.StateStore;
import io.rollcall.agent.transport.CollectorClient;
import io.rollcall.agent.transport.Fingerprint;
import io.rollcall.agent.transport.Pem;
import io.rollcall.agent.transport.PinningTrustManager;
import io.rollcall.agent.transport.TlsContexts;
import io.rollcall.common.enroll.EnrollRequest;
import io.rollcall.common.enroll.EnrollResponse;
import io.rollcall.common.enroll.OsRef;
import io.rollcall.common.report.HardwareInfo;
import io.rollcall.common.report.OsInfo;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enrols this device: trusts the collector only through the pinned CA fingerprint, sends the machine's identity,
 * then saves the CA (PEM) and the credentials in the state directory. From then on the agent trusts only that CA.
 * Re-enrolling keeps the device salt, so personal-account hashes stay stable for the collector.
 *
 * <p>Re-enrolling with the same collector sends the current credential ({@code Authorization: Bearer id.secret}) as
 * proof, so the collector rotates the secret at once. When the collector answers {@code pending-approval} instead
 * (no proof, or a refused one), the new credential is kept beside the current one ({@link PendingCredential}), which
 * goes on reporting until a technician approves. The token is kept in the state for re-enrolling without a person.
 */
public final class Enroller {
    private static final Logger LOG = LoggerFactory.getLogger(Enroller.class);

    private final StateStore store;
    private final Function<ScanOptions, Scanner> scanners;
    private final SecureRandom random;
    private final Duration timeout;
    private final Clock clock;

    public Enroller(StateStore store, Function<ScanOptions, Scanner> scanners, SecureRandom random, Duration timeout,
                    Clock clock) {
        this.store = store;
        this.scanners = scanners;
        this.random = random;
        this.timeout = timeout;
        this.clock = clock;
    }

    /**
     * Enrols again with the collector this device is enrolled with, trusting the CA pinned at the first enrolment and
     * proving the current credential: what the loop does when its credential is refused.
     *
     * @throws IOException when not enrolled, or as {@link #enroll}
     */
    public AgentState reenrol(String token) throws IOException {
        AgentState current = store.load();
        if (current.server() == null || current.caPemFile() == null) {
            throw new IOException("cannot re-enrol: this device was never enrolled here");
        }
        String pin = Fingerprint.of(Pem.read(store.directory().resolve(current.caPemFile()))).toString();
        return enroll(current.server(), token, pin);
    }

    /**
     * @throws IllegalArgumentException when the server URL, token or fingerprint is malformed (a usage problem)
     * @throws IOException              when the collector cannot be reached, is not the pinned one, or refuses
     */
    public AgentState enroll(String server, String token, String caFingerprint) throws IOException {
        URI base = CollectorClient.requireHttps(server);
        Fingerprint pin = Fingerprint.parse(caFingerprint);
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the enrolment token was empty; copy enrollToken from the collector's first-run.json");
        }
        store.ensureExists();
        AgentState previous = store.load();
        String salt = previous.deviceSalt() != null ? previous.deviceSalt() : newSalt();
        Pattern school = store.config().schoolAccountPattern();
        ScanResult scan = scanners.apply(new ScanOptions(salt, school)).scan();
        EnrollRequest request = request(token.trim(), scan);

        // the current credential goes only to the collector it belongs to: another collector must not learn it
        String proof = previous.hasCredential() && base.toString().equals(previous.server()) ? previous.bearer() : null;
        PinningTrustManager pinning = new PinningTrustManager(pin);
        CollectorClient client = new CollectorClient(base, TlsContexts.pinned(pinning), timeout);
        EnrollResponse response = client.enroll(request, proof);
        X509Certificate ca = pinning.pinnedCa();
        if (ca == null) {
            throw new IOException("the TLS handshake finished without the pinned CA being seen; refusing to save credentials");
        }
        if (response.deviceId() == null || response.deviceSecret() == null || response.deviceSecret().isBlank()) {
            throw new IOException("the collector's enrolment answer has no deviceId or deviceSecret");
        }
        AtomicFiles.write(store.caFile(), Pem.encode(ca).getBytes(StandardCharsets.US_ASCII));
        int interval = Math.max(0, response.reportIntervalSeconds());
        if (response.pendingApproval()) {
            // the collector rotates at once on a valid proof, so a proof answered with pending-approval was refused
            PendingCredential waiting = new PendingCredential(response.deviceId(), response.deviceSecret(),
                    response.pendingId(), clock.instant(), interval, proof != null ? Boolean.TRUE : null);
            AgentState pending = previous.withPendingEnrolment(base.toString(), StateStore.CA_FILE, salt, waiting)
                    .withEnrollToken(token.trim());
            store.save(pending);
            LOG.warn("re-enrolment with {} waits for a technician's approval (request {}){}", base,
                    response.pendingId(), waiting.currentRefused()
                            ? "; the collector no longer accepts the current credential: reports are kept until then"
                            : pending.hasCredential() ? "; reporting goes on with the current credential"
                            : "; nothing is sent until then");
            return pending;
        }
        AgentState enrolled = previous.withEnrolment(base.toString(), response.deviceId(), response.deviceSecret(),
                StateStore.CA_FILE, salt, interval).withEnrollToken(token.trim());
        store.save(enrolled);
        LOG.info("enrolled with {} as device {}; trusting CA {} [{}]", base, response.deviceId(),
                ca.getSubjectX500Principal().getName(), Fingerprint.of(ca));
        return enrolled;
    }

    /** What the collector needs to recognise this machine, taken from a scan. */
    static EnrollRequest request(String token, ScanResult scan) throws IOException {
        HardwareInfo hw = scan.sections().hardware();
        OsInfo os = scan.sections().os();
        if (hw == null || hw.hardwareUuid() == null || hw.hardwareUuid().isBlank()) {
            throw new IOException("cannot enrol: the scan found no hardware UUID to identify this machine"
                    + (scan.errors().isEmpty() ? "" : " (probe errors: " + scan.errors() + ")"));
        }
        return new EnrollRequest(token, os == null ? null : os.hostname(), hw.hardwareUuid(), hw.serialNumber(),
                os == null ? null : new OsRef(os.family(), os.version()));
    }

    private String newSalt() {
        byte[] salt = new byte[32];
        random.nextBytes(salt);
        return HexFormat.of().formatHex(salt);
    }
}
