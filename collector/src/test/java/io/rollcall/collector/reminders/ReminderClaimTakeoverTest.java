package io.rollcall.collector.reminders;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.rollcall.collector.cluster.ClusterFactory;
import io.rollcall.collector.loans.LoanSettings;
import io.rollcall.collector.support.MutableClock;
import io.rollcall.collector.support.TestCollector;
import io.rollcall.common.wire.WireJson;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reminder claimed by a node that then died (killed between its claim and its mail) is still sent this period by
 * another node; a claim of a live member is respected. One real collector, a real SMTP server (GreenMail).
 */
class ReminderClaimTakeoverTest {
    @TempDir
    static Path dir;
    static GreenMail smtp;
    static TestCollector rc;
    static final MutableClock clock = new MutableClock(Instant.parse("2025-06-02T07:00:00Z"));

    @BeforeAll
    static void start() throws Exception {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        LoanSettings loans = LoanSettings.defaults().withSchoolName("Hillside Academy").withMail(new LoanSettings.Mail(
                "127.0.0.1", smtp.getSmtp().getPort(), null, null, "office@hillside.example", false));
        rc = new TestCollector(dir).start(0, c -> c.withLoans(loans.withReminderCheckSeconds(3600)), clock);
    }

    @AfterAll
    static void stop() {
        if (rc != null) {
            rc.close();
        }
        smtp.stop();
    }

    @Test
    void claimOfANodeThatLeftIsTakenOverAndALiveMembersClaimIsRespected() throws Exception {
        String gone = lend("gone@hillside.example");
        String held = lend("held@hillside.example");
        clock.advance(Duration.ofHours(3));
        long period = clock.millis() / TimeUnit.HOURS.toMillis(24);
        var claims = ClusterFactory.loanReminderClaims(rc.collector().hazelcast());
        claims.put(gone + "/" + period, UUID.randomUUID().toString()); // a member id no longer in the cluster
        claims.put(held + "/" + period, rc.collector().jobs().node()); // a live member is sending it

        assertEquals(1, rc.collector().reminders().sweep());
        // the acknowledgement links every lend mails (issue 16) are not reminders
        java.util.List<jakarta.mail.internet.MimeMessage> reminders = new java.util.ArrayList<>();
        for (jakarta.mail.internet.MimeMessage m : smtp.getReceivedMessages()) {
            if (!m.getSubject().startsWith("Please acknowledge")) {
                reminders.add(m);
            }
        }
        assertEquals(1, reminders.size());
        assertEquals("gone@hillside.example", reminders.get(0).getAllRecipients()[0].toString());
    }

    private static String lend(String email) throws Exception {
        var person = rc.admin("POST", "/api/v1/people", "{\"staffId\":\"R" + UUID.randomUUID().toString().substring(0, 8)
                + "\",\"name\":\"Late Borrower\",\"email\":\"" + email + "\"}");
        assertEquals(201, person.statusCode(), person.body());
        String personId = WireJson.mapper().readTree(person.body()).get("id").asText();
        String tag = "R-" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(201, rc.admin("POST", "/api/v1/assets", "{\"tag\":\"" + tag + "\",\"type\":\"camera\"}").statusCode());
        var loan = rc.admin("POST", "/api/v1/loans", "{\"assetTag\":\"" + tag + "\",\"personId\":\"" + personId
                + "\",\"dueAt\":\"" + clock.instant().plus(Duration.ofHours(1)) + "\"}");
        assertEquals(201, loan.statusCode(), loan.body());
        return WireJson.mapper().readTree(loan.body()).get("id").asText();
    }
}
