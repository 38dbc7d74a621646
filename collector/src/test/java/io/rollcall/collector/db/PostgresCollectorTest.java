package io.rollcall.collector.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.collector.Collector;
import io.rollcall.collector.CollectorConfig;
import io.rollcall.collector.support.PostgresServer;
import io.rollcall.collector.support.TestCollector;
import io.rollcall.common.enroll.EnrollRequest;
import io.rollcall.common.enroll.EnrollResponse;
import io.rollcall.common.enroll.OsRef;
import io.rollcall.common.report.Report;
import io.rollcall.common.sample.SampleReports;
import io.rollcall.common.wire.ReportCodec;
import io.rollcall.common.wire.WireJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real collector on a real PostgreSQL, configured as an administrator would: {@code jdbc.url}, {@code jdbc.user}
 * and {@code jdbc.password} in the {@code --config} file. A report goes in over HTTPS, comes back through the API, and
 * the rows are in PostgreSQL (nothing in an embedded H2 file).
 */
class PostgresCollectorTest {
    @TempDir
    Path dir;

    @Test
    void collectorOnPostgresqlStoresAReportAndShowsItThroughTheApi() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String url = pg.freshDatabase("rc_e2e");
        Path data = dir.resolve("data");
        CollectorConfig cfg = CollectorConfig.defaults().withFile(config(url, pg.user(), pg.password()))
                .withDataDir(data).withPort(0).withBindHost("127.0.0.1").withClusterName("rc-pg-" + UUID.randomUUID());
        Map<String, String> env = Map.of("ROLLCALL_ENROLL_TOKEN", TestCollector.randomToken("rc_enroll_"),
                "ROLLCALL_ADMIN_TOKEN", TestCollector.randomToken("rc_admin_"));
        try (Collector collector = Collector.start(cfg, env)) {
            HttpClient http = HttpClient.newBuilder().sslContext(TestCollector.trustOnly(data.resolve("tls/ca.crt")))
                    .connectTimeout(Duration.ofSeconds(10)).build();
            String base = "https://localhost:" + collector.port();
            String hw = UUID.randomUUID().toString();
            EnrollRequest enroll = new EnrollRequest(env.get("ROLLCALL_ENROLL_TOKEN"), "pg-host", hw, "SN-PG-1",
                    new OsRef("linux", "12"));
            HttpResponse<String> enrolled = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/enroll"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(ReportCodec.toJson(enroll))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, enrolled.statusCode(), enrolled.body());
            EnrollResponse d = WireJson.mapper().readValue(enrolled.body(), EnrollResponse.class);

            Report report = SampleReports.full(d.deviceId(), 42, 120, Instant.now());
            HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/reports"))
                    .header("Authorization", "Bearer " + d.deviceId() + "." + d.deviceSecret())
                    .header("Content-Type", "application/json").header("Content-Encoding", "gzip")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(ReportCodec.toGzipJson(report))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(202, posted.statusCode(), posted.body());

            HttpResponse<String> got = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/devices/" + d.deviceId()))
                    .header("Authorization", "Bearer " + env.get("ROLLCALL_ADMIN_TOKEN")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, got.statusCode(), got.body());
            JsonNode detail = WireJson.mapper().readTree(got.body());
            assertEquals("lab-42", detail.get("device").get("hostname").asText());
            assertEquals(120, detail.get("software").size());
            assertFalse(detail.get("findings").isEmpty(), "the sample report breaks rules: " + detail.get("findings"));

            assertEquals("PostgreSQL", collector.database().read(c -> c.getMetaData().getDatabaseProductName()));
            try (Connection c = DriverManager.getConnection(url, pg.user(), pg.password());
                 PreparedStatement ps = c.prepareStatement("SELECT hostname, last_report_kind FROM devices WHERE id = ?")) {
                ps.setObject(1, d.deviceId());
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next(), "the device row is in PostgreSQL");
                    assertEquals("lab-42", rs.getString(1));
                    assertEquals("full", rs.getString(2));
                }
            }
        }
        assertFalse(Files.exists(data.resolve("db")), "no embedded H2 database was made beside PostgreSQL");
    }

    @Test
    void aWrongPasswordStopsStartUpWithAMessageThatNamesTheSettingAndNeverThePassword() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String url = pg.freshDatabase("rc_badpw");
        String wrong = "not-the-password-" + UUID.randomUUID();
        CollectorConfig cfg = CollectorConfig.defaults().withFile(config(url, pg.user(), wrong))
                .withDataDir(dir.resolve("data")).withPort(0).withBindHost("127.0.0.1")
                .withClusterName("rc-pg-" + UUID.randomUUID());
        assertFalse(cfg.toString().contains(wrong), cfg.toString());
        Exception e = assertThrows(Exception.class, () -> Collector.start(cfg, Map.of()).close());
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        assertFalse(trace.toString().contains(wrong), trace.toString());
        assertTrue(e.getMessage().contains("jdbc.url"), e.getMessage());
        assertTrue(e.getMessage().contains("password authentication failed"), e.getMessage());
    }

    private Path config(String url, String user, String password) throws Exception {
        Path file = dir.resolve("collector.properties");
        Files.writeString(file, "jdbc.url=" + url + "\njdbc.user=" + user + "\njdbc.password=" + password + "\n");
        return file;
    }
}
