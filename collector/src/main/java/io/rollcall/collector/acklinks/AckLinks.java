package io.rollcall.collector.acklinks;

import io.rollcall.collector.auth.Secrets;
import io.rollcall.collector.bookings.BookingSettings;
import io.rollcall.collector.db.Database;
import io.rollcall.collector.http.ApiException;
import io.rollcall.collector.loans.Loan;
import io.rollcall.collector.loans.LoanService;
import io.rollcall.collector.loans.LoanStore;
import io.rollcall.collector.reminders.Mailer;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acknowledgement by the borrower on their own device: a single-use link, {@code <url>/ack/<token>} with a 256-bit
 * random token, e-mailed on lending, on request (re-send) and by the chase job. Only the token's SHA-256 is stored; a
 * new link for a loan (or its batch) revokes the older ones once it has been sent. Using a link records the
 * acknowledgement exactly as at the desk ({@link LoanService#acknowledgeOn}), for every open loan of the batch at once.
 * Tokens are never logged. Blocking.
 */
public final class AckLinks {
    private static final Logger LOG = LoggerFactory.getLogger(AckLinks.class);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM uuuu").withZone(ZoneOffset.UTC);
    /** Targets one chase run looks at; the rest wait for the next run. */
    static final int CHASE_BATCH = 500;

    private final Database db;
    private final Clock clock;
    private final BookingSettings settings;
    private final Mailer mailer;
    private final Supplier<String> baseUrl;
    private final String schoolName;

    /** @param mailer null when no SMTP host is set: links cannot be sent, and sending says so */
    public AckLinks(Database db, Clock clock, BookingSettings settings, Mailer mailer, Supplier<String> baseUrl,
                    String schoolName) {
        this.db = db;
        this.clock = clock;
        this.settings = settings;
        this.mailer = mailer;
        this.baseUrl = baseUrl;
        this.schoolName = schoolName;
    }

    /** The clock's time, as stored (milliseconds). */
    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** After a lend or a pick-up: sends the first link. Never throws; a failure is logged and the chase job retries. */
    public void lent(UUID loanId, UUID batchId, String actor) {
        if (mailer == null) {
            return;
        }
        try {
            send(AckLinkStore.Target.of(loanId, batchId), "lent", actor, false);
        } catch (ApiException e) {
            LOG.info("no acknowledgement link sent for {} {}: {}", batchId != null ? "batch" : "loan",
                    batchId != null ? batchId : loanId, e.getMessage());
        } catch (Exception e) {
            LOG.warn("acknowledgement link for {} {} not sent: {}", batchId != null ? "batch" : "loan",
                    batchId != null ? batchId : loanId, e.toString());
        }
    }

    /** The business manager's re-send: a new link for the loan (its whole batch if it has one); older ones stop working. */
    public Map<String, Object> resend(UUID loanId, String actor) throws Exception {
        UUID batch = db.read(c -> {
            if (LoanStore.get(c, loanId) == null) {
                throw ApiException.notFound("no loan " + loanId);
            }
            return AckLinkStore.batchOf(c, loanId);
        });
        if (mailer == null) {
            throw new ApiException(409, "conflict", "no mail server is configured (smtp.host), so no link can be sent");
        }
        AckLinkStore.Link l = send(AckLinkStore.Target.of(loanId, batch), "resend", actor, false);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("loanId", loanId);
        out.put("batchId", batch);
        out.put("sentTo", l.sentTo());
        out.put("sentAt", l.createdAt());
        out.put("expiresAt", l.expiresAt());
        return out;
    }

    /**
     * Issues, mails and then activates a link: the new link is stored first, older links are revoked only after the
     * mail went out (a failed send deletes the new one and leaves the old working). With {@code chase}, nothing is sent
     * when the target's newest link is younger than {@code loans.ack.chase.hours}: checked under the loans' row locks,
     * so two nodes chasing at once send one mail.
     *
     * @return the link sent, or {@code null} when a chase was not due
     */
    AckLinkStore.Link send(AckLinkStore.Target t, String reason, String actor, boolean chase) throws Exception {
        Instant now = now();
        String token = Secrets.random("");
        AckLinkStore.Link link = db.inTransaction(c -> {
            List<Loan> loans = AckLinkStore.loans(c, t, true);
            List<Loan> pending = loans.stream().filter(l -> l.open() && l.ackAt() == null).toList();
            if (pending.isEmpty()) {
                throw new ApiException(409, "conflict", loans.isEmpty() ? "no loan to acknowledge"
                        : "nothing to acknowledge: the loan is closed or already acknowledged");
            }
            Loan first = pending.get(0);
            if (first.borrowerEmail() == null) {
                throw new ApiException(409, "conflict", "email: " + first.borrowerName() + " (" + first.staffId()
                        + ") has no e-mail address on record");
            }
            if (chase) {
                AckLinkStore.Link last = AckLinkStore.latest(c, t);
                Instant since = last != null ? last.createdAt() : first.outAt();
                if (since.plus(settings.ackChaseEvery()).isAfter(now)) {
                    return null;
                }
            }
            AckLinkStore.Link l = new AckLinkStore.Link(UUID.randomUUID(), t.loanId(), t.batchId(), first.personId(),
                    first.borrowerEmail(), reason, now, actor, now.plus(settings.ackLinkLifetime()), null, null);
            AckLinkStore.insert(c, l, Secrets.sha256Hex(token));
            return l;
        });
        if (link == null) {
            return null;
        }
        List<Loan> loans = db.read(c -> AckLinkStore.loans(c, t, false));
        try {
            mailer.send(link.sentTo(), "Please acknowledge the equipment lent to you by " + schoolName,
                    body(loans, link, baseUrl.get() + "/ack/" + token, reason));
        } catch (Exception e) {
            db.read(c -> {
                AckLinkStore.delete(c, link.id());
                return null;
            });
            throw e;
        }
        db.read(c -> AckLinkStore.revokeOthers(c, t, link.id(), now));
        return link;
    }

    private String body(List<Loan> loans, AckLinkStore.Link link, String url, String reason) {
        Loan first = loans.get(0);
        StringBuilder b = new StringBuilder("Dear ").append(first.borrowerName()).append(",\n\n")
                .append(reason.equals("chase") ? "We have not yet had your acknowledgement of the equipment below.\n"
                        : "").append(schoolName).append(" has lent you:\n");
        for (Loan l : loans) {
            if (l.open()) {
                b.append("  - ").append(l.assetType()).append(' ').append(l.assetTag())
                        .append(l.make() == null ? "" : ", " + l.make()).append(l.model() == null ? "" : " " + l.model())
                        .append(", due back ").append(DAY.format(l.dueAt())).append('\n');
            }
        }
        return b.append("\nPlease read the loan terms and acknowledge them by typing your name at this link")
                .append(" (it works once, until ").append(DAY.format(link.expiresAt())).append("):\n\n")
                .append(url).append("\n\nIf you have already acknowledged at the desk, you need do nothing.\n")
                .append("Do not forward this message: the link is yours alone.\n").toString();
    }

    /** What a link's page shows. */
    public enum State {
        /** Can be used now. */
        OPEN,
        /** Just used: the acknowledgement was recorded. */
        ACKNOWLEDGED,
        USED, EXPIRED,
        /** A newer link was sent. */
        REVOKED, UNKNOWN,
        /** Nothing left to acknowledge (acknowledged at the desk, or returned). */
        DONE
    }

    /** @param loans the loans the link covers that are still open; {@code terms} each distinct terms text they were lent under */
    public record Lookup(State state, AckLinkStore.Link link, List<Loan> loans, List<LoanStore.Terms> terms) {
        static Lookup of(State s) {
            return new Lookup(s, null, List.of(), List.of());
        }
    }

    /** The state of the link with {@code token} and, while it can be used, what it covers. */
    public Lookup lookup(String token) throws SQLException {
        Instant now = now();
        return db.read(c -> {
            AckLinkStore.Link l = token == null ? null : AckLinkStore.byHash(c, Secrets.sha256Hex(token), false);
            State s = state(l, now);
            if (s != State.OPEN) {
                return new Lookup(s, l, List.of(), List.of());
            }
            List<Loan> pending = AckLinkStore.loans(c, target(l), false).stream()
                    .filter(x -> x.open() && x.ackAt() == null).toList();
            if (pending.isEmpty()) {
                return new Lookup(State.DONE, l, List.of(), List.of());
            }
            Set<UUID> termIds = new LinkedHashSet<>();
            pending.forEach(x -> termIds.add(x.termsId()));
            List<LoanStore.Terms> terms = new ArrayList<>();
            for (UUID id : termIds) {
                terms.add(LoanStore.terms(c, id));
            }
            return new Lookup(State.OPEN, l, pending, terms);
        });
    }

    private static AckLinkStore.Target target(AckLinkStore.Link l) {
        return AckLinkStore.Target.of(l.loanId(), l.batchId());
    }

    private static State state(AckLinkStore.Link l, Instant now) {
        if (l == null) {
            return State.UNKNOWN;
        }
        if (l.usedAt() != null) {
            return State.USED;
        }
        if (l.revokedAt() != null) {
            return State.REVOKED;
        }
        return l.expiresAt().isAfter(now) ? State.OPEN : State.EXPIRED;
    }

    /**
     * Records {@code typedName} as the acknowledgement of every open, unacknowledged loan the link covers, and uses the
     * link up, in one transaction. A link that cannot be used answers its state and changes nothing.
     */
    public Lookup acknowledge(String token, String typedName) throws SQLException {
        Instant now = now();
        return db.inTransaction(c -> {
            AckLinkStore.Link l = token == null ? null : AckLinkStore.byHash(c, Secrets.sha256Hex(token), true);
            State s = state(l, now);
            if (s != State.OPEN) {
                return Lookup.of(s);
            }
            List<Loan> pending = AckLinkStore.loans(c, target(l), true).stream()
                    .filter(x -> x.open() && x.ackAt() == null).toList();
            for (Loan loan : pending) {
                LoanService.acknowledgeOn(c, loan, typedName, now);
            }
            if (!AckLinkStore.use(c, l.id(), now)) {
                return Lookup.of(State.USED);
            }
            return new Lookup(pending.isEmpty() ? State.DONE : State.ACKNOWLEDGED, l, pending, List.of());
        });
    }

    /** Open loans not yet acknowledged, with how many links each has had and when the last went. */
    public List<AckLinkStore.Pending> unacknowledged(int limit, int offset) throws SQLException {
        return db.read(c -> AckLinkStore.pending(c, limit, offset));
    }

    /** The chase job: a fresh link to each unacknowledged loan or batch whose last link is older than the interval. */
    public String chase() throws Exception {
        if (mailer == null) {
            return "no mail server configured";
        }
        Set<AckLinkStore.Target> seen = new LinkedHashSet<>();
        Instant due = now().minus(settings.ackChaseEvery());
        for (AckLinkStore.Pending p : unacknowledged(10_000, 0)) {
            if (p.email() != null && (p.lastSentAt() == null ? p.outAt() : p.lastSentAt()).isBefore(due.plusMillis(1))
                    && seen.size() < CHASE_BATCH) {
                seen.add(AckLinkStore.Target.of(p.loanId(), p.batchId()));
            }
        }
        int sent = 0;
        for (AckLinkStore.Target t : seen) {
            try {
                if (send(t, "chase", "system", true) != null) {
                    sent++;
                }
            } catch (ApiException e) {
                // acknowledged or returned between the list and the send: nothing to chase
            } catch (Exception e) {
                LOG.warn("acknowledgement chase for {} not sent: {}", t.key(), e.toString());
            }
        }
        return sent + " acknowledgement reminders sent";
    }
}
