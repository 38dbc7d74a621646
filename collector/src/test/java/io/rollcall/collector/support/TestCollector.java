package io.rollcall.collector.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.collector.Collector;
import io.rollcall.collector.CollectorConfig;
import io.rollcall.common.enroll.EnrollRequest;
import io.rollcall.common.enroll.EnrollResponse;
import io.rollcall.common.enroll.OsRef;
import io.rollcall.common.wire.ReportCodec;
import io.rollcall.common.wire.WireJson;
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
import java.security.cert.X509Certificate;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A real collector on a temp dir and port 0 (real Vert.x, Hazelcast, H2 or PostgreSQL: {@link TestStore}), with an HTTPS client that
 * trusts only its CA. Tokens are random per test run and passed the way an automated install would.
 */
public final class TestCollector implements AutoCloseable {
    public final Path dataDir;
    public final String enrollToken;
    public final String adminToken;
    public final String clusterName;
    private Collector collector;
    private HttpClient http;

    public TestCollector(Path dataDir) throws Exception {
        this(dataDir, randomToken("rc_enroll_"), randomToken("rc_admin_"), "rc-test-" + UUID.randomUUID());
    }

    /** A collector over an existing data dir, with the tokens it was first started with. */
    public static TestCollector reopen(Path dataDir, String enrollToken, String adminToken) throws Exception {
        return new TestCollector(dataDir, enrollToken, adminToken, "rc-test-" + UUID.randomUUID());
    }

    /** A collector over a data dir that a TestCollector created, reading the tokens from its first-run.json. */
    public static TestCollector reopenWithTokensOf(Path dataDir) throws Exception {
        JsonNode fr = WireJson.mapper().readTree(dataDir.resolve("first-run.json").toFile());
        return reopen(dataDir, fr.get("enrollToken").asText(), fr.get("adminToken").asText());
    }

    private TestCollector(Path dataDir, String enrollToken, String adminToken, String clusterName) throws Exception {
        this.dataDir = dataDir;
        this.enrollToken = enrollToken;
        this.adminToken = adminToken;
        this.clusterName = clusterName;
    }

    public TestCollector start(int port) throws Exception {
        CollectorConfig cfg = TestStore.current().useDatabaseOf(CollectorConfig.defaults().withDataDir(dataDir)
                .withPort(port).withClusterName(clusterName).withBindHost("127.0.0.1"), dataDir);
        collector = Collector.start(cfg, env());
        http = HttpClient.newBuilder().sslContext(trustOnly(dataDir.resolve("tls").resolve("ca.crt")))
                .connectTimeout(Duration.ofSeconds(10)).build();
        return this;
    }

    public Map<String, String> env() {
        return Map.of("ROLLCALL_ENROLL_TOKEN", enrollToken, "ROLLCALL_ADMIN_TOKEN", adminToken);
    }

    public Collector collector() {
        return collector;
    }

    public int port() {
        return collector.port();
    }

    public String baseUrl() {
        return "https://localhost:" + collector.port();
    }

    public HttpClient http() {
        return http;
    }

    public HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl() + path));
    }

    public HttpResponse<String> adminGet(String path) throws Exception {
        return send(request(path).header("Authorization", "Bearer " + adminToken).GET());
    }

    /** Sends {@code method path} as the first-run admin; {@code json} may be null for no body. */
    public HttpResponse<String> admin(String method, String path, String json) throws Exception {
        HttpRequest.Builder b = request(path).header("Authorization", "Bearer " + adminToken);
        if (json == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return send(b);
    }

    public EnrollResponse enroll(String hardwareUuid) throws Exception {
        EnrollRequest req = new EnrollRequest(enrollToken, "host-" + hardwareUuid.substring(0, 8), hardwareUuid,
                "SN-" + hardwareUuid.substring(0, 6), new OsRef("linux", "12"));
        HttpResponse<String> res = send(request("/api/v1/enroll").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(ReportCodec.toJson(req))));
        if (res.statusCode() != 200) {
            throw new IllegalStateException("enrol failed: " + res.statusCode() + " " + res.body());
        }
        return WireJson.mapper().readValue(res.body(), EnrollResponse.class);
    }

    /**
     * {@code POST /api/v1/enroll} with {@code token}, as the agent sends it, with {@code Authorization: Bearer
     * <deviceId>.<deviceSecret>} of {@code current} when not null (the proof that rotates a secret); the raw answer.
     */
    public HttpResponse<String> enrollAs(String token, String hardwareUuid, String hostname, String serial,
                                         EnrollResponse current) throws Exception {
        EnrollRequest req = new EnrollRequest(token, hostname, hardwareUuid, serial, new OsRef("linux", "12"));
        HttpRequest.Builder b = request("/api/v1/enroll").header("Content-Type", "application/json");
        if (current != null) {
            b.header("Authorization", "Bearer " + current.deviceId() + "." + current.deviceSecret());
        }
        return send(b.POST(HttpRequest.BodyPublishers.ofByteArray(ReportCodec.toJson(req))));
    }

    public HttpResponse<String> postReport(EnrollResponse device, byte[] body, boolean gzip) throws Exception {
        HttpRequest.Builder b = request("/api/v1/reports")
                .header("Authorization", "Bearer " + device.deviceId() + "." + device.deviceSecret())
                .header("Content-Type", "application/json");
        if (gzip) {
            b.header("Content-Encoding", "gzip");
        }
        HttpResponse<String> res = send(b.POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        if (res.statusCode() == 202) {
            awaitIndexed();
        }
        return res;
    }

    /**
     * Waits until the install index has caught up with every stored software list (it is written behind the
     * acknowledgement), so a test reading titles, holders or seats after a 202 sees that report's software.
     */
    public void awaitIndexed() throws Exception {
        if (!collector.softwareIndexer().awaitIdle(30_000)) {
            throw new AssertionError("the install index did not catch up within 30 s");
        }
    }

    /** Row counts of every table a report writes: equal before and after means nothing was stored. */
    public Map<String, Long> rowCounts() throws Exception {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String t : List.of("devices", "device_sections", "section_history", "report_log", "media_events",
                "findings", "finding_history")) {
            out.put(t, collector.database().read(c -> {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + t)) {
                    rs.next();
                    return rs.getLong(1);
                }
            }));
        }
        return out;
    }

    public void stop() {
        if (collector != null) {
            collector.close();
            collector = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    public static String randomToken(String prefix) {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return prefix + HexFormat.of().formatHex(b);
    }

    public static SSLContext trustOnly(Path caPem) throws Exception {
        X509Certificate ca;
        try (InputStream in = Files.newInputStream(caPem)) {
            ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        ks.setCertificateEntry("rollcall-ca", ca);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    /** A collector that joins the Hazelcast cluster {@code clusterName} (other TestCollectors with the same name). */
    public static TestCollector inCluster(Path dataDir, String clusterName) throws Exception {
        return new TestCollector(dataDir, randomToken("rc_enroll_"), randomToken("rc_admin_"), clusterName);
    }

    /** Starts with {@code tweak} applied to the test config and time from {@code clock}. */
    public TestCollector start(int port, java.util.function.UnaryOperator<CollectorConfig> tweak, java.time.Clock clock)
            throws Exception {
        CollectorConfig cfg = tweak.apply(TestStore.current().useDatabaseOf(CollectorConfig.defaults()
                .withDataDir(dataDir).withPort(port).withClusterName(clusterName).withBindHost("127.0.0.1"), dataDir));
        collector = Collector.start(cfg, env(), clock);
        http = HttpClient.newBuilder().sslContext(trustOnly(dataDir.resolve("tls").resolve("ca.crt")))
                .connectTimeout(Duration.ofSeconds(10)).build();
        return this;
    }

    /** Sends {@code body} as the first-run admin with the given content type. */
    public HttpResponse<String> adminBody(String method, String path, String contentType, String body) throws Exception {
        return send(request(path).header("Authorization", "Bearer " + adminToken).header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofString(body)));
    }

    /** GET as the first-run admin, returning the body as bytes (PDFs). */
    public HttpResponse<byte[]> adminGetBytes(String path) throws Exception {
        return http.send(request(path).header("Authorization", "Bearer " + adminToken).timeout(Duration.ofSeconds(30))
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    // ---- people (issue 6): users of each role and requests made as them ----

    /** Creates a user with this username, role (wire name) and password through the admin API. */
    public JsonNode createUser(String username, String role, String password) throws Exception {
        String body = WireJson.mapper().writeValueAsString(Map.of("username", username,
                "displayName", "Test " + username, "role", role, "password", password));
        HttpResponse<String> res = admin("POST", "/api/v1/users", body);
        if (res.statusCode() != 201) {
            throw new IllegalStateException("create user failed: " + res.statusCode() + " " + res.body());
        }
        return WireJson.mapper().readTree(res.body());
    }

    /** A personal API token for {@code username}, created with HTTP Basic as a script would. */
    public String tokenFor(String username, String password) throws Exception {
        String basic = java.util.Base64.getEncoder().encodeToString((username + ":" + password)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        HttpResponse<String> res = send(request("/api/v1/tokens").header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"test\"}")));
        if (res.statusCode() != 201) {
            throw new IllegalStateException("token failed: " + res.statusCode() + " " + res.body());
        }
        return WireJson.mapper().readTree(res.body()).get("token").asText();
    }

    /** A new user of {@code role} with a random password, and a bearer token for them. */
    public String newUserToken(String role) throws Exception {
        String name = role.replace("-", "") + "." + UUID.randomUUID().toString().substring(0, 8);
        String password = randomToken("pw-");
        createUser(name, role, password);
        return tokenFor(name, password);
    }

    /** Sends {@code method path} with a bearer token; {@code json} may be null for no body. */
    public HttpResponse<String> as(String token, String method, String path, String json) throws Exception {
        HttpRequest.Builder b = request(path).header("Authorization", "Bearer " + token);
        if (json == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return send(b);
    }
}
