package io.rollcall.collector.recalls;

import io.rollcall.collector.db.Database;
import io.rollcall.collector.jobs.ClusterJobs;
import io.rollcall.collector.jobs.JobSettings;
import io.rollcall.collector.loans.LoanSettings;
import io.rollcall.collector.reminders.Mailer;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recall e-mails: a reminder to each borrower still holding an item on each configured day before and after the
 * deadline, and at the deadline the list of what is still out to the head, once. Runs as the cluster job
 * {@value #JOB} (one node at a time). Each reminder is claimed by inserting its row (recall, loan, stage) and the
 * head's list by setting {@code head_sent_at}, both before the mail goes, so no two nodes and no restart send one
 * twice; a mail that fails gives its claim back and is tried on the next run. A stage whose day has passed while a
 * later stage is due is skipped: a borrower gets the latest reminder, not a backlog. Blocking.
 */
public final class RecallReminders {
    public static final String JOB = JobSettings.RECALL_REMINDERS;
    private static final Logger LOG = LoggerFactory.getLogger(RecallReminders.class);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE d MMMM uuuu").withZone(ZoneOffset.UTC);

    private final Database db;
    private final Mailer mailer;
    private final Clock clock;
    private final String school;

    public RecallReminders(Database db, Mailer mailer, Clock clock, String school) {
        this.db = db;
        this.mailer = mailer;
        this.clock = clock;
        this.school = school;
    }

    /**
     * Registers the job, every {@code jobs.recall-reminders.seconds}, else the loan reminders' period
     * ({@code loans.reminder.check.seconds}); nothing without an SMTP host, as for the overdue reminders.
     */
    public static RecallReminders register(ClusterJobs jobs, Database db, Clock clock, LoanSettings loans,
                                           JobSettings timing) {
        if (!loans.mail().enabled()) {
            return null;
        }
        RecallReminders r = new RecallReminders(db, new Mailer(loans.mail()), clock, loans.schoolName());
        Duration every = timing.period(JOB, Duration.ofSeconds(loans.reminderCheckSeconds()));
        jobs.register(JOB, every, every, r::sweep);
        return r;
    }

    /** Sends what is due now; returns a line saying what was sent. */
    public String sweep() throws SQLException {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        int reminders = 0;
        int heads = 0;
        for (Recall r : db.read(c -> RecallStore.active(c, now.minus(Duration.ofDays(RecallService.MAX_AFTER_DAYS + 1))))) {
            Integer stage = dueStage(r, now);
            List<Recall.Item> items = null;
            if (stage != null) {
                items = db.read(c -> RecallStore.items(c, r.id()));
                reminders += remind(r, stage, items, now);
            }
            if (r.headSentAt() == null && !now.isBefore(r.dueAt())) {
                heads += headList(r, now) ? 1 : 0;
            }
        }
        return reminders + " recall reminders, " + heads + " lists to heads sent";
    }

    /** The latest stage (days from the deadline, negative before) whose day has come, or null; none before-stage once due. */
    static Integer dueStage(Recall r, Instant now) {
        Integer latest = null;
        List<Integer> stages = new ArrayList<>();
        r.remindBefore().forEach(d -> stages.add(-d));
        stages.addAll(r.remindAfter());
        for (int s : stages) {
            if (!now.isBefore(r.dueAt().plus(Duration.ofDays(s))) && (latest == null || s > latest)) {
                latest = s;
            }
        }
        // a "please return by" reminder that could not go before the deadline would be wrong after it
        return latest != null && latest < 0 && !now.isBefore(r.dueAt()) ? null : latest;
    }

    /** One mail per borrower listing every item of theirs still out whose reminder for {@code stage} this run claimed. */
    private int remind(Recall r, int stage, List<Recall.Item> items, Instant now) throws SQLException {
        Map<UUID, List<Recall.Item>> byPerson = new LinkedHashMap<>();
        for (Recall.Item i : items) {
            if (i.out() && i.borrowerEmail() != null) {
                byPerson.computeIfAbsent(i.personId(), k -> new ArrayList<>()).add(i);
            }
        }
        int sent = 0;
        for (List<Recall.Item> mine : byPerson.values()) {
            String to = mine.get(0).borrowerEmail();
            List<Recall.Item> claimed = new ArrayList<>();
            for (Recall.Item i : mine) {
                if (db.inTransaction(c -> RecallStore.claimReminder(c, r.id(), i.loanId(), stage, now, to))) {
                    claimed.add(i);
                }
            }
            if (claimed.isEmpty()) {
                continue;
            }
            try {
                mailer.send(to, subject(r, stage), reminderBody(r, stage, claimed));
                sent++;
            } catch (Exception e) {
                for (Recall.Item i : claimed) {
                    db.inTransaction(c -> {
                        RecallStore.releaseReminder(c, r.id(), i.loanId(), stage);
                        return null;
                    });
                }
                LOG.warn("recall {} reminder could not be sent to a borrower: {}", r.id(), e.toString());
            }
        }
        return sent;
    }

    private boolean headList(Recall r, Instant now) throws SQLException {
        if (!db.inTransaction(c -> RecallStore.markHeadSent(c, r.id(), now))) {
            return false;
        }
        List<Recall.Item> out = db.read(c -> RecallStore.items(c, r.id())).stream().filter(Recall.Item::out).toList();
        try {
            mailer.send(r.headEmail(), "Recall \"" + r.title() + "\": " + out.size() + " item" + (out.size() == 1 ? "" : "s")
                    + " still out at the deadline", headBody(r, out));
            return true;
        } catch (Exception e) {
            db.inTransaction(c -> RecallStore.markHeadSent(c, r.id(), null));
            LOG.warn("recall {}: the list for the head could not be sent: {}", r.id(), e.toString());
            return false;
        }
    }

    private String subject(Recall r, int stage) {
        return (stage < 0 ? "Reminder: please return school equipment by " + DAY.format(r.dueAt())
                : "Overdue: school equipment recalled by " + DAY.format(r.dueAt())) + " (" + r.title() + ")";
    }

    private String reminderBody(Recall r, int stage, List<Recall.Item> items) {
        StringBuilder b = new StringBuilder("Dear ").append(items.get(0).borrowerName()).append(",\n\n")
                .append(school).append(" is recalling equipment (").append(r.title()).append(").\n")
                .append(stage < 0 ? "Please return the following by " : "The following was due back on ")
                .append(DAY.format(r.dueAt())).append(stage < 0 ? ":\n\n" : " and is still recorded as with you:\n\n");
        for (Recall.Item i : items) {
            b.append("  - ").append(i.assetTag()).append(" (").append(i.what()).append(")\n");
        }
        return b.append("\nIt remains the property of the school. If you have already returned it, please reply so ")
                .append("we can check our records.\n\nRecall reference: ").append(r.id()).append('\n').toString();
    }

    private String headBody(Recall r, List<Recall.Item> out) {
        StringBuilder b = new StringBuilder("The recall \"").append(r.title()).append("\" (").append(r.scopeLabel())
                .append(") reached its deadline, ").append(DAY.format(r.dueAt())).append(".\n\n");
        if (out.isEmpty()) {
            return b.append("Everything it covered has come back.\n").toString();
        }
        b.append(out.size()).append(" item").append(out.size() == 1 ? " is" : "s are").append(" still out:\n\n");
        for (Recall.Item i : out) {
            b.append("  - ").append(i.assetTag()).append(" (").append(i.what()).append(") with ")
                    .append(i.borrowerName()).append(i.department() == null ? "" : ", " + i.department())
                    .append(i.assetType().equals("laptop") || i.assetType().equals("tablet")
                            ? "; its agent last reported " + (i.deviceLastReportAt() == null ? "never"
                            : DAY.format(i.deviceLastReportAt())) : "")
                    .append('\n');
        }
        return b.append("\nThe same list as CSV (also on the recall's page in the console):\n\n")
                .append(RecallService.csv(out)).toString();
    }
}
