package io.rollcall.collector.bookings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rollcall.collector.CollectorConfig;
import io.rollcall.collector.jobs.JobSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reservation and acknowledgement-link settings read from a collector's --config file. */
class BookingSettingsTest {
    @TempDir
    Path dir;

    @Test
    void theConfigFileSetsLinkLifetimeChaseIntervalRemindersAndJobPeriods() throws Exception {
        Path f = Files.writeString(dir.resolve("collector.properties"), "loans.ack.link.days=3\nloans.ack.chase.hours=24\n"
                + "bookings.reminder.pickup.hours=2\njobs.ack-chase.seconds=600\njobs.booking-reminders.seconds=60\n");
        CollectorConfig cfg = CollectorConfig.defaults().withFile(f);
        assertEquals(new BookingSettings(2, 24, 3, 24), cfg.bookings());
        assertEquals(Duration.ofDays(3), cfg.bookings().ackLinkLifetime());
        assertEquals(Duration.ofSeconds(600), cfg.jobs().period(JobSettings.ACK_CHASE, Duration.ZERO));
        assertEquals(Duration.ofSeconds(60), cfg.jobs().period(JobSettings.BOOKING_REMINDERS, Duration.ZERO));
        assertEquals(BookingSettings.defaults(), CollectorConfig.defaults().bookings());
    }

    @Test
    void aBadValueIsRefusedNamingTheKey() throws Exception {
        Path zero = Files.writeString(dir.resolve("zero.properties"), "loans.ack.link.days=0\n");
        assertEquals("loans.ack.link.days was 0, must be at least 1",
                assertThrows(IllegalArgumentException.class, () -> CollectorConfig.defaults().withFile(zero)).getMessage());
        Path word = Files.writeString(dir.resolve("word.properties"), "loans.ack.chase.hours=daily\n");
        assertEquals("loans.ack.chase.hours was 'daily', must be a whole number",
                assertThrows(IllegalArgumentException.class, () -> CollectorConfig.defaults().withFile(word)).getMessage());
    }
}
