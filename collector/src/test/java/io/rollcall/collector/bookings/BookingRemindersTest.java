package io.rollcall.collector.bookings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.rollcall.collector.acklinks.Mailbox;
import io.rollcall.collector.loans.LoanSettings;
import io.rollcall.collector.support.MutableClock;
import io.rollcall.collector.support.TestCollector;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pick-up and return reminders: each sent once, at its lead time, through a real SMTP server (GreenMail). */
class BookingRemindersTest {
    @TempDir
    static Path dir;
    static GreenMail smtp;
    static TestCollector rc;
    static final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T08:00:00Z"));

    @BeforeAll
    static void start() throws Exception {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        LoanSettings loans = LoanSettings.defaults().withSchoolName("Hillside Academy").withMail(new LoanSettings.Mail(
                "127.0.0.1", smtp.getSmtp().getPort(), null, null, "office@hillside.example", false));
        rc = new TestCollector(dir).start(0, c -> c.withLoans(loans).withBookings(new BookingSettings(24, 12, 7, 72)),
                clock);
    }

    @AfterAll
    static void stop() {
        rc.close();
        smtp.stop();
    }

    @Test
    void eachBookingGetsOnePickUpAndOneReturnReminder() throws Exception {
        Kit kit = new Kit(rc);
        BookingReminders reminders = rc.collector().bookings().reminders();
        String to = "lena.moss@hillside.example";
        String[] p = kit.person("Lena Moss", to);
        String tag = kit.asset("camera");
        Instant start = clock.instant().plus(Duration.ofHours(30));
        String booking = kit.ok(201, kit.bookTags(List.of(tag), p[0], start, start.plus(Duration.ofDays(2))))
                .get("id").asText();

        assertEquals("0 pick-up and 0 return reminders sent", reminders.sweep(), "30 h before: not yet");
        clock.advance(Duration.ofHours(7));
        assertEquals("1 pick-up and 0 return reminders sent", reminders.sweep());
        assertEquals("0 pick-up and 0 return reminders sent", reminders.sweep(), "sent once");
        List<String> mail = Mailbox.bodies(smtp, to, 1);
        assertTrue(mail.get(0).contains("collect your booking") && mail.get(0).contains(tag), mail.get(0));

        clock.advance(Duration.ofHours(24));
        kit.ok(200, rc.admin("POST", "/api/v1/bookings/" + booking + "/collect", "{}"));
        assertEquals(2, Mailbox.bodies(smtp, to, 2).size(), "the acknowledgement link at pick-up");
        assertEquals("0 pick-up and 0 return reminders sent", reminders.sweep(), "due back in 48 h; reminded 12 h before");
        clock.advance(Duration.ofHours(37));
        assertEquals("0 pick-up and 1 return reminders sent", reminders.sweep());
        assertEquals("0 pick-up and 0 return reminders sent", reminders.sweep(), "sent once");
        mail = Mailbox.bodies(smtp, to, 3);
        assertTrue(mail.get(2).contains("return your booking") && mail.get(2).contains("due back by"), mail.get(2));
    }
}
