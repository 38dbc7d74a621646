package io.rollcall.collector.tls;

import io.vertx.core.net.PemKeyCertOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector's own certificate authority and TLS server certificate, kept in {@code DATA/tls/}:
 * {@code ca.crt}, {@code ca.key}, {@code server.crt} (server certificate then CA certificate: the
 * chain agents pin the CA from) and {@code server.key} (PKCS#8). Keys are mode 0600, certificates 0644, the
 * directory 0700, and every file is replaced atomically.
 *
 * <p>{@link #loadOrCreate} creates the CA once and keeps it for good, because enrolled agents pin
 * its fingerprint; it never replaces an existing CA, and fails with instructions when the CA key is
 * gone. The server certificate is reissued (same CA) when it is missing, unreadable, not signed by
 * this CA, within {@value #RENEW_WITHIN_DAYS} days of expiry, or issued for other names.
 *
 * <p>Blocking: file I/O and key generation. Call it from {@code main} before deploying verticles,
 * or inside {@code executeBlocking}, never on an event loop. In a cluster every collector needs the
 * same CA: copy {@code ca.crt} and {@code ca.key} to each node's data directory before its first start.
 */
public final class CertificateAuthority {

    public static final String CA_CERT = "ca.crt";
    public static final String CA_KEY = "ca.key";
    public static final String SERVER_CERT = "server.crt";
    public static final String SERVER_KEY = "server.key";
    static final int RENEW_WITHIN_DAYS = 30;

    private static final Logger LOG = LoggerFactory.getLogger(CertificateAuthority.class);
    /** subjectAltName type codes from RFC 5280, as returned by X509Certificate#getSubjectAlternativeNames. */
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    private final Path tlsDir;
    private final X509Certificate caCertificate;
    private final List<X509Certificate> serverChain;
    private final boolean caCreated;
    private final boolean serverCertificateIssued;

    private CertificateAuthority(Path tlsDir, X509Certificate caCertificate, List<X509Certificate> serverChain,
                                 boolean caCreated, boolean serverCertificateIssued) {
        this.tlsDir = tlsDir;
        this.caCertificate = caCertificate;
        this.serverChain = List.copyOf(serverChain);
        this.caCreated = caCreated;
        this.serverCertificateIssued = serverCertificateIssued;
    }

    /** {@link #loadOrCreate(Path, ServerNames, Clock, SecureRandom)} with the system clock. */
    public static CertificateAuthority loadOrCreate(Path dataDir, ServerNames names) throws IOException {
        return loadOrCreate(dataDir, names, Clock.systemUTC(), new SecureRandom());
    }

    /**
     * Loads the CA and server certificate from {@code dataDir/tls}, creating whatever is missing.
     *
     * @throws IllegalStateException when ca.crt exists but ca.key is missing, unreadable or does not
     *                               match it: replacing the CA would lock out every enrolled agent
     * @throws IOException           when the files cannot be read or written
     */
    public static CertificateAuthority loadOrCreate(Path dataDir, ServerNames names, Clock clock, SecureRandom random)
            throws IOException {
        Files.createDirectories(dataDir);
        Path tlsDir = SecureFiles.ensurePrivateDirectory(dataDir.resolve("tls"));
        CertificateIssuer issuer = new CertificateIssuer(random);
        Instant now = clock.instant();
        try {
            boolean caCreated = false;
            KeyPair ca;
            X509Certificate caCert;
            if (Files.exists(tlsDir.resolve(CA_CERT))) {
                caCert = loadCaCertificate(tlsDir);
                ca = new KeyPair(caCert.getPublicKey(), loadCaKey(tlsDir, caCert));
            } else {
                // A ca.key without ca.crt is left by a crash during the very first start: that CA was
                // never served or pinned, so replacing it is safe.
                ca = issuer.newKeyPair();
                caCert = issuer.issueCa(ca, now);
                // Key first: a crash between the writes leaves the safe case above, never a cert without its key.
                SecureFiles.writeAtomically(tlsDir.resolve(CA_KEY), Pem.privateKey(ca.getPrivate()));
                SecureFiles.writeAtomically(tlsDir.resolve(CA_CERT), Pem.certificate(caCert).getBytes(StandardCharsets.US_ASCII),
                        SecureFiles.PUBLIC_READ);
                caCreated = true;
                LOG.info("Created certificate authority '{}', SHA-256 fingerprint {}",
                        caCert.getSubjectX500Principal().getName(), sha256Fingerprint(caCert));
            }

            List<X509Certificate> chain = null;
            String reason = reasonToReissue(tlsDir, caCert, names, now);
            if (reason == null) {
                chain = Pem.parseCertificates(Files.readString(tlsDir.resolve(SERVER_CERT), StandardCharsets.US_ASCII));
            } else {
                KeyPair serverKeys = issuer.newKeyPair();
                X509Certificate server = issuer.issueServer(serverKeys, names, caCert, ca.getPrivate(), now);
                chain = List.of(server, caCert);
                // Key first: a new key beside an old certificate is caught as a mismatch on the next start.
                SecureFiles.writeAtomically(tlsDir.resolve(SERVER_KEY), Pem.privateKey(serverKeys.getPrivate()));
                SecureFiles.writeAtomically(tlsDir.resolve(SERVER_CERT),
                        Pem.certificates(chain).getBytes(StandardCharsets.US_ASCII), SecureFiles.PUBLIC_READ);
                LOG.info("Issued server certificate for {} valid until {} ({})",
                        names.allNames(), server.getNotAfter().toInstant(), reason);
            }
            return new CertificateAuthority(tlsDir, caCert, chain, caCreated, reason != null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS material in " + tlsDir + ": " + e.getMessage(), e);
        }
    }

    /** Lowercase hex SHA-256 of the CA certificate's DER encoding, no separators: what agents pin. */
    public String caFingerprintSha256() {
        return sha256Fingerprint(caCertificate);
    }

    /** The CA certificate as PEM text, e.g. to offer for download to browsers and installers. */
    public String caCertificatePem() {
        return Pem.certificate(caCertificate);
    }

    public X509Certificate caCertificate() {
        return caCertificate;
    }

    /** Server certificate first, then the CA certificate. */
    public List<X509Certificate> serverCertificateChain() {
        return serverChain;
    }

    public Path caCertPath() {
        return tlsDir.resolve(CA_CERT);
    }

    /** PEM chain for {@code PemKeyCertOptions#setCertPath}. */
    public Path serverCertChainPath() {
        return tlsDir.resolve(SERVER_CERT);
    }

    /** PKCS#8 PEM key for {@code PemKeyCertOptions#setKeyPath}. */
    public Path serverKeyPath() {
        return tlsDir.resolve(SERVER_KEY);
    }

    /** Key and certificate options for a Vert.x {@code HttpServerOptions#setKeyCertOptions}. */
    public PemKeyCertOptions pemKeyCertOptions() {
        return new PemKeyCertOptions()
                .setCertPath(serverCertChainPath().toString())
                .setKeyPath(serverKeyPath().toString());
    }

    /** True only on the start that created the CA. */
    public boolean caCreated() {
        return caCreated;
    }

    /** True when this start issued a new server certificate (first start, renewal or new names). */
    public boolean serverCertificateIssued() {
        return serverCertificateIssued;
    }

    /** Lowercase hex SHA-256 over the certificate's DER encoding. */
    public static String sha256Fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot fingerprint " + certificate.getSubjectX500Principal(), e);
        }
    }

    private static X509Certificate loadCaCertificate(Path tlsDir) throws IOException {
        Path path = tlsDir.resolve(CA_CERT);
        try {
            X509Certificate cert = Pem.parseCertificates(Files.readString(path, StandardCharsets.US_ASCII)).get(0);
            if (cert.getBasicConstraints() < 0) {
                throw new IllegalStateException(path + " is not a CA certificate (no basicConstraints CA:true)");
            }
            return cert;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(path + " cannot be read as a PEM certificate (" + e.getMessage()
                    + "). Rollcall will not replace it: agents pin this CA. Restore it from a backup.", e);
        }
    }

    private static PrivateKey loadCaKey(Path tlsDir, X509Certificate caCert) throws IOException {
        Path keyPath = tlsDir.resolve(CA_KEY);
        if (!Files.exists(keyPath)) {
            throw new IllegalStateException(tlsDir.resolve(CA_CERT) + " exists but " + keyPath + " is missing. "
                    + "Rollcall will not replace the CA, because enrolled agents pin it. Restore ca.key from a "
                    + "backup; or, to start over with a new CA (every agent must then be re-enrolled), move "
                    + "ca.crt away and restart.");
        }
        PrivateKey key;
        try {
            key = Pem.parsePrivateKey(Files.readString(keyPath, StandardCharsets.US_ASCII), CertificateIssuer.KEY_ALGORITHM);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(keyPath + " cannot be read as a PKCS#8 EC private key (" + e.getMessage()
                    + "). Restore it from a backup; Rollcall will not replace a pinned CA.", e);
        }
        if (!CertificateIssuer.keyMatches(key, caCert)) {
            throw new IllegalStateException(keyPath + " does not belong to " + tlsDir.resolve(CA_CERT)
                    + ". Restore the matching pair from a backup; Rollcall will not replace a pinned CA.");
        }
        return key;
    }

    /** Why the server certificate must be (re)issued, or null when the one on disk is still good. */
    private static String reasonToReissue(Path tlsDir, X509Certificate caCert, ServerNames names, Instant now)
            throws IOException {
        Path certPath = tlsDir.resolve(SERVER_CERT);
        Path keyPath = tlsDir.resolve(SERVER_KEY);
        if (!Files.exists(certPath) || !Files.exists(keyPath)) {
            return "no server certificate yet";
        }
        X509Certificate server;
        PrivateKey key;
        try {
            server = Pem.parseCertificates(Files.readString(certPath, StandardCharsets.US_ASCII)).get(0);
            key = Pem.parsePrivateKey(Files.readString(keyPath, StandardCharsets.US_ASCII), CertificateIssuer.KEY_ALGORITHM);
        } catch (GeneralSecurityException e) {
            return "existing server certificate or key unreadable: " + e.getMessage();
        }
        try {
            server.verify(caCert.getPublicKey());
        } catch (GeneralSecurityException e) {
            return "existing server certificate not signed by this CA";
        }
        if (!CertificateIssuer.keyMatches(key, server)) {
            return "server key does not match the server certificate";
        }
        if (server.getNotAfter().toInstant().isBefore(now.plus(Duration.ofDays(RENEW_WITHIN_DAYS)))) {
            return "server certificate expires " + server.getNotAfter().toInstant();
        }
        Set<String> current = subjectAltNames(server);
        if (!current.equals(names.allNames())) {
            return "server names changed from " + current + " to " + names.allNames();
        }
        return null;
    }

    private static Set<String> subjectAltNames(X509Certificate certificate) {
        Set<String> result = new TreeSet<>();
        try {
            if (certificate.getSubjectAlternativeNames() == null) {
                return result;
            }
            for (List<?> entry : certificate.getSubjectAlternativeNames()) {
                int type = (Integer) entry.get(0);
                String value = (String) entry.get(1);
                if (type == SAN_DNS) {
                    result.add(value.toLowerCase(java.util.Locale.ROOT));
                } else if (type == SAN_IP) {
                    result.add(ServerNames.normaliseIp(value));
                }
            }
        } catch (CertificateParsingException e) {
            result.clear();
        }
        return result;
    }
}
