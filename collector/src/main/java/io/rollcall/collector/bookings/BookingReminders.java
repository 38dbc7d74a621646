package io.rollcall.collector.bookings;

import io.rollcall.collector.db.Database;
import io.rollcall.collector.reminders.Mailer;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * E-mails a booking's person once before pick-up ({@code bookings.reminder.pickup.hours} before the start) and once
 * before return ({@code bookings.reminder.return.hours} before the end, while its loans are open). Run as the cluster
 * job {@code booking-reminders}; each reminder is claimed by a conditional update of its booking row before it is sent,
 * so two nodes running at once still send it once, and a failed send gives the claim back for the next run. Blocking.
 */
public final class BookingReminders {
    private static final Logger LOG = LoggerFactory.getLogger(BookingReminders.class);

    private final Database db;
    private final Mailer mailer;
    private final Clock clock;
    private final BookingSettings settings;
    private final String schoolName;

    public BookingReminders(Database db, Mailer mailer, Clock clock, BookingSettings settings, String schoolName) {
        this.db = db;
        this.mailer = mailer;
        this.clock = clock;
        this.settings = settings;
        this.schoolName = schoolName;
    }

    /** Sends the reminders due now; returns a line saying how many of each this node sent. */
    public String sweep() throws SQLException {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<Booking> pickups = db.read(c -> BookingStore.pickupDue(c, now,
                now.plus(Duration.ofHours(settings.pickupReminderHours()))));
        List<Booking> returns = db.read(c -> BookingStore.returnDue(c, now,
                now.plus(Duration.ofHours(settings.returnReminderHours()))));
        int p = 0;
        for (Booking b : pickups) {
            p += send(b, "pickup", now, "Reminder: collect your booking from " + schoolName,
                    "your booking of " + what(b) + " starts on " + BookingService.when(b.startsAt())
                            + ". Please collect it from the office then; it is due back by " + BookingService.when(b.endsAt()) + ".");
        }
        int r = 0;
        for (Booking b : returns) {
            r += send(b, "return", now, "Reminder: return your booking to " + schoolName,
                    "the " + what(b) + " you collected is due back by " + BookingService.when(b.endsAt())
                            + ". Please return it to the office on time.");
        }
        return p + " pick-up and " + r + " return reminders sent";
    }

    private static String what(Booking b) {
        return b.setName() != null ? "set '" + b.setName() + "' (" + b.assetTags().size() + " items)"
                : b.assetTags().size() == 1 ? "asset " + b.assetTags().get(0) : b.assetTags().size() + " assets ("
                + String.join(", ", b.assetTags()) + ")";
    }

    private int send(Booking b, String which, Instant now, String subject, String text) throws SQLException {
        if (b.personEmail() == null) {
            return 0;
        }
        if (!db.read(c -> BookingStore.claimReminder(c, b.id(), which, now))) {
            return 0;
        }
        try {
            mailer.send(b.personEmail(), subject, "Dear " + b.personName() + ",\n\n" + capital(text) + "\n\nBooking reference: "
                    + b.id() + "\n" + schoolName + "\n");
            return 1;
        } catch (Exception e) {
            db.read(c -> {
                BookingStore.unclaimReminder(c, b.id(), which);
                return null;
            });
            LOG.warn("{} reminder for booking {} could not be sent: {}", which, b.id(), e.toString());
            return 0;
        }
    }

    private static String capital(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
