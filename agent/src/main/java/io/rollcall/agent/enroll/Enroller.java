package io.rollcall.agent.enroll;

import io.rollcall.agent.probe.ScanOptions;
import io.rollcall.agent.probe.ScanResult;
import io.rollcall.agent.probe.Scanner;
import io.rollcall.agent.state.AgentState;
import io.rollcall.agent.state.AtomicFiles;
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
 */
public final class Enroller {
    private static final Logger LOG = LoggerFactory.getLogger(Enroller.class);

    private final StateStore store;
    private final Function<ScanOptions, Scanner> scanners;
    private final SecureRandom random;
    private final Duration timeout;

    public Enroller(StateStore store, Function<ScanOptions, Scanner> scanners, SecureRandom random, Duration timeout) {
        this.store = store;
        this.scanners = scanners;
        this.random = random;
        this.timeout = timeout;
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

        PinningTrustManager pinning = new PinningTrustManager(pin);
        CollectorClient client = new CollectorClient(base, TlsContexts.pinned(pinning), timeout);
        EnrollResponse response = client.enroll(request);
        X509Certificate ca = pinning.pinnedCa();
        if (ca == null) {
            throw new IOException("the TLS handshake finished without the pinned CA being seen; refusing to save credentials");
        }
        if (response.deviceId() == null || response.deviceSecret() == null || response.deviceSecret().isBlank()) {
            throw new IOException("the collector's enrolment answer has no deviceId or deviceSecret");
        }
        AtomicFiles.write(store.caFile(), Pem.encode(ca).getBytes(StandardCharsets.US_ASCII));
        AgentState enrolled = previous.withEnrolment(base.toString(), response.deviceId(), response.deviceSecret(),
                StateStore.CA_FILE, salt, Math.max(0, response.reportIntervalSeconds()));
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
