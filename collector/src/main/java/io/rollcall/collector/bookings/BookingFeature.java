package io.rollcall.collector.bookings;

import com.hazelcast.core.HazelcastInstance;
import io.rollcall.collector.CollectorConfig;
import io.rollcall.collector.acklinks.AckLinkHandlers;
import io.rollcall.collector.acklinks.AckLinks;
import io.rollcall.collector.audit.AuditLog;
import io.rollcall.collector.auth.FailureLimiter;
import io.rollcall.collector.console.AckPages;
import io.rollcall.collector.console.BookingPages;
import io.rollcall.collector.console.ConsoleModule;
import io.rollcall.collector.db.Database;
import io.rollcall.collector.http.ApiModule;
import io.rollcall.collector.http.HttpVerticle;
import io.rollcall.collector.jobs.ClusterJobs;
import io.rollcall.collector.jobs.JobSettings;
import io.rollcall.collector.loans.LoanService;
import io.rollcall.collector.people.PeopleService;
import io.rollcall.collector.reminders.Mailer;
import io.vertx.core.WorkerExecutor;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Issue 16's reservations and acknowledgement links, built once per collector: the services, their API and console
 * modules, the public acknowledgement page and the two cluster jobs. Lending (at the desk or by picking up a booking)
 * e-mails the borrower a link. Without an SMTP host nothing is mailed and the jobs are not registered.
 */
public final class BookingFeature {
    /** How often a node looks for booking reminders and acknowledgements to chase, unless {@code jobs.<name>.seconds}. */
    static final Duration REMINDERS_EVERY = Duration.ofMinutes(5);
    static final Duration CHASE_EVERY = Duration.ofMinutes(30);

    private final Database db;
    private final HazelcastInstance hz;
    private final Clock clock;
    private final CollectorConfig cfg;
    private final WorkerExecutor blocking;
    private final Mailer mailer;
    private final AtomicReference<String> url = new AtomicReference<>("");
    private final BookingService bookings;
    private final BookingCalendar calendar;
    private final AckLinks links;

    public BookingFeature(Database db, HazelcastInstance hz, Clock clock, CollectorConfig cfg, WorkerExecutor blocking,
                          LoanService loans) {
        this.db = db;
        this.hz = hz;
        this.clock = clock;
        this.cfg = cfg;
        this.blocking = blocking;
        this.mailer = cfg.loans().mail().enabled() ? new Mailer(cfg.loans().mail()) : null;
        this.bookings = new BookingService(db, clock);
        this.calendar = new BookingCalendar(db, clock);
        this.links = new AckLinks(db, clock, cfg.bookings(), mailer, url::get, cfg.loans().schoolName());
        // the mail goes out after the answer, on the worker pool: a slow SMTP server never holds up the desk
        loans.onLent((loanId, actor) -> later(() -> links.lent(loanId, null, actor)));
        loans.guardLending(BookingService::refuseBooked);
        bookings.onCollected((loanId, batchId, actor) -> later(() -> links.lent(loanId, batchId, actor)));
    }

    /** A batch lent at the desk or as a set: its borrower gets one acknowledgement link for the whole batch. */
    public void batchLent(java.util.UUID batchId, String actor) {
        later(() -> links.lent(null, batchId, actor));
    }

    private void later(Runnable r) {
        blocking.executeBlocking(() -> {
            r.run();
            return null;
        }, false);
    }

    /** The collector's public URL, known once it listens: the acknowledgement links start with it. */
    public void publicUrl(String u) {
        url.set(u);
    }

    /** {@code /api/v1/loans/unacknowledged} and {@code …/ack-link}: mount before the loan routes. */
    public ApiModule ackApi() {
        return new AckLinkHandlers(blocking, links);
    }

    public ApiModule api() {
        return new BookingHandlers(blocking, bookings, calendar);
    }

    public ConsoleModule pages(PeopleService people) {
        return new BookingPages(bookings, calendar, links, people);
    }

    public HttpVerticle.PublicModule ackPages(AuditLog audit) {
        return new AckPages(blocking, links, FailureLimiter.of(hz, clock), audit, cfg.loans().schoolName());
    }

    /** Registers the reminder and chase jobs (once per period, cluster-wide); none without mail. */
    public void registerJobs(ClusterJobs jobs) {
        if (mailer == null) {
            return;
        }
        BookingReminders reminders = new BookingReminders(db, mailer, clock, cfg.bookings(), cfg.loans().schoolName());
        JobSettings s = cfg.jobs();
        Duration every = s.period(JobSettings.BOOKING_REMINDERS, REMINDERS_EVERY);
        jobs.register(JobSettings.BOOKING_REMINDERS, every, every, reminders::sweep);
        Duration chase = s.period(JobSettings.ACK_CHASE, CHASE_EVERY);
        jobs.register(JobSettings.ACK_CHASE, chase, chase, links::chase);
    }

    public BookingService bookings() {
        return bookings;
    }

    public AckLinks ackLinks() {
        return links;
    }

    public BookingReminders reminders() {
        return mailer == null ? null : new BookingReminders(db, mailer, clock, cfg.bookings(), cfg.loans().schoolName());
    }
}
