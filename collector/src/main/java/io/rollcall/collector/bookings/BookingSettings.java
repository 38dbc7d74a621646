package io.rollcall.collector.bookings;

import java.time.Duration;
import java.util.List;
import io.rollcall.collector.CollectorConfig;
import java.util.Properties;

/**
 * How reservations remind and how acknowledgement links behave, from the collector's properties file.
 *
 * @param pickupReminderHours a booking's person is e-mailed once this many hours before its start
 *                            ({@code bookings.reminder.pickup.hours}, default 24)
 * @param returnReminderHours the borrower of a collected booking is e-mailed once this many hours before its end
 *                            ({@code bookings.reminder.return.hours}, default 24)
 * @param ackLinkDays         an e-mailed acknowledgement link works for this many days ({@code loans.ack.link.days},
 *                            default 7)
 * @param ackChaseHours       an unacknowledged loan is chased with a fresh link at most once per this many hours
 *                            ({@code loans.ack.chase.hours}, default 72)
 */
public record BookingSettings(int pickupReminderHours, int returnReminderHours, int ackLinkDays, int ackChaseHours) {
    public static final List<String> KEYS = List.of("bookings.reminder.pickup.hours", "bookings.reminder.return.hours",
            "loans.ack.link.days", "loans.ack.chase.hours");

    public BookingSettings {
        CollectorConfig.positive("bookings.reminder.pickup.hours", pickupReminderHours);
        CollectorConfig.positive("bookings.reminder.return.hours", returnReminderHours);
        CollectorConfig.positive("loans.ack.link.days", ackLinkDays);
        CollectorConfig.positive("loans.ack.chase.hours", ackChaseHours);
    }

    public static BookingSettings defaults() {
        return new BookingSettings(24, 24, 7, 72);
    }

    public Duration ackLinkLifetime() {
        return Duration.ofDays(ackLinkDays);
    }

    public Duration ackChaseEvery() {
        return Duration.ofHours(ackChaseHours);
    }

    /** These settings with any of {@link #KEYS} present in {@code p} applied over them. */
    public BookingSettings with(Properties p) {
        return new BookingSettings(CollectorConfig.intProp(p, KEYS.get(0), pickupReminderHours),
                CollectorConfig.intProp(p, KEYS.get(1), returnReminderHours), CollectorConfig.intProp(p, KEYS.get(2), ackLinkDays),
                CollectorConfig.intProp(p, KEYS.get(3), ackChaseHours));
    }
}
