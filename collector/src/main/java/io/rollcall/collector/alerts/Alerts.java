package io.rollcall.collector.alerts;

import io.rollcall.collector.console.AlertPages;
import io.rollcall.collector.console.ConsoleModule;
import io.rollcall.collector.db.Database;
import io.rollcall.collector.jobs.ClusterJobs;
import io.rollcall.collector.loans.LoanService;
import io.rollcall.collector.reminders.Mailer;
import io.vertx.core.WorkerExecutor;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Issue 17's alerts, built once per node: the API, the console page and the two cluster jobs ({@value #SCAN} every
 * minute, {@value #DELIVER} every 10 seconds), which {@link ClusterJobs} runs on one node at a time, so each
 * delivery is sent by one node.
 */
public final class Alerts {
    public static final String SCAN = io.rollcall.collector.jobs.JobSettings.ALERTS_SCAN;
    public static final String DELIVER = io.rollcall.collector.jobs.JobSettings.ALERTS_DELIVER;
    static final Duration SCAN_EVERY = Duration.ofMinutes(1);
    static final Duration DELIVER_EVERY = Duration.ofSeconds(10);

    private final AlertService service;
    private final AlertAdmin admin;
    private final WorkerExecutor blocking;

    private Alerts(AlertService service, AlertAdmin admin, WorkerExecutor blocking) {
        this.service = service;
        this.admin = admin;
        this.blocking = blocking;
    }

    /**
     * @param mailer  null when no SMTP host is set
     * @param baseUrl the collector's URL, named in each alert
     */
    public static Alerts start(Database db, LoanService loans, Mailer mailer, WorkerExecutor blocking, Clock clock,
                               Supplier<String> baseUrl) {
        AlertService s = new AlertService(new AlertStore(db), new AlertScanner(db, loans), mailer, clock, baseUrl);
        return new Alerts(s, new AlertAdmin(s, clock), blocking);
    }

    public AlertService service() {
        return service;
    }

    public AlertHandlers api() {
        return new AlertHandlers(blocking, admin);
    }

    public ConsoleModule page() {
        return new AlertPages(admin);
    }

    /**
     * Offers this node for the alert jobs, every {@code jobs.alerts-scan.seconds} (60) and
     * {@code jobs.alerts-deliver.seconds} (10); call before {@link ClusterJobs#start}.
     */
    public void register(ClusterJobs jobs, io.rollcall.collector.jobs.JobSettings settings) {
        jobs.register(SCAN, settings.period(SCAN, SCAN_EVERY), () -> service.scan() + " alerts queued");
        jobs.register(DELIVER, settings.period(DELIVER, DELIVER_EVERY), () -> service.deliver() + " alerts delivered");
    }
}
