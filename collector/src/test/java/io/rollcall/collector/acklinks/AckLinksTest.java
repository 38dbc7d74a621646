package io.rollcall.collector.acklinks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.rollcall.collector.bookings.Kit;
import io.rollcall.collector.loans.LoanSettings;
import io.rollcall.collector.support.ConsoleSession;
import io.rollcall.collector.support.MutableClock;
import io.rollcall.collector.support.TestCollector;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The borrower's e-mailed acknowledgement link, end to end: a real collector, a real SMTP server (GreenMail), the
 * public page fetched and posted like a browser would, the chase job run directly with a moved clock.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class AckLinksTest {
    @TempDir
    static Path dir;
    static GreenMail smtp;
    static TestCollector rc;
    static Kit kit;
    static final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T08:00:00Z"));
    static final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeAll
    static void start() throws Exception {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        LoanSettings loans = LoanSettings.defaults().withSchoolName("Hillside Academy").withMail(new LoanSettings.Mail(
                "127.0.0.1", smtp.getSmtp().getPort(), null, null, "office@hillside.example", false));
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
        rc = new TestCollector(dir).start(0, c -> c.withLoans(loans), clock);
        kit = new Kit(rc);
    }

    @AfterAll
    static void stop() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        rc.close();
        smtp.stop();
    }

    static String email() {
        return "b" + UUID.randomUUID().toString().substring(0, 8) + "@hillside.example";
    }

    /** GET the link's page: the response, and the CSRF cookie it set. */
    static HttpResponse<String> open(String path) throws Exception {
        return rc.send(rc.request(path).GET());
    }

    static HttpResponse<String> accept(String path, HttpResponse<String> page, String typed) throws Exception {
        String cookie = page.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("rc_ack="))
                .findFirst().orElseThrow().split(";")[0];
        return rc.send(rc.request(path).header("Cookie", cookie).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + ConsoleSession.csrf(page.body()) + "&typedName="
                        + java.net.URLEncoder.encode(typed, java.nio.charset.StandardCharsets.UTF_8))));
    }

    @Test
    void lendingMailsALinkAndTheBorrowerAcknowledgesOnceOnTheirOwnDevice() throws Exception {
        String to = email();
        String[] p = kit.person("Hana Ito", to);
        String tag = kit.asset("laptop");
        String loan = kit.ok(201, kit.lend(tag, p[0], clock.instant().plus(Duration.ofDays(30)))).get("id").asText();
        List<String> mail = Mailbox.bodies(smtp, to, 1);
        assertEquals(1, mail.size());
        assertTrue(mail.get(0).contains(tag) && mail.get(0).contains("Hillside Academy"), mail.get(0));
        String path = Mailbox.link(mail.get(0));
        String token = path.substring("/ack/".length());
        assertTrue(contains(kit.ok(200, rc.adminGet("/api/v1/loans/unacknowledged")).get("items"), loan));

        HttpResponse<String> page = open(path);
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains(tag) && page.body().contains("remains the property of the school"), page.body());
        assertEquals("no-referrer", page.headers().firstValue("Referrer-Policy").orElse(""));
        HttpResponse<String> forged = rc.send(rc.request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=x&typedName=Mallory")));
        assertEquals(403, forged.statusCode(), "no CSRF cookie, no acknowledgement");

        HttpResponse<String> done = accept(path, page, "Hana Ito");
        assertEquals(200, done.statusCode(), done.body());
        assertTrue(done.body().contains("Thank you, Hana Ito"), done.body());
        JsonNode ack = kit.ok(200, rc.adminGet("/api/v1/loans/" + loan)).get("acknowledgement");
        assertEquals("Hana Ito", ack.get("typedName").asText());
        assertTrue(ack.get("termsIntact").asBoolean(), "recorded over the same hash as at the desk");
        assertEquals(Instant.parse("2026-03-02T08:00:00Z"), Instant.parse(ack.get("at").asText()));

        HttpResponse<String> again = open(path);
        assertEquals(410, again.statusCode());
        assertTrue(again.body().contains("already been used"), again.body());
        assertFalse(contains(kit.ok(200, rc.adminGet("/api/v1/loans/unacknowledged")).get("items"), loan));

        rc.collector().people().audit().flush().get();
        String audit = rc.adminGet("/api/v1/audit?limit=1000").body();
        assertTrue(audit.contains("/ack/…"), "the acknowledgement is audited");
        assertFalse(audit.contains(token), "the audit log never holds the token");
        for (ILoggingEvent e : logs.list) {
            assertFalse(e.getFormattedMessage().contains(token), "logged: " + e.getFormattedMessage());
        }
    }

    @Test
    void aPickedUpSetIsAcknowledgedOnceForAllItsLoans() throws Exception {
        String to = email();
        String[] p = kit.person("Ivan Berg", to);
        UUID set = kit.set("Cameras " + UUID.randomUUID(), 3);
        String booking = kit.ok(201, kit.bookSet(set, p[0], clock.instant(), clock.instant().plus(Duration.ofDays(2))))
                .get("id").asText();
        String batch = kit.ok(200, rc.admin("POST", "/api/v1/bookings/" + booking + "/collect", "{}")).get("batchId").asText();
        List<String> mail = Mailbox.bodies(smtp, to, 1);
        assertEquals(1, mail.size(), "one mail for the batch");
        String path = Mailbox.link(mail.get(0));
        HttpResponse<String> page = open(path);
        for (String tag : kit.members(set)) {
            assertTrue(page.body().contains(tag), tag);
        }
        assertEquals(200, accept(path, page, "Ivan Berg").statusCode());
        assertEquals(3, kit.count("SELECT COUNT(*) FROM loans WHERE batch_id = ? AND ack_name = 'Ivan Berg'"
                + " AND ack_hash IS NOT NULL", UUID.fromString(batch)));
    }

    @Test
    void aResentLinkReplacesTheOldOneAndUnusableLinksSayWhy() throws Exception {
        String to = email();
        String[] p = kit.person("Jo Kent", to);
        String loan = kit.ok(201, kit.lend(kit.asset("phone"), p[0], clock.instant().plus(Duration.ofDays(30))))
                .get("id").asText();
        String first = Mailbox.link(Mailbox.bodies(smtp, to, 1).get(0));
        JsonNode sent = kit.ok(200, rc.admin("POST", "/api/v1/loans/" + loan + "/ack-link", null));
        assertEquals(to, sent.get("sentTo").asText());
        List<String> mail = Mailbox.bodies(smtp, to, 2);
        String second = Mailbox.link(mail.get(1));

        HttpResponse<String> old = open(first);
        assertEquals(410, old.statusCode());
        assertTrue(old.body().contains("replaced by a newer one"), old.body());
        assertEquals(200, open(second).statusCode());
        // the first send finishing late (its revocation after the re-send's) must not revoke the newer link
        rc.collector().database().read(c -> AckLinkStore.revokeOthers(c, new AckLinkStore.Target(UUID.fromString(loan), null),
                AckLinkStore.byHash(c, io.rollcall.collector.auth.Secrets.sha256Hex(first.substring(5)), false).id(),
                clock.instant()));
        assertEquals(200, open(second).statusCode());
        assertEquals(404, open("/ack/" + "A".repeat(43)).statusCode());
        HttpResponse<String> junk = open("/ack/%3Cscript%3E");
        assertEquals(404, junk.statusCode());
        assertFalse(junk.body().contains("<script>") || junk.body().contains("Exception"), junk.body());

        clock.advance(Duration.ofDays(8));
        try {
            HttpResponse<String> expired = open(second);
            assertEquals(410, expired.statusCode());
            assertTrue(expired.body().contains("expired"), expired.body());
        } finally {
            clock.advance(Duration.ofDays(-8));
        }
    }

    @Test
    void unacknowledgedLoansAreChasedAtMostOncePerInterval() throws Exception {
        AckLinks links = rc.collector().bookings().ackLinks();
        String to = email();
        String[] p = kit.person("Kim Ode", to);
        kit.ok(201, kit.lend(kit.asset("tablet"), p[0], clock.instant().plus(Duration.ofDays(30))));
        assertEquals(1, Mailbox.bodies(smtp, to, 1).size());
        assertTrue(rc.collector().jobs().describe().stream().anyMatch(j -> j.get("job").equals("ack-chase")));

        links.chase();
        assertEquals(1, Mailbox.bodies(smtp, to, 1).size(), "not chased before loans.ack.chase.hours (72)");
        clock.advance(Duration.ofHours(73));
        try {
            ExecutorService two = Executors.newFixedThreadPool(2);
            try {
                List<Future<String>> runs = List.of(two.submit(links::chase), two.submit(links::chase));
                for (Future<String> f : runs) {
                    f.get();
                }
            } finally {
                two.shutdownNow();
            }
            links.chase();
            List<String> mail = Mailbox.bodies(smtp, to, 2);
            assertEquals(2, mail.size(), "chased once, even by two runs at once");
            assertTrue(mail.get(1).contains("not yet had your acknowledgement"), mail.get(1));
        } finally {
            clock.advance(Duration.ofHours(-73));
        }
    }

    /** Last: from here on this address is held back for the rest of the window. */
    @Test
    @org.junit.jupiter.api.Order(Integer.MAX_VALUE)
    void anAddressTryingUnknownLinksIsHeldBack() throws Exception {
        int status = 0;
        for (int i = 0; i <= 30 && status != 429; i++) {
            status = open("/ack/" + TestCollector.randomToken("").substring(0, 43)).statusCode();
        }
        assertEquals(429, status);
    }

    private static boolean contains(JsonNode items, String loanId) {
        for (JsonNode n : items) {
            if (n.get("loanId").asText().equals(loanId)) {
                return true;
            }
        }
        return false;
    }
}
