package io.rollcall.collector.bookings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.rollcall.collector.acklinks.Mailbox;
import io.rollcall.collector.loans.LoanSettings;
import io.rollcall.collector.support.MutableClock;
import io.rollcall.collector.support.TestCollector;
import io.rollcall.collector.support.TwoNodes;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pick-up and return reminders from a two-node cluster over one database, through a real SMTP server (GreenMail):
 * both nodes sweep at the same moment, and each reminder is sent once, at its lead time.
 */
class BookingRemindersTest {
    private static final Pattern COUNTS = Pattern.compile("(\\d+) pick-up and (\\d+) return reminders sent");
    @TempDir
    static Path a;
    @TempDir
    static Path b;
    static GreenMail smtp;
    static TwoNodes nodes;
    static TestCollector rc;
    static final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T08:00:00Z"));

    @BeforeAll
    static void start() throws Exception {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        LoanSettings loans = LoanSettings.defaults().withSchoolName("Hillside Academy").withMail(new LoanSettings.Mail(
                "127.0.0.1", smtp.getSmtp().getPort(), null, null, "office@hillside.example", false));
        nodes = TwoNodes.start(a, b, "rc-bookings-", clock,
                c -> c.withLoans(loans).withBookings(new BookingSettings(24, 12, 7, 72)));
        rc = nodes.one();
    }

    @AfterAll
    static void stop() {
        if (nodes != null) {
            nodes.close();
        }
        smtp.stop();
    }

    /** Both nodes sweep at once; the pick-up and return reminders they sent between them. */
    private static List<Integer> sweepBoth() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> runs = new ArrayList<>();
            for (TestCollector node : List.of(nodes.one(), nodes.two())) {
                BookingReminders r = node.collector().bookings().reminders();
                runs.add(pool.submit(() -> {
                    go.await();
                    return r.sweep();
                }));
            }
            go.countDown();
            int pickups = 0;
            int returns = 0;
            for (Future<String> f : runs) {
                Matcher m = COUNTS.matcher(f.get());
                assertTrue(m.matches(), f.get());
                pickups += Integer.parseInt(m.group(1));
                returns += Integer.parseInt(m.group(2));
            }
            return List.of(pickups, returns);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void eachBookingGetsOnePickUpAndOneReturnReminderFromATwoNodeCluster() throws Exception {
        assertEquals(2, rc.collector().hazelcast().getCluster().getMembers().size());
        Kit kit = new Kit(rc);
        String to = "lena.moss@hillside.example";
        String[] p = kit.person("Lena Moss", to);
        String tag = kit.asset("camera");
        Instant start = clock.instant().plus(Duration.ofHours(30));
        String booking = kit.ok(201, kit.bookTags(List.of(tag), p[0], start, start.plus(Duration.ofDays(2))))
                .get("id").asText();

        assertEquals(List.of(0, 0), sweepBoth(), "30 h before: not yet");
        clock.advance(Duration.ofHours(7));
        assertEquals(List.of(1, 0), sweepBoth());
        assertEquals(List.of(0, 0), sweepBoth(), "sent once");
        List<String> mail = Mailbox.bodies(smtp, to, 1);
        assertTrue(mail.get(0).contains("collect your booking") && mail.get(0).contains(tag), mail.get(0));

        clock.advance(Duration.ofHours(24));
        kit.ok(200, nodes.two().admin("POST", "/api/v1/bookings/" + booking + "/collect", "{}"));
        assertEquals(2, Mailbox.bodies(smtp, to, 2).size(), "the acknowledgement link at pick-up");
        assertEquals(List.of(0, 0), sweepBoth(), "due back in 48 h; reminded 12 h before");
        clock.advance(Duration.ofHours(37));
        assertEquals(List.of(0, 1), sweepBoth());
        assertEquals(List.of(0, 0), sweepBoth(), "sent once");
        mail = Mailbox.bodies(smtp, to, 3);
        assertEquals(3, mail.size());
        assertTrue(mail.get(2).contains("return your booking") && mail.get(2).contains("due back by"), mail.get(2));
    }
}
