package io.rollcall.collector.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.rollcall.collector.jobs.JobSettings;
import io.rollcall.collector.loans.LoanSettings;
import io.rollcall.collector.support.MutableClock;
import io.rollcall.collector.support.TestCollector;
import io.rollcall.common.enroll.EnrollResponse;
import io.rollcall.common.report.OsUpdates;
import io.rollcall.common.report.Report;
import io.rollcall.common.report.SecuritySection;
import io.rollcall.common.report.Tri;
import io.rollcall.common.sample.SampleReports;
import io.rollcall.common.wire.ReportCodec;
import io.rollcall.common.wire.WireJson;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alerts end to end: events found in the collector's own data, queued once per target, sent by the cluster job to a
 * real HTTP receiver on loopback (Vert.x) that checks the HMAC, retried with backoff on the injected clock, and
 * e-mailed as a digest to a real SMTP server (GreenMail). The jobs' own timer is set to an hour so that only the
 * test runs them, through {@code ClusterJobs.runIfDue}.
 */
class AlertsTest {
    @TempDir
    static Path dir;
    static final MutableClock clock = new MutableClock(Instant.parse("2025-06-02T07:00:00Z"));
    static TestCollector tc;
    static GreenMail smtp;
    static Vertx vertx;
    static HttpServer receiver;
    /** What the receiver got: headers we check and the body. */
    record Got(String timestamp, String signature, String delivery, String event, String body) {
    }
    static final List<Got> got = new CopyOnWriteArrayList<>();
    static final AtomicInteger failuresLeft = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        LoanSettings loans = LoanSettings.defaults().withMail(new LoanSettings.Mail("127.0.0.1",
                smtp.getSmtp().getPort(), null, null, "it@school.example", false)).withReminderCheckSeconds(86_400);
        tc = new TestCollector(dir).start(0, c -> c.withLoans(loans)
                .withJobs(new JobSettings(Duration.ofHours(1), Duration.ofHours(2), Map.of())), clock);
        vertx = Vertx.vertx();
        receiver = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
            got.add(new Got(req.getHeader(WebhookSigner.TIMESTAMP), req.getHeader(WebhookSigner.SIGNATURE),
                    req.getHeader(WebhookSigner.DELIVERY), req.getHeader(WebhookSigner.EVENT), b.toString()));
            boolean fail = failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
            req.response().setStatusCode(fail ? 503 : 200).end();
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
    }

    @AfterAll
    static void stop() throws Exception {
        tc.close();
        vertx.close().toCompletionStage().toCompletableFuture().get();
        smtp.stop();
    }

    @BeforeEach
    void clean() throws Exception {
        got.clear();
        failuresLeft.set(0);
        for (JsonNode t : ok(200, tc.adminGet("/api/v1/alerts/targets")).get("items")) {
            ok(200, tc.admin("DELETE", "/api/v1/alerts/targets/" + t.get("id").asText(), null));
        }
    }

    @Test
    void aWebhookIsSignedAndRetriedWithBackoffUntilTheReceiverTakesIt() throws Exception {
        JsonNode target = ok(201, tc.admin("POST", "/api/v1/alerts/targets", json(Map.of("name", "IT channel",
                "kind", "webhook", "url", "http://127.0.0.1:" + receiver.actualPort() + "/hook?key=abc",
                "events", List.of("loan-overdue")))));
        String secret = target.get("secret").asText();
        assertTrue(target.get("urlHost").asText().endsWith("/…") && !target.toString().contains("key=abc"));
        // loans of the other tests are overdue too: this test's receiver fails for none of theirs
        failuresLeft.set(0);
        run(Alerts.SCAN);
        run(Alerts.DELIVER);
        got.clear();
        clock.advance(Duration.ofMinutes(1));
        String loan = overdueLoan("Late Lucy", null);
        failuresLeft.set(2);

        run(Alerts.SCAN);
        JsonNode d = delivery(target, loan);
        assertEquals("pending", d.get("status").asText());
        assertEquals(0, d.get("attempts").asInt());

        run(Alerts.DELIVER);
        d = delivery(target, loan);
        assertEquals(1, got.size());
        assertEquals(1, d.get("attempts").asInt());
        assertEquals("HTTP 503", d.get("lastResult").asText());
        assertEquals(clock.instant().plusSeconds(30), Instant.parse(d.get("nextAttemptAt").asText()));
        assertEquals(0, tc.collector().alerts().deliver(), "not due before its backoff");
        assertEquals(1, got.size());

        clock.advance(Duration.ofSeconds(30));
        run(Alerts.DELIVER);
        d = delivery(target, loan);
        assertEquals(2, got.size());
        assertEquals(clock.instant().plusSeconds(60), Instant.parse(d.get("nextAttemptAt").asText()), "doubled");
        clock.advance(Duration.ofSeconds(59));
        assertEquals(0, tc.collector().alerts().deliver());
        clock.advance(Duration.ofSeconds(1));
        run(Alerts.DELIVER);
        d = delivery(target, loan);
        assertEquals("delivered", d.get("status").asText());
        assertEquals(3, d.get("attempts").asInt());
        assertEquals(3, got.size());

        for (Got g : got) {
            assertEquals(WebhookSigner.sign(secret, Long.parseLong(g.timestamp()), g.body()), g.signature());
            assertEquals(d.get("id").asText(), g.delivery());
            assertEquals("loan-overdue", g.event());
        }
        assertEquals(clock.instant().getEpochSecond(), Long.parseLong(got.get(2).timestamp()));
        assertTrue(!WebhookSigner.sign("another-secret-0123456789", Long.parseLong(got.get(2).timestamp()),
                got.get(2).body()).equals(got.get(2).signature()));
        JsonNode body = WireJson.mapper().readTree(got.get(2).body());
        assertTrue(body.get("text").asText().contains("Loan overdue") && body.get("text").asText().contains("Late Lucy"),
                body.toString());
        assertEquals(loan, body.get("details").get("loan").get("id").asText());

        // seen again by the next scans: still one delivery, nothing sent twice
        clock.advance(Duration.ofMinutes(5));
        run(Alerts.SCAN);
        run(Alerts.DELIVER);
        assertEquals(1, deliveries(target).stream().filter(n -> n.get("key").asText().endsWith(loan)).count());
        assertEquals(3, got.size());
    }

    @Test
    void aReceiverThatNeverAnswersWellIsGivenUpAfterTheLastAttempt() throws Exception {
        JsonNode target = ok(201, tc.admin("POST", "/api/v1/alerts/targets", json(Map.of("name", "Broken",
                "kind", "webhook", "url", "http://127.0.0.1:" + receiver.actualPort() + "/", "format", "text",
                "events", List.of("loan-overdue")))));
        String loan = overdueLoan("Never Back", null);
        failuresLeft.set(1000);
        run(Alerts.SCAN);
        for (int i = 0; i < AlertService.MAX_ATTEMPTS; i++) {
            tc.collector().alerts().deliver();
            clock.advance(Duration.ofHours(1));
        }
        JsonNode d = delivery(target, loan);
        assertEquals("failed", d.get("status").asText());
        assertEquals(AlertService.MAX_ATTEMPTS, d.get("attempts").asInt());
        assertEquals(Map.of("text", WireJson.mapper().readTree(got.get(0).body()).get("text").asText()),
                WireJson.mapper().convertValue(WireJson.mapper().readTree(got.get(0).body()), Map.class),
                "text format sends only {text}");
        assertTrue(ok(200, tc.adminGet("/api/v1/alerts/deliveries?status=failed&target="
                + target.get("id").asText())).get("items").toString().contains(loan));
    }

    @Test
    void newHighFindingsAndUnpatchedDevicesGoToTheWebhookAndLoansToTheEmailDigest() throws Exception {
        JsonNode hook = ok(201, tc.admin("POST", "/api/v1/alerts/targets", json(Map.of("name", "Security",
                "kind", "webhook", "url", "http://127.0.0.1:" + receiver.actualPort() + "/sec",
                "events", "finding-high,unpatched"))));
        JsonNode mail = ok(201, tc.admin("POST", "/api/v1/alerts/targets", json(Map.of("name", "Office",
                "kind", "email", "email", "office@school.example", "events", List.of("loan-overdue", "loan-silent")))));
        String device = unpatchedLaptop();
        overdueLoan("Digest One", null);
        overdueLoan("Digest Two", null);
        run(Alerts.SCAN);
        run(Alerts.DELIVER);

        List<String> events = got.stream().map(Got::event).sorted().toList();
        assertTrue(events.contains("finding-high") && events.contains("unpatched"), events.toString());
        for (Got g : got) {
            JsonNode b = WireJson.mapper().readTree(g.body());
            assertEquals(device, b.get("details").get("device").get("id").asText(), b.toString());
        }
        assertTrue(deliveries(hook).stream().allMatch(n -> n.get("status").asText().equals("delivered")));
        MimeMessage[] msgs = smtp.getReceivedMessages();
        assertEquals(1, msgs.length, "one digest for the target, not one mail per event");
        String text = (String) msgs[0].getContent();
        assertTrue(text.contains("Digest One") && text.contains("Digest Two"), text);
        assertEquals("office@school.example", msgs[0].getAllRecipients()[0].toString());
        assertTrue(deliveries(mail).size() >= 2 && deliveries(mail).stream()
                .allMatch(n -> n.get("status").asText().equals("delivered")));
    }

    @Test
    void badTargetsAreRefusedNamingTheField() throws Exception {
        assertField("url", Map.of("name", "x", "kind", "webhook", "url", "http://hooks.example.com/x",
                "events", List.of("loan-overdue")));
        assertField("events", Map.of("name", "x", "kind", "webhook", "url", "https://hooks.example.com/x",
                "events", List.of("everything")));
        assertField("kind", Map.of("name", "x", "kind", "pigeon", "events", List.of("loan-overdue")));
        assertField("email", Map.of("name", "x", "kind", "email", "email", "a@b.example, c@d.example",
                "events", List.of("loan-overdue")));
    }

    private static void assertField(String field, Map<String, Object> body) throws Exception {
        HttpResponse<String> res = tc.admin("POST", "/api/v1/alerts/targets", json(body));
        assertEquals(400, res.statusCode(), res.body());
        assertTrue(res.body().contains("\"detail\":\"" + field + ":"), res.body());
    }

    /** A laptop whose last OS update is 40 days old, enrolled and reporting now; its device id. */
    private static String unpatchedLaptop() throws Exception {
        EnrollResponse d = tc.enroll(UUID.randomUUID().toString());
        Report r = SampleReports.full(d.deviceId(), 4242, 10, clock.instant());
        SecuritySection sec = new SecuritySection(Tri.YES, Tri.YES, List.of(), Tri.NO, Map.of(),
                new OsUpdates("12", OsUpdates.SUPPORTED, LocalDate.parse("2028-06-10"), "test", clock.instant()
                        .minus(Duration.ofDays(40)), 3, "apt"));
        r = new Report(r.schema(), r.reportId(), r.deviceId(), r.agentVersion(), r.collectedAt(), r.kind(),
                r.sections().withSecurity(sec), null);
        assertEquals(202, tc.postReport(d, ReportCodec.toGzipJson(r), true).statusCode());
        return d.deviceId().toString();
    }

    /** A laptop lent an hour before its due time, then three hours pass; the loan id. */
    private static String overdueLoan(String name, String email) throws Exception {
        String tag = "T-" + UUID.randomUUID().toString().substring(0, 8);
        ok(201, tc.admin("POST", "/api/v1/assets", json(Map.of("tag", tag, "type", "laptop", "make", "Dell",
                "model", "Latitude"))));
        Map<String, Object> p = new java.util.HashMap<>(Map.of("staffId", "S" + tag, "name", name));
        if (email != null) {
            p.put("email", email);
        }
        String person = ok(201, tc.admin("POST", "/api/v1/people", json(p))).get("id").asText();
        String loan = ok(201, tc.admin("POST", "/api/v1/loans", json(Map.of("assetTag", tag, "personId", person,
                "dueAt", clock.instant().plus(Duration.ofHours(1)).toString(), "conditionOut", "good")))).get("id").asText();
        clock.advance(Duration.ofHours(3));
        return loan;
    }

    private static void run(String job) {
        assertTrue(tc.collector().jobs().runIfDue(job).isPresent(), job + " ran");
    }

    private static List<JsonNode> deliveries(JsonNode target) throws Exception {
        List<JsonNode> out = new java.util.ArrayList<>();
        ok(200, tc.adminGet("/api/v1/alerts/deliveries?target=" + target.get("id").asText())).get("items")
                .forEach(out::add);
        return out;
    }

    /** The one delivery of {@code target} about loan {@code loan}. */
    private static JsonNode delivery(JsonNode target, String loan) throws Exception {
        List<JsonNode> ds = deliveries(target).stream()
                .filter(n -> n.get("key").asText().equals("loan-overdue:" + loan)).toList();
        assertEquals(1, ds.size(), ds.toString());
        return ds.get(0);
    }

    static String json(Object o) throws Exception {
        return WireJson.mapper().writeValueAsString(o);
    }

    static JsonNode ok(int status, HttpResponse<String> res) throws Exception {
        assertEquals(status, res.statusCode(), res.body());
        return WireJson.mapper().readTree(res.body());
    }
}
