package io.rollcall.agent.schedule;

import io.rollcall.agent.outbox.Outbox;
import io.rollcall.agent.probe.ScanResult;
import io.rollcall.agent.probe.Scanner;
import io.rollcall.agent.state.AgentState;
import io.rollcall.agent.state.PendingEvents;
import io.rollcall.agent.state.StateStore;
import io.rollcall.agent.transport.Backoff;
import io.rollcall.agent.transport.Sender;
import io.rollcall.common.report.MediaEvent;
import io.rollcall.common.report.ReportKind;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service loop. Each {@link #tick(Instant)} queues at most one report — full at start and every
 * {@link Intervals#full()}, delta every {@link Intervals#delta()} or soon after a medium is connected, heartbeat
 * when nothing was queued for {@link Intervals#heartbeat()} — and then drains the outbox unless the sender is
 * backing off or the device secret was forbidden (403). Tests call {@code tick} directly with the time they choose;
 * the {@link #start()} method only schedules it.
 *
 * <p>Credentials ({@link #send}): a re-enrolment waiting for approval is tried first on every drain and promoted
 * once the collector accepts it; until then the current credential reports, unless the collector refused it as proof
 * of that re-enrolment ({@link io.rollcall.agent.state.PendingCredential#currentRefused()}). A 403
 * {@code enrolment-pending} keeps everything queued. A current credential refused with 401 and nothing waiting makes the loop re-enrol (proving
 * that credential, with the stored token), which normally leaves a request waiting for a technician. Every such
 * stop backs off like a failed delivery, so a refused agent never hammers the collector.
 *
 * <p>The loop is the only writer of the state file while it runs; it keeps the state in memory and saves it after
 * every change.
 */
public final class AgentLoop {
    private static final Logger LOG = LoggerFactory.getLogger(AgentLoop.class);
    private static final Duration TICK = Duration.ofSeconds(1);
    private static final Duration REVOKED_REMINDER = Duration.ofHours(1);

    private final StateStore store;
    private final Outbox outbox;
    private final Scanner scanner;
    private final PendingEvents pending;
    private final Sender sender;
    private final Backoff backoff;
    private final Intervals intervals;
    private final Clock clock;
    private final Reenrolment reenrolment;
    private final AtomicReference<Instant> deltaRequestedFor = new AtomicReference<>();
    private AgentState state;
    private boolean fullSentThisRun;
    private Instant revokedAt;
    private String lastProblem;

    /** Enrols again after the collector refused the credential; returns the saved state. */
    @FunctionalInterface
    public interface Reenrolment {
        AgentState reenrol() throws IOException;

        /** For an agent that cannot re-enrol by itself (no token): says so. */
        static Reenrolment impossible(String why) {
            return () -> {
                throw new IOException(why);
            };
        }
    }

    public AgentLoop(StateStore store, AgentState state, Outbox outbox, Scanner scanner, Sender sender,
                     Backoff backoff, Intervals intervals, Clock clock, Reenrolment reenrolment) {
        this.store = store;
        this.state = state;
        this.outbox = outbox;
        this.scanner = scanner;
        this.pending = store.pendingEvents();
        this.sender = sender;
        this.backoff = backoff;
        this.intervals = intervals;
        this.clock = clock;
        this.reenrolment = reenrolment;
    }

    /** Asks for a delta at {@code at} (a medium was connected); the earliest request wins. */
    public void requestDelta(Instant at) {
        deltaRequestedFor.accumulateAndGet(at, (old, now) -> old == null || now.isBefore(old) ? now : old);
    }

    /**
     * Carries over what a loop in an earlier process kept in memory, for the resident service's short-lived workers
     * ({@link WorkerRun}): a delta asked for after a medium was connected, a 403 stop, and whether this service run
     * has queued its full report yet (a service start queues one, as {@code run} does).
     */
    public void resume(Instant deltaRequested, Instant revokedSince, boolean fullQueuedThisRun) {
        deltaRequestedFor.set(deltaRequested);
        revokedAt = revokedSince;
        if (revokedSince != null) {
            lastProblem = "the collector forbade this device (403); re-enrol the device with 'rollcall-agent enroll'";
        }
        fullSentThisRun = fullQueuedThisRun;
    }

    /** The delta asked for and not yet queued, or {@code null}. */
    public Instant deltaRequested() {
        return deltaRequestedFor.get();
    }

    /** When the collector forbade this device (403), or {@code null}: nothing is sent after that. */
    public Instant revokedSince() {
        return revokedAt;
    }

    /** When the next full report falls due ({@code now} at a service start or when none was ever queued). */
    public Instant fullDue(Instant now) {
        return !fullSentThisRun || state.lastFullAt() == null ? now : state.lastFullAt().plus(intervals.full());
    }

    /** When the next periodic delta falls due. */
    public Instant deltaDue() {
        return latest(state.lastDeltaAt(), state.lastFullAt()).plus(intervals.delta());
    }

    /** When a heartbeat falls due if nothing else is queued before. */
    public Instant heartbeatDue() {
        return latest(state.lastQueuedAt(), state.lastFullAt()).plus(intervals.heartbeat());
    }

    /**
     * The earliest moment from which {@link #tick} has something to do: a report falls due, or reports wait and
     * the backoff allows an attempt (never while forbidden). Same rules as {@link #due}.
     */
    public Instant nextDue(Instant now) throws IOException {
        Instant next = earliest(fullDue(now), earliest(deltaDue(), heartbeatDue()));
        next = earliest(next, deltaRequestedFor.get());
        if (revokedAt == null && outbox.depth() > 0) {
            next = earliest(next, backoff.ready(now) ? now : backoff.notBefore());
        }
        return next;
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null ? b : b == null || a.isBefore(b) ? a : b;
    }

    /** One step of the loop at {@code now}: queue what is due, then send if allowed. */
    public void tick(Instant now) throws IOException {
        ReportKind due = due(now);
        if (due != null) {
            queue(due, now);
        }
        if (revokedAt != null) {
            if (Duration.between(revokedAt, now).compareTo(REVOKED_REMINDER) >= 0) {
                LOG.error("still not sending: {}", lastProblem);
                revokedAt = now;
            }
            return;
        }
        if (backoff.ready(now) && outbox.depth() > 0) {
            send(now);
        }
    }

    /** The report kind due at {@code now}, or {@code null}. */
    ReportKind due(Instant now) {
        if (!fullSentThisRun || state.lastFullAt() == null || !now.isBefore(state.lastFullAt().plus(intervals.full()))) {
            return ReportKind.FULL;
        }
        Instant requested = deltaRequestedFor.get();
        if (requested != null && !now.isBefore(requested)) {
            return ReportKind.DELTA;
        }
        Instant lastDelta = latest(state.lastDeltaAt(), state.lastFullAt());
        if (!now.isBefore(lastDelta.plus(intervals.delta()))) {
            return ReportKind.DELTA;
        }
        Instant lastQueued = latest(state.lastQueuedAt(), state.lastFullAt());
        if (!now.isBefore(lastQueued.plus(intervals.heartbeat()))) {
            return ReportKind.HEARTBEAT;
        }
        return null;
    }

    /**
     * Builds and durably queues one report, then forgets the media events it carries and remembers its section
     * hashes. Returns {@code false} when a delta found nothing changed and was skipped.
     */
    public boolean queue(ReportKind kind, Instant now) throws IOException {
        ScanResult scan = kind == ReportKind.HEARTBEAT ? null : scanner.scan();
        List<MediaEvent> events = kind == ReportKind.HEARTBEAT ? List.of() : pending.peek();
        // the device id follows the state: a re-enrolment may have changed it
        ReportFactory.Built built = new ReportFactory(state.deviceId()).build(kind, now, scan, events, state.mediaHistorySentUpTo(),
                state.sectionHashes(), outbox.depth(), state.dropped());
        if (kind == ReportKind.DELTA) {
            deltaRequestedFor.set(null);
        }
        if (built.empty()) {
            state = state.withTimes(state.lastFullAt(), now, state.lastQueuedAt());
            store.save(state);
            return false;
        }
        Outbox.Enqueued enqueued = outbox.enqueue(built.report());
        // the report is on disk now, so its events may leave the pending file (at-least-once, see PendingEvents)
        pending.remove(built.eventsIncluded());
        Instant full = kind == ReportKind.FULL ? now : state.lastFullAt();
        Instant delta = kind == ReportKind.HEARTBEAT ? state.lastDeltaAt() : now;
        state = state.withSectionHashes(built.sectionHashes()).withTimes(full, delta, now)
                .withMoreDropped(enqueued.dropped());
        if (built.historyUpTo() != null) {
            // the watermark moves only when the collector acknowledges this report (see send): the outbox may still
            // drop it to stay within its bounds, and then its history must go again
            state = state.withHistoryInFlight(built.report().reportId(), built.historyUpTo());
        }
        store.save(state);
        if (kind == ReportKind.FULL) {
            fullSentThisRun = true;
        }
        LOG.info("queued {} report {} ({} media events)", kind.wireName(), built.report().reportId(),
                built.eventsIncluded());
        return true;
    }

    /** Drains the outbox once with the right credential, updating backoff and state (class Javadoc). */
    public Sender.DrainResult send(Instant now) throws IOException {
        AgentState before = state;
        Sender.DrainResult r = null;
        if (state.pending() != null) {
            r = sender.drain(state.pending().bearer());
            if (r.delivered() > 0) {
                state = state.withPendingPromoted();
                LOG.info("the re-enrolment was approved: reporting with the new credential from now on");
            } else if (r.outcome() == Sender.Outcome.REVOKED) {
                LOG.warn("the re-enrolment request {} was refused ({}); forgetting it", state.pending().pendingId(),
                        r.message());
                state = state.withoutPending();
            }
        }
        boolean waitingOrRefused = r != null && r.delivered() == 0
                && (r.outcome() == Sender.Outcome.AWAITING_APPROVAL || r.outcome() == Sender.Outcome.REVOKED);
        // a current credential the collector refused as proof of this re-enrolment would only earn another 401
        boolean currentUsable = state.hasCredential() && (state.pending() == null || !state.pending().currentRefused());
        if ((r == null || waitingOrRefused) && currentUsable) {
            r = sender.drain(state.bearer());
        }
        if (r == null) {
            // neither a waiting nor a current credential: only re-enrolment can help
            r = new Sender.DrainResult(Sender.Outcome.REVOKED, 0, 0, outbox.depth(), "no credential", null, 401);
        }
        if (r.delivered() > 0) {
            state = state.withLastDeliveryAt(now);
        }
        if (!state.mediaHistoryInFlight().isEmpty()) {
            Set<UUID> queued = new HashSet<>();
            outbox.entries().forEach(e -> queued.add(e.reportId()));
            state = state.withHistorySettled(r.deliveredIds(), queued);
        }
        if (!state.equals(before)) {
            store.save(state);
        }
        switch (r.outcome()) {
            case DRAINED -> backoff.succeeded();
            case RETRY_LATER -> {
                Duration wait = backoff.failed(now);
                LOG.warn("{} reports waiting; next attempt in {} s: {}", r.remaining(), wait.toSeconds(), r.message());
            }
            case AWAITING_APPROVAL -> waitForApproval(now, r);
            case REVOKED -> {
                if (state.pending() != null) {
                    waitForApproval(now, r); // the old credential stops once the new one is approved
                } else if (r.unknownCredential()) {
                    reenrol(now, r);
                } else {
                    revokedAt = now;
                    lastProblem = r.message() + "; re-enrol the device with 'rollcall-agent enroll'";
                    LOG.error("{}", lastProblem);
                }
            }
        }
        return r;
    }

    private void waitForApproval(Instant now, Sender.DrainResult r) {
        Duration wait = backoff.failed(now);
        LOG.warn("{} reports kept: re-enrolment request {} (since {}) waits for a technician's approval; next try in "
                + "{} s", r.remaining(), state.pending() == null ? null : state.pending().pendingId(),
                state.pending() == null ? null : state.pending().since(), wait.toSeconds());
    }

    private void reenrol(Instant now, Sender.DrainResult r) {
        Duration wait = backoff.failed(now);
        try {
            state = reenrolment.reenrol();
            LOG.warn("{}; re-enrolled: {}; {} reports kept, next try in {} s", r.message(), state.pending() == null
                    ? "the new credential works at once" : "request " + state.pending().pendingId()
                    + " waits for a technician's approval", r.remaining(), wait.toSeconds());
        } catch (IOException | RuntimeException e) {
            LOG.error("{}; re-enrolment failed: {}; {} reports kept, next try in {} s", r.message(), e.getMessage(),
                    r.remaining(), wait.toSeconds());
        }
    }

    public AgentState state() {
        return state;
    }

    /**
     * Runs the loop and the media poller on their own threads until the JVM stops. The poller has its own thread so
     * a slow scan or send never delays noticing a USB stick.
     */
    public ScheduledExecutorService start(MediaPoller poller) {
        ScheduledExecutorService exec = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "rollcall-agent");
            t.setDaemon(false);
            return t;
        });
        exec.scheduleWithFixedDelay(() -> {
            try {
                tick(clock.instant());
            } catch (IOException | RuntimeException e) {
                // a full disk or a probe bug must not end the service; the next tick tries again
                LOG.error("tick failed: {}", e.toString());
            }
        }, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
        exec.scheduleWithFixedDelay(() -> {
            try {
                if (poller.poll()) {
                    requestDelta(clock.instant().plus(intervals.afterInsert()));
                }
            } catch (IOException | RuntimeException e) {
                LOG.error("media poll failed: {}", e.toString());
            }
        }, 0, intervals.mediaPoll().toMillis(), TimeUnit.MILLISECONDS);
        return exec;
    }

    private static Instant latest(Instant a, Instant b) {
        if (a == null) {
            return b == null ? Instant.EPOCH : b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
