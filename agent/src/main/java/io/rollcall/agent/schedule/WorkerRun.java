package io.rollcall.agent.schedule;

import io.rollcall.agent.transport.Backoff;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;

/**
 * One run of the short-lived worker the resident service starts ({@code rollcall-agent tick}): picks up what the
 * previous worker left in {@link ScheduleFile} (a requested delta, the delivery backoff, a 403 stop), optionally
 * polls removable media against the baseline kept on disk, does one {@link AgentLoop#tick} (two when the first leaves
 * something due at once), and writes the schedule again, also when the tick failed, so the resident always learns when to come back.
 */
public final class WorkerRun {
    private final AgentLoop loop;
    private final Backoff backoff;
    private final Intervals intervals;
    private final ScheduleFile file;
    private final Clock clock;

    public WorkerRun(AgentLoop loop, Backoff backoff, Intervals intervals, ScheduleFile file, Clock clock) {
        this.loop = loop;
        this.backoff = backoff;
        this.intervals = intervals;
        this.file = file;
        this.clock = clock;
    }

    /**
     * Runs once and returns the schedule it wrote.
     *
     * @param serviceStart the first run since the service started: a full report is due, and a 403 stop is
     *                     forgotten (as a restart of {@code run} forgets it)
     * @param poller       polls removable media first, or {@code null} not to
     */
    public ScheduleFile.Schedule run(boolean serviceStart, MediaPoller poller) throws IOException {
        ScheduleFile.Schedule before = file.read();
        if (before != null) {
            backoff.resume(before.backoffFailures(), before.backoffUntil());
        }
        // a full report that was due when the last worker wrote the file (its scan failed, say) is still due
        boolean fullDone = !serviceStart && (before == null || before.fullDue() == null || before.written() == null
                || before.fullDue().isAfter(before.written()));
        loop.resume(before == null ? null : before.deltaRequested(),
                serviceStart || before == null ? null : before.revokedSince(), fullDone);
        try {
            if (poller != null && poller.poll()) {
                loop.requestDelta(clock.instant().plus(intervals.afterInsert()));
            }
            loop.tick(clock.instant());
            // something else due at once (a heartbeat right after a delta that found nothing changed): do it here
            // rather than in a second JVM five seconds later; as the in-process loop's next tick would, once
            Instant now = clock.instant();
            if (!loop.nextDue(now).isAfter(now)) {
                loop.tick(now);
            }
        } finally {
            // written even after a failed tick: the resident then waits for the next due time, not a hot retry
            file.write(schedule(clock.instant()));
        }
        return file.read();
    }

    private ScheduleFile.Schedule schedule(Instant now) throws IOException {
        boolean waiting = backoff.failures() > 0 && backoff.notBefore().isAfter(Instant.EPOCH);
        return new ScheduleFile.Schedule(now, loop.nextDue(now), loop.fullDue(now), loop.deltaDue(),
                loop.heartbeatDue(), loop.deltaRequested(), waiting ? backoff.notBefore() : null, backoff.failures(),
                loop.revokedSince(), intervals.mediaPoll());
    }
}
