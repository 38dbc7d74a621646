package io.rollcall.collector.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.collector.support.TestCollector;
import io.rollcall.common.enroll.EnrollRequest;
import io.rollcall.common.enroll.EnrollResponse;
import io.rollcall.common.enroll.OsRef;
import io.rollcall.common.sample.SampleReports;
import io.rollcall.common.wire.ReportCodec;
import io.rollcall.common.wire.WireJson;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A collector process killed with SIGKILL in the middle of a stream of reports loses none it had
 * acknowledged: after a restart on the same data dir, every 202'd reportId is in the report log.
 */
class KillAndRestartTest {
    @TempDir
    Path dir;

    @Test
    void acknowledgedReportsSurviveSigkill() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String enroll = TestCollector.randomToken("rc_enroll_");
        String admin = TestCollector.randomToken("rc_admin_");
        Path config = dir.resolve("collector.properties");
        Path data = dir.resolve("data");
        Files.writeString(config, "bind=127.0.0.1\ncluster.name=rc-kill-" + UUID.randomUUID() + "\n"
                + io.rollcall.collector.support.TestStore.current().configLines(data));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.rollcall.collector.CollectorMain",
                "--data", data.toString(), "--port", String.valueOf(port), "--config", config.toString());
        pb.environment().put("ROLLCALL_ENROLL_TOKEN", enroll);
        pb.environment().put("ROLLCALL_ADMIN_TOKEN", admin);
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("collector.log").toFile());
        Process p = pb.start();
        Set<UUID> acked = ConcurrentHashMap.newKeySet();
        try {
            HttpClient http = waitUntilServing(data, port);
            String base = "https://localhost:" + port;
            HttpResponse<String> er = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/enroll"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(ReportCodec.toJson(new EnrollRequest(enroll, "kill-test",
                            UUID.randomUUID().toString(), null, new OsRef("linux", "12"))))).build(), HttpResponse.BodyHandlers.ofString());
            EnrollResponse d = WireJson.mapper().readValue(er.body(), EnrollResponse.class);

            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            for (int t = 0; t < 8; t++) {
                int seed = t;
                pool.submit(() -> {
                    int i = 0;
                    while (!stop.get()) {
                        var r = SampleReports.full(d.deviceId(), seed * 1000L + i++, 100, Instant.now());
                        try {
                            HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/reports"))
                                    .header("Authorization", "Bearer " + d.deviceId() + "." + d.deviceSecret())
                                    .header("Content-Type", "application/json").header("Content-Encoding", "gzip")
                                    .timeout(Duration.ofSeconds(10))
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(ReportCodec.toGzipJson(r))).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            if (res.statusCode() == 202) {
                                acked.add(r.reportId());
                            }
                        } catch (Exception e) {
                            // the collector died under us: this one was never acknowledged
                        }
                    }
                });
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (acked.size() < 100 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL, mid-stream
            stop.set(true);
            pool.shutdown();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        } finally {
            p.destroyForcibly();
        }
        assertTrue(acked.size() >= 100, "acknowledged " + acked.size());

        try (TestCollector again = restart(data, enroll, admin)) {
            List<UUID> missing = new ArrayList<>();
            for (UUID id : acked) {
                boolean present = again.collector().database().read(c -> {
                    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM report_log WHERE report_id = ?")) {
                        ps.setObject(1, id);
                        try (ResultSet rs = ps.executeQuery()) {
                            return rs.next();
                        }
                    }
                });
                if (!present) {
                    missing.add(id);
                }
            }
            assertEquals(List.of(), missing, "acknowledged but lost after SIGKILL (of " + acked.size() + ")");
        }
    }

    private static TestCollector restart(Path data, String enroll, String admin) throws Exception {
        return TestCollector.reopen(data, enroll, admin).start(0);
    }

    private static HttpClient waitUntilServing(Path data, int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (Files.exists(data.resolve("first-run.json"))) {
                HttpClient http = HttpClient.newBuilder().sslContext(TestCollector.trustOnly(data.resolve("tls").resolve("ca.crt")))
                        .connectTimeout(Duration.ofSeconds(5)).build();
                try {
                    HttpResponse<String> h = http.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/health")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (h.statusCode() == 200) {
                        return http;
                    }
                } catch (java.io.IOException e) {
                    // not up yet
                }
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("collector did not start; see collector.log");
    }
}
