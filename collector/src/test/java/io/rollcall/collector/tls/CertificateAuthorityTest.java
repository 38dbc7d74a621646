package io.rollcall.collector.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityTest {

    private static final Instant START = Instant.parse("2025-09-01T08:00:00Z");
    private static final ServerNames NAMES =
            ServerNames.of("rollcall.test", List.of("localhost", "rollcall.test", "127.0.0.1", "::1"), List.of());

    @TempDir
    Path dataDir;

    private CertificateAuthority start(ServerNames names, Instant at) throws Exception {
        return CertificateAuthority.loadOrCreate(dataDir, names, Clock.fixed(at, ZoneOffset.UTC), new SecureRandom());
    }

    private Path tls(String file) {
        return dataDir.resolve("tls").resolve(file);
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void firstStartCreatesCaAndServerFilesWithPrivateKeysOwnerOnly() throws Exception {
        CertificateAuthority ca = start(NAMES, START);

        assertTrue(ca.caCreated());
        assertTrue(ca.serverCertificateIssued());
        assertEquals("rwx------", mode(dataDir.resolve("tls")));
        assertEquals("rw-------", mode(tls("ca.key")));
        assertEquals("rw-------", mode(tls("server.key")));
        assertEquals("rw-r--r--", mode(tls("ca.crt")));
        assertEquals("rw-r--r--", mode(tls("server.crt")));
        assertEquals(tls("server.crt"), ca.serverCertChainPath());
        assertEquals(tls("server.key"), ca.serverKeyPath());
        assertTrue(Files.readString(tls("server.key")).startsWith("-----BEGIN PRIVATE KEY-----\n"));
        try (var files = Files.list(dataDir.resolve("tls"))) {
            assertEquals(Set.of("ca.crt", "ca.key", "server.crt", "server.key"),
                    files.map(p -> p.getFileName().toString()).collect(Collectors.toSet()), "no temp files left");
        }
    }

    @Test
    void secondStartReusesTheSameCaAndServerCertificate() throws Exception {
        CertificateAuthority first = start(NAMES, START);
        byte[] serverCrt = Files.readAllBytes(tls("server.crt"));
        byte[] serverKey = Files.readAllBytes(tls("server.key"));

        CertificateAuthority second = start(NAMES, START.plus(Duration.ofDays(10)));

        assertFalse(second.caCreated());
        assertFalse(second.serverCertificateIssued());
        assertEquals(first.caFingerprintSha256(), second.caFingerprintSha256());
        assertEquals(first.caCertificatePem(), second.caCertificatePem());
        assertArrayEquals(serverCrt, Files.readAllBytes(tls("server.crt")));
        assertArrayEquals(serverKey, Files.readAllBytes(tls("server.key")));
    }

    @Test
    void fingerprintIsLowercaseHexSha256OfTheCaCertificateDer() throws Exception {
        CertificateAuthority ca = start(NAMES, START);

        X509Certificate fromDisk = TlsTestSupport.readCertificates(tls("ca.crt")).get(0);
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(fromDisk.getEncoded()));
        assertEquals(expected, ca.caFingerprintSha256());
        assertTrue(ca.caFingerprintSha256().matches("[0-9a-f]{64}"));
        assertEquals(Files.readString(tls("ca.crt")), ca.caCertificatePem());
    }

    @Test
    void caCertificateIsASelfSignedCaLimitedToSigningServerCertificates() throws Exception {
        start(NAMES, START);
        X509Certificate ca = TlsTestSupport.readCertificates(tls("ca.crt")).get(0);

        ca.verify(ca.getPublicKey());
        assertTrue(ca.getSubjectX500Principal().getName().matches("CN=Rollcall CA [0-9a-f]{8}"));
        assertEquals(0, ca.getBasicConstraints(), "CA:true, pathlen 0");
        boolean[] usage = ca.getKeyUsage();
        assertTrue(usage[5] && usage[6], "keyCertSign and cRLSign");
        assertFalse(usage[0], "no digitalSignature");
        assertEquals(Duration.ofDays(3652).plusHours(1), Duration.between(
                ca.getNotBefore().toInstant(), ca.getNotAfter().toInstant()));
    }

    @Test
    void serverChainHoldsTheServerCertificateSignedByTheCaThenTheCa() throws Exception {
        start(NAMES, START);
        List<X509Certificate> chain = TlsTestSupport.readCertificates(tls("server.crt"));
        X509Certificate ca = TlsTestSupport.readCertificates(tls("ca.crt")).get(0);

        assertEquals(2, chain.size());
        assertEquals(ca, chain.get(1));
        X509Certificate server = chain.get(0);
        server.verify(ca.getPublicKey());
        assertEquals("CN=rollcall.test", server.getSubjectX500Principal().getName());
        assertEquals(-1, server.getBasicConstraints());
        assertEquals(List.of("1.3.6.1.5.5.7.3.1"), server.getExtendedKeyUsage(), "serverAuth only");
        Set<String> sans = server.getSubjectAlternativeNames().stream()
                .map(entry -> entry.get(1).toString()).collect(Collectors.toSet());
        assertTrue(sans.containsAll(Set.of("localhost", "127.0.0.1", "rollcall.test")), sans.toString());
        assertTrue(sans.contains("0:0:0:0:0:0:0:1"), "::1 as an IP entry: " + sans);
        assertEquals(Duration.ofDays(825).plusHours(1), Duration.between(
                server.getNotBefore().toInstant(), server.getNotAfter().toInstant()));
    }

    @Test
    void caCertificateWithoutItsKeyRefusesToStartAndKeepsTheCertificate() throws Exception {
        start(NAMES, START);
        byte[] caCrt = Files.readAllBytes(tls("ca.crt"));
        Files.delete(tls("ca.key"));

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> start(NAMES, START));

        assertTrue(e.getMessage().contains("ca.key is missing"), e.getMessage());
        assertTrue(e.getMessage().contains("pin"), e.getMessage());
        assertArrayEquals(caCrt, Files.readAllBytes(tls("ca.crt")));
        assertFalse(Files.exists(tls("ca.key")));
    }

    @Test
    void caKeyThatDoesNotMatchTheCaCertificateIsRefused() throws Exception {
        start(NAMES, START);
        Path otherDir = dataDir.resolve("other");
        CertificateAuthority.loadOrCreate(otherDir, NAMES);
        Files.copy(otherDir.resolve("tls/ca.key"), tls("ca.key"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> start(NAMES, START));
        assertTrue(e.getMessage().contains("does not belong to"), e.getMessage());
    }

    @Test
    void caKeyLeftWithoutCertificateByAnInterruptedFirstStartIsReplaced() throws Exception {
        start(NAMES, START);
        String orphanKey = Files.readString(tls("ca.key"));
        Files.delete(tls("ca.crt"));

        CertificateAuthority ca = start(NAMES, START);

        assertTrue(ca.caCreated());
        assertNotEquals(orphanKey, Files.readString(tls("ca.key")));
        ca.serverCertificateChain().get(0).verify(ca.caCertificate().getPublicKey());
    }

    @Test
    void serverCertificateIsRenewedWithinThirtyDaysOfExpiryKeepingTheCa() throws Exception {
        CertificateAuthority first = start(NAMES, START);

        CertificateAuthority notYet = start(NAMES, START.plus(Duration.ofDays(790)));
        assertFalse(notYet.serverCertificateIssued());

        CertificateAuthority renewed = start(NAMES, START.plus(Duration.ofDays(800)));
        assertTrue(renewed.serverCertificateIssued());
        assertFalse(renewed.caCreated());
        assertEquals(first.caFingerprintSha256(), renewed.caFingerprintSha256());
        X509Certificate server = TlsTestSupport.readCertificates(tls("server.crt")).get(0);
        assertTrue(server.getNotAfter().toInstant().isAfter(START.plus(Duration.ofDays(1600))));
        server.verify(first.caCertificate().getPublicKey());
    }

    @Test
    void changedServerNamesReissueTheServerCertificateKeepingTheCa() throws Exception {
        CertificateAuthority first = start(NAMES, START);
        ServerNames withBalancer = ServerNames.of("rollcall.test",
                List.of("localhost", "rollcall.test", "127.0.0.1", "::1"), List.of("collector.school.example", "10.0.0.5"));

        CertificateAuthority second = start(withBalancer, START);

        assertTrue(second.serverCertificateIssued());
        assertEquals(first.caFingerprintSha256(), second.caFingerprintSha256());
        Set<String> sans = second.serverCertificateChain().get(0).getSubjectAlternativeNames().stream()
                .map(entry -> entry.get(1).toString()).collect(Collectors.toSet());
        assertTrue(sans.containsAll(Set.of("collector.school.example", "10.0.0.5")), sans.toString());
        assertFalse(start(withBalancer, START).serverCertificateIssued(), "same names again: no reissue");
    }

    @Test
    void serverKeyThatNoLongerMatchesItsCertificateIsReissued() throws Exception {
        start(NAMES, START);
        Path otherDir = dataDir.resolve("other");
        CertificateAuthority.loadOrCreate(otherDir, NAMES);
        Files.copy(otherDir.resolve("tls/server.key"), tls("server.key"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        CertificateAuthority ca = start(NAMES, START);

        assertTrue(ca.serverCertificateIssued());
        assertTrue(CertificateIssuer.keyMatches(
                Pem.parsePrivateKey(Files.readString(tls("server.key")), "EC"), ca.serverCertificateChain().get(0)));
    }
}
