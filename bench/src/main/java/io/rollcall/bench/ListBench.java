package io.rollcall.bench;

import io.rollcall.collector.Collector;
import io.rollcall.collector.CollectorConfig;
import io.rollcall.collector.db.Database;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Latency of every list at fleet size: seeds a data dir ({@link ListSeed}) unless it already holds a
 * database, starts a real collector on it (HTTPS, Vert.x, Hazelcast, H2), creates one user per role through
 * the API, signs each in through the console's sign-in form, and times each list request one at a time
 * (after warm-up) with the session cookie of a role that may read it. Prints p50/p95/p99/max per request.
 *
 * <pre>java -cp bench/target/rollcall-loadgen.jar io.rollcall.bench.ListBench DATA_DIR [devices] [requests] [warmup]</pre>
 */
public final class ListBench {
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final HttpClient http;
    private final String base;
    private final Database db;
    private long writes;

    private ListBench(HttpClient http, String base, Database db) {
        this.http = http;
        this.base = base;
        this.db = db;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/rollcall-list-bench");
        int devices = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int requests = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        CollectorConfig cfg = CollectorConfig.defaults().withDataDir(dir).withPort(0).withBindHost("127.0.0.1")
                .withClusterName("list-bench-" + UUID.randomUUID());
        if (!Files.exists(dir.resolve("db"))) {
            long t0 = System.nanoTime();
            Database db = Database.open(Database.embeddedUrl(dir), cfg.jdbcUser(), cfg.jdbcPassword(), 2);
            try {
                ListSeed.Seeded s = new ListSeed(devices, 2_000, 1_500, Instant.now()).seed(db);
                System.out.printf("seeded %s in %.1f s%n", s, (System.nanoTime() - t0) / 1e9);
            } finally {
                db.close();
            }
        }
        String admin = token("rc_admin_");
        Map<String, String> env = Map.of("ROLLCALL_ENROLL_TOKEN", token("rc_enroll_"), "ROLLCALL_ADMIN_TOKEN", admin);
        long s0 = System.nanoTime();
        try (Collector collector = Collector.start(cfg, env)) {
            System.out.printf("collector started in %.1f s on port %d%n", (System.nanoTime() - s0) / 1e9, collector.port());
            HttpClient http = HttpClient.newBuilder().sslContext(trustOnly(dir.resolve("tls").resolve("ca.crt")))
                    .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
            new ListBench(http, "https://localhost:" + collector.port(), collector.database()).run(admin, requests, warmup);
        }
        // Hazelcast and Vert.x threads can outlive close(); the figures are printed
        System.exit(0);
    }

    private void run(String adminToken, int requests, int warmup) throws Exception {
        Map<String, String> cookie = new LinkedHashMap<>();
        for (String role : List.of("technician", "business-manager", "slt")) {
            String user = "bench-" + role + "-" + token("").substring(0, 6);
            String password = token("pw-");
            String body = "{\"username\":\"" + user + "\",\"displayName\":\"Bench " + role + "\",\"role\":\"" + role
                    + "\",\"password\":\"" + password + "\"}";
            var created = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/users"))
                    .header("Authorization", "Bearer " + adminToken).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
            expect(created, 201, "create " + role);
            cookie.put(role, signIn(user, password));
        }
        String tech = cookie.get("technician");
        String deviceId = firstDeviceId(tech);
        List<String[]> cases = List.of(
                new String[] {tech, "/api/v1/devices"},
                new String[] {tech, "/api/v1/devices?offset=19000"},
                new String[] {tech, "/api/v1/devices?compliant=false"},
                new String[] {tech, "/api/v1/devices?compliant=false&offset=5000"},
                new String[] {tech, "/api/v1/devices?stale=true"},
                new String[] {tech, "/api/v1/devices?rule=security.unencrypted"},
                new String[] {tech, "/api/v1/devices?q=lab-1"},
                new String[] {tech, "/api/v1/findings"},
                new String[] {tech, "/api/v1/findings?offset=19000"},
                new String[] {tech, "/api/v1/findings?status=open"},
                new String[] {tech, "/api/v1/findings?status=open&rule=security.unencrypted"},
                new String[] {tech, "/api/v1/findings?rule=screenlock.idle-too-long"},
                new String[] {tech, "/api/v1/findings?device=" + deviceId},
                new String[] {cookie.get("slt"), "/api/v1/compliance/summary"},
                new String[] {cookie.get("slt"), "/api/v1/compliance/trend?days=84"},
                new String[] {cookie.get("slt"), "/api/v1/exports/compliance.csv"},
                new String[] {cookie.get("slt"), "/api/v1/exports/compliance.csv?by=rule"},
                new String[] {cookie.get("business-manager"), "/api/v1/loans"},
                new String[] {cookie.get("business-manager"), "/api/v1/loans?state=overdue"},
                new String[] {cookie.get("business-manager"), "/api/v1/loans?state=out&offset=500"},
                new String[] {tech, "/console/devices"},
                new String[] {tech, "/console/devices?offset=19000"},
                new String[] {tech, "/console/devices?compliance=non-compliant&seen=stale"},
                new String[] {tech, "/console/devices?rule=security.unencrypted"},
                new String[] {tech, "/console/devices?q=lab-1"},
                new String[] {cookie.get("slt"), "/console/compliance"});
        System.out.printf("%-60s %8s %8s %8s %8s %9s%n", "request", "p50 ms", "p95 ms", "p99 ms", "max ms", "bytes");
        for (String[] c : cases) {
            for (int i = 0; i < warmup; i++) {
                get(c[0], c[1]);
            }
            double[] ms = new double[requests];
            int bytes = 0;
            for (int i = 0; i < requests; i++) {
                heartbeat();
                long t = System.nanoTime();
                bytes = get(c[0], c[1]);
                ms[i] = (System.nanoTime() - t) / 1e6;
            }
            Arrays.sort(ms);
            System.out.printf("%-60s %8.1f %8.1f %8.1f %8.1f %9d%n", c[1], pct(ms, 50), pct(ms, 95), pct(ms, 99),
                    ms[ms.length - 1], bytes);
        }
    }

    /**
     * What a live collector sees between two list requests: a device's heartbeat (20,000 devices report
     * hourly, ~5 a second), as a no-op update of one row. Untimed. Without a write between requests H2 answers a repeated identical query
     * from its cached last result and the figures would measure nothing.
     */
    private void heartbeat() throws Exception {
        long n = writes++;
        db.inTransaction(c -> {
            try (var ps = c.prepareStatement("""
                    UPDATE devices SET agent_version = agent_version
                    WHERE id = (SELECT id FROM devices ORDER BY id OFFSET ? ROWS FETCH NEXT 1 ROWS ONLY)""")) {
                ps.setLong(1, n % 1000);
                return ps.executeUpdate();
            }
        });
    }

    /** Signs in through the console form (double-submit token) and returns the session cookie pair. */
    private String signIn(String user, String password) throws Exception {
        var form = send(HttpRequest.newBuilder(URI.create(base + "/console/login")).GET());
        expect(form, 200, "sign-in form");
        Matcher m = CSRF.matcher(form.body());
        if (!m.find()) {
            throw new IllegalStateException("no _csrf field on the sign-in form");
        }
        String loginCookie = cookiePair(form, "rc_login");
        String body = "_csrf=" + enc(m.group(1)) + "&next=%2Fconsole&username=" + enc(user) + "&password=" + enc(password);
        var r = send(HttpRequest.newBuilder(URI.create(base + "/console/login")).header("Cookie", loginCookie)
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)));
        expect(r, 303, "sign in " + user);
        return cookiePair(r, "rc_session");
    }

    private String firstDeviceId(String cookie) throws Exception {
        var r = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/devices?limit=1")).header("Cookie", cookie).GET());
        expect(r, 200, "first device");
        Matcher m = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"").matcher(r.body());
        if (!m.find()) {
            throw new IllegalStateException("no device in " + r.body());
        }
        return m.group(1);
    }

    private int get(String cookie, String path) throws Exception {
        var r = send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookie).GET());
        expect(r, 200, path);
        return r.body().length();
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void expect(HttpResponse<String> r, int status, String what) {
        if (r.statusCode() != status) {
            String body = r.body();
            throw new IllegalStateException(what + ": HTTP " + r.statusCode() + " "
                    + body.substring(0, Math.min(300, body.length())));
        }
    }

    private static String cookiePair(HttpResponse<String> r, String name) {
        for (String h : r.headers().allValues("Set-Cookie")) {
            if (h.startsWith(name + "=")) {
                return h.substring(0, h.indexOf(';') < 0 ? h.length() : h.indexOf(';'));
            }
        }
        throw new IllegalStateException("no " + name + " cookie in " + r.headers().allValues("Set-Cookie"));
    }

    static double pct(double[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String token(String prefix) {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return prefix + HexFormat.of().formatHex(b);
    }

    /** A TLS context trusting only the collector's CA (DATA/tls/ca.crt). */
    static SSLContext trustOnly(Path caPem) throws Exception {
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
