package io.rollcall.collector.reminders;

import com.hazelcast.map.IMap;
import io.rollcall.collector.db.Database;
import io.rollcall.collector.db.Jdbc;
import io.rollcall.collector.loans.Loan;
import io.rollcall.collector.loans.LoanSettings;
import io.rollcall.collector.loans.LoanStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * E-mails the borrower of each overdue loan at most once per period. {@link io.rollcall.collector.jobs.ClusterJobs}
 * runs {@link #sweep} on one node at a time; should two ever overlap, which node sends a given reminder is settled by an atomic
 * {@code putIfAbsent(loan/period)} on a cluster-wide Hazelcast map, so a cluster of two sends what a
 * cluster of one would. The {@code loan_reminders} table records what was sent and keeps a full
 * cluster restart from sending a period's reminder again. Blocking: run it on a worker.
 */
public final class OverdueReminders {
    private static final Logger LOG = LoggerFactory.getLogger(OverdueReminders.class);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM uuuu").withZone(ZoneOffset.UTC);

    private final Database db;
    private final IMap<String, String> claims;
    private final Mailer mailer;
    private final Clock clock;
    private final LoanSettings settings;
    private final String node;
    private final Predicate<String> isMember;

    /**
     * @param node     this node's cluster member id, written in its claims
     * @param isMember whether a node id is a cluster member now: a claim of a node that left (killed between its
     *                 claim and its record) is taken over, so that reminder is still sent this period
     */
    public OverdueReminders(Database db, IMap<String, String> claims, Mailer mailer, Clock clock, LoanSettings settings,
                            String node, Predicate<String> isMember) {
        this.node = node;
        this.isMember = isMember;
        this.db = db;
        this.claims = claims;
        this.mailer = mailer;
        this.clock = clock;
        this.settings = settings;
    }

    /** Sends the reminders due now that no node has sent; returns how many this node sent. */
    public int sweep() throws SQLException {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        long periodMillis = TimeUnit.HOURS.toMillis(settings.reminderPeriodHours());
        long period = now.toEpochMilli() / periodMillis;
        List<Loan> overdue = db.read(c -> LoanStore.list(c, LoanStore.Filter.OVERDUE, now, now, null, null, 10_000, 0));
        int sent = 0;
        for (Loan l : overdue) {
            if (l.borrowerEmail() == null || alreadySent(l.id(), period)) {
                continue;
            }
            String key = l.id() + "/" + period;
            String claimant = claims.putIfAbsent(key, node, 2 * periodMillis, TimeUnit.MILLISECONDS);
            if (claimant != null && (isMember.test(claimant) || !claims.replace(key, claimant, node))) {
                continue;
            }
            try {
                mailer.send(l.borrowerEmail(), subject(l), body(l));
            } catch (Exception e) {
                // give the claim back so this or another node tries again on a later tick
                claims.remove(key, node);
                LOG.warn("overdue reminder for loan {} could not be sent: {}", l.id(), e.toString());
                continue;
            }
            record(l, period, now);
            sent++;
        }
        return sent;
    }

    private boolean alreadySent(UUID loan, long period) throws SQLException {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM loan_reminders WHERE loan_id = ? AND period_no = ?")) {
                ps.setObject(1, loan);
                ps.setLong(2, period);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    private void record(Loan l, long period, Instant now) throws SQLException {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO loan_reminders (loan_id, period_no, sent_at, sent_to) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                ps.setObject(1, l.id());
                ps.setLong(2, period);
                Jdbc.setInstant(ps, 3, now);
                ps.setString(4, l.borrowerEmail());
                return ps.executeUpdate();
            }
        });
    }

    private String subject(Loan l) {
        return "Overdue: please return " + l.assetTag() + " to " + settings.schoolName();
    }

    private String body(Loan l) {
        return "Dear " + l.borrowerName() + ",\n\n"
                + "The " + l.assetType() + " you borrowed from " + settings.schoolName() + " (asset " + l.assetTag()
                + (l.make() == null ? "" : ", " + l.make()) + (l.model() == null ? "" : " " + l.model())
                + ") was due back on " + DAY.format(l.dueAt()) + ".\n"
                + "It remains the property of the school. Please return it, or reply if you need longer.\n\n"
                + "Loan reference: " + l.id() + "\n";
    }
}
