package io.rollcall.collector.reminders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.rollcall.collector.loans.LoanSettings;
import io.rollcall.collector.support.MutableClock;
import io.rollcall.collector.support.TestCollector;
import io.rollcall.collector.support.TwoNodes;
import io.rollcall.common.wire.WireJson;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two collectors in one Hazelcast cluster over one database, a real SMTP server (GreenMail): both
 * sweep at the same moment, and each overdue borrower gets exactly one e-mail per period.
 */
class OverdueRemindersTest {
    @TempDir
    static Path a;
    @TempDir
    static Path b;
    static GreenMail smtp;
    static TwoNodes nodes;
    static TestCollector one;
    static TestCollector two;
    static final MutableClock clock = new MutableClock(Instant.parse("2025-06-02T07:00:00Z"));

    @BeforeAll
    static void start() throws Exception {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        LoanSettings loans = LoanSettings.defaults().withSchoolName("Hillside Academy").withMail(new LoanSettings.Mail(
                "127.0.0.1", smtp.getSmtp().getPort(), null, null, "office@hillside.example", false));
        nodes = TwoNodes.start(a, b, "rc-reminders-", clock, c -> c.withLoans(loans.withReminderCheckSeconds(3600)));
        one = nodes.one();
        two = nodes.two();
    }

    @AfterAll
    static void stop() {
        if (nodes != null) {
            nodes.close();
        }
        smtp.stop();
    }

    @Test
    void eachOverdueLoanGetsOneMailPerPeriodFromATwoNodeCluster() throws Exception {
        assertEquals(2, one.collector().hazelcast().getCluster().getMembers().size());
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String email = "late" + i + "@hillside.example";
            emails.add(email);
            lend(person("Late Borrower " + i, email), clock.instant().plus(Duration.ofHours(1)));
        }
        lend(person("No Address", null), clock.instant().plus(Duration.ofHours(1)));
        lend(person("Not Late", "fine@hillside.example"), clock.instant().plus(Duration.ofDays(10)));
        clock.advance(Duration.ofHours(3));

        assertEquals(3, sweepBothAtOnce());
        MimeMessage[] got = overdueMail();
        assertEquals(3, got.length);
        List<String> to = new ArrayList<>();
        for (MimeMessage m : got) {
            to.add(m.getAllRecipients()[0].toString());
            assertTrue(m.getSubject().contains("Hillside Academy"), m.getSubject());
        }
        to.sort(null);
        assertEquals(emails, to);

        assertEquals(0, sweepBothAtOnce());
        assertEquals(3, overdueMail().length);

        clock.advance(Duration.ofHours(24));
        assertEquals(3, sweepBothAtOnce());
        assertEquals(6, overdueMail().length);
    }

    /** The mail received but the acknowledgement links every lend sends (issue 16). */
    private static MimeMessage[] overdueMail() throws Exception {
        List<MimeMessage> out = new ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            if (!m.getSubject().startsWith("Please acknowledge")) {
                out.add(m);
            }
        }
        return out.toArray(new MimeMessage[0]);
    }

    private static int sweepBothAtOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> runs = new ArrayList<>();
            for (TestCollector node : List.of(one, two)) {
                runs.add(pool.submit(() -> {
                    go.await();
                    return node.collector().reminders().sweep();
                }));
            }
            go.countDown();
            int sent = 0;
            for (Future<Integer> f : runs) {
                sent += f.get();
            }
            return sent;
        } finally {
            pool.shutdownNow();
        }
    }

    private static String person(String name, String email) throws Exception {
        String staffId = "R" + UUID.randomUUID().toString().substring(0, 8);
        var res = one.admin("POST", "/api/v1/people", "{\"staffId\":\"" + staffId + "\",\"name\":\"" + name
                + "\",\"email\":" + (email == null ? "null" : "\"" + email + "\"") + "}");
        assertEquals(201, res.statusCode(), res.body());
        return WireJson.mapper().readTree(res.body()).get("id").asText();
    }

    private static void lend(String personId, Instant due) throws Exception {
        String tag = "R-" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(201, one.admin("POST", "/api/v1/assets", "{\"tag\":\"" + tag + "\",\"type\":\"camera\"}").statusCode());
        // lent through the other node: both serve the same register
        var res = two.admin("POST", "/api/v1/loans", "{\"assetTag\":\"" + tag + "\",\"personId\":\"" + personId
                + "\",\"dueAt\":\"" + due + "\"}");
        assertEquals(201, res.statusCode(), res.body());
    }


}
