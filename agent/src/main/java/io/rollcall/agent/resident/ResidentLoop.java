package io.rollcall.agent.resident;

import io.rollcall.agent.schedule.IsoInstant;
import io.rollcall.agent.schedule.ScheduleFile;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The resident service's one decision, made again whenever it wakes: start a worker now, or sleep until the
 * schedule the last worker wrote says something is due, or until removable media change. One worker at a time (the
 * loop waits for it), the first with {@code --service-start}, every one with {@code --media} so the worker compares
 * media with its baseline on disk whatever woke us. A worker that fails or leaves no readable schedule is retried
 * after 30 s, doubling to an hour, so a broken worker never spins.
 */
public final class ResidentLoop {
    /** Runs one worker with these step arguments and returns its exit status. */
    @FunctionalInterface
    public interface Worker {
        int run(List<String> stepArgs) throws InterruptedException;
    }

    /** A cheap fingerprint of the removable media the system shows; a change starts a worker. */
    @FunctionalInterface
    public interface Fingerprint {
        String get();
    }

    /** Blocks until {@code deadline} or until something (media, a stop) wakes it early. */
    @FunctionalInterface
    public interface Waiter {
        void awaitUntil(Instant deadline) throws InterruptedException;
    }

    /** No two workers closer than this, unless media changed: a schedule due "now" again cannot make us spin. */
    static final Duration MIN_GAP = Duration.ofSeconds(5);
    static final Duration FAILURE_BASE = Duration.ofSeconds(30);
    static final Duration FAILURE_CAP = Duration.ofHours(1);
    /** The media poll when the system gives no events and no schedule says otherwise ({@code Intervals}' default). */
    static final Duration DEFAULT_POLL = Duration.ofSeconds(5);

    private final ScheduleFile file;
    private final Worker worker;
    private final Fingerprint media;
    private final Duration mediaCheck;
    private Duration pollEvery = DEFAULT_POLL;
    private final Clock clock;
    private final PrintStream log;
    private volatile boolean stopped;
    private boolean first = true;
    private Instant nextRun;
    private String lastMedia;
    private int failures;
    private long workers;

    /**
     * @param media      the removable media's fingerprint (names, sizes)
     * @param mediaCheck how often the fingerprint is taken when nothing wakes the loop; {@code null} where the
     *                   system gives no media events: then as often as the schedule's {@code media-poll-seconds}
     */
    public ResidentLoop(ScheduleFile file, Worker worker, Fingerprint media, Duration mediaCheck, Clock clock,
                        PrintStream log) {
        this.file = file;
        this.worker = worker;
        this.media = media;
        this.mediaCheck = mediaCheck;
        this.clock = clock;
        this.log = log;
    }

    /** Runs until {@link #stop()}. */
    public void run(Waiter waiter) throws InterruptedException {
        while (!stopped) {
            Instant wake = step();
            if (!stopped) {
                waiter.awaitUntil(wake);
            }
        }
    }

    public void stop() {
        stopped = true;
    }

    /** Starts a worker if one is due, then answers when to look again. */
    Instant step() throws InterruptedException {
        Instant now = clock.instant();
        String seen = media.get();
        boolean mediaChanged = lastMedia != null && !seen.equals(lastMedia);
        if (first || mediaChanged || !now.isBefore(nextRun)) {
            List<String> args = new ArrayList<>(List.of("--media"));
            if (first) {
                args.add("--service-start");
            }
            int exit = worker.run(args);
            workers++;
            // the fingerprint from before the run: a medium that came or went while it ran starts another
            lastMedia = seen;
            first = false;
            schedule(exit, mediaChanged ? "media changed" : "due");
        }
        Instant check = clock.instant().plus(mediaCheck != null ? mediaCheck : pollEvery);
        return nextRun.isBefore(check) ? nextRun : check;
    }

    private void schedule(int exit, String why) {
        Instant end = clock.instant();
        ScheduleFile.Schedule s = file.read();
        if (exit == 0 && s != null) {
            failures = 0;
            if (s.mediaPoll() != null) {
                pollEvery = s.mediaPoll();
            }
            Instant soonest = end.plus(MIN_GAP);
            nextRun = s.next().isBefore(soonest) ? soonest : s.next();
            log.println(IsoInstant.format(end) + " rollcall-agent resident: worker (" + why + ") exited 0; next run "
                    + IsoInstant.format(nextRun));
            return;
        }
        failures++;
        Instant retry = end.plus(failureWait(failures));
        nextRun = s != null && s.next().isAfter(retry) ? s.next() : retry;
        log.println(IsoInstant.format(end) + " rollcall-agent resident: worker (" + why + ") exited " + exit
                + (s == null ? " and left no usable schedule (" + file.problem() + ")" : "") + "; " + failures
                + " failure(s) in a row, next run " + IsoInstant.format(nextRun));
    }

    static Duration failureWait(int failures) {
        int shift = Math.min(failures - 1, 16);
        Duration d = FAILURE_BASE.multipliedBy(1L << shift);
        return d.compareTo(FAILURE_CAP) > 0 ? FAILURE_CAP : d;
    }

    /** When the next worker will run unless media change first. */
    Instant nextRun() {
        return nextRun;
    }

    /** How many workers this loop has started. */
    long workers() {
        return workers;
    }
}
