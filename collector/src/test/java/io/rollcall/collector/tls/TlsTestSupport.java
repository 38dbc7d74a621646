package io.rollcall.collector.tls;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Builds JDK SSL contexts from the PEM files alone, independently of the code under test. */
final class TlsTestSupport {

    private TlsTestSupport() {
    }

    static List<X509Certificate> readCertificates(Path pemFile) throws Exception {
        try (var in = Files.newInputStream(pemFile)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast).toList();
        }
    }

    /** A server context from server.key and the server.crt chain. */
    static SSLContext serverContext(Path keyPem, Path chainPem) throws Exception {
        PrivateKey key = Pem.parsePrivateKey(Files.readString(keyPem, StandardCharsets.US_ASCII), "EC");
        char[] password = "unused-in-memory".toCharArray();
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        keyStore.setKeyEntry("server", key, password, readCertificates(chainPem).toArray(Certificate[]::new));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keyStore, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

    /** A client context whose only trust anchor is the given CA certificate file. */
    static SSLContext clientTrustingOnly(Path caPem) throws Exception {
        KeyStore trustStore = KeyStore.getInstance("PKCS12");
        trustStore.load(null, null);
        trustStore.setCertificateEntry("rollcall-ca", readCertificates(caPem).get(0));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trustStore);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}
