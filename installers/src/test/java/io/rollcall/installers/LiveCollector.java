package io.rollcall.installers;

import io.rollcall.collector.Collector;
import io.rollcall.collector.CollectorConfig;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** A real collector (Vert.x, Hazelcast, H2) on a temp dir and a free port, with random tokens. */
final class LiveCollector implements AutoCloseable {
    final String enrollToken;
    final String adminToken;
    private final Path dataDir;
    private final Collector collector;
    private final HttpClient http;

    LiveCollector(Path dataDir) throws Exception {
        this(dataDir, 0, token("rc_enroll_"), token("rc_admin_"));
    }

    private LiveCollector(Path dataDir, int port, String enrollToken, String adminToken) throws Exception {
        this.dataDir = dataDir;
        this.enrollToken = enrollToken;
        this.adminToken = adminToken;
        CollectorConfig cfg = CollectorConfig.defaults().withDataDir(dataDir).withPort(port).withBindHost("127.0.0.1")
                .withClusterName("rc-installers-" + UUID.randomUUID());
        collector = Collector.start(cfg, Map.of("ROLLCALL_ENROLL_TOKEN", enrollToken, "ROLLCALL_ADMIN_TOKEN", adminToken));
        http = HttpClient.newBuilder().sslContext(trustOnly(dataDir.resolve("tls").resolve("ca.crt")))
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** The same collector (data, CA, tokens) started again on the same port, after {@link #close()}. */
    LiveCollector restart() throws Exception {
        return new LiveCollector(dataDir, collector.port(), enrollToken, adminToken);
    }

    String url() {
        return "https://localhost:" + collector.port();
    }

    String caFingerprint() {
        return collector.caFingerprint();
    }

    HttpResponse<String> adminGet(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url() + path)).header("Authorization", "Bearer " + adminToken)
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** How many reports the collector has stored for {@code device}. */
    int reportsFrom(UUID device) throws Exception {
        return collector.database().read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM report_log WHERE device_id = ?")) {
                ps.setObject(1, device);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    @Override
    public void close() {
        collector.close();
    }

    private static String token(String prefix) {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static SSLContext trustOnly(Path caPem) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(caPem)) {
            ks.setCertificateEntry("rollcall-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
