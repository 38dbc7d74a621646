package io.rollcall.agent.resident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.agent.schedule.ScheduleFile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import io.rollcall.agent.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The resident's decisions with a fake worker (it writes the schedule a real one would) and a moved clock. */
class ResidentLoopTest {
    private static final Instant T0 = Instant.parse("2026-12-06T08:00:00Z");

    @TempDir
    Path dir;
    final MovableClock clock = new MovableClock(T0);
    final List<List<String>> runs = new ArrayList<>();
    final List<Instant> runTimes = new ArrayList<>();
    final ByteArrayOutputStream log = new ByteArrayOutputStream();
    String media = "sda:1000\n";
    /** What the fake worker writes as next due, relative to its start; null writes nothing. */
    Duration nextIn = Duration.ofMinutes(60);
    int exit;
    Duration workerTakes = Duration.ofSeconds(2);
    Runnable duringRun = () -> { };


    private ResidentLoop loop(Duration mediaCheck) {
        ScheduleFile file = new ScheduleFile(dir);
        ResidentLoop.Worker worker = args -> {
            runs.add(args);
            runTimes.add(clock.now);
            Instant start = clock.now;
            duringRun.run();
            clock.now = clock.now.plus(workerTakes);
            if (nextIn != null) {
                try {
                    file.write(new ScheduleFile.Schedule(clock.now, start.plus(nextIn), null, null, null, null, null, 0,
                            null, Duration.ofSeconds(7)));
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            return exit;
        };
        return new ResidentLoop(file, worker, () -> media, mediaCheck, clock,
                new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    /** Steps the loop as its thread would, with the waiter jumping the clock to each deadline. */
    private void runUntil(ResidentLoop loop, Instant end) throws Exception {
        while (clock.now.isBefore(end)) {
            Instant wake = loop.step();
            clock.now = wake.isAfter(end) ? end : wake;
        }
    }

    @Test
    void theFirstWorkerStartsTheServiceAndLaterOnesComeWhenTheScheduleSays() throws Exception {
        ResidentLoop loop = loop(Duration.ofMinutes(1));
        runUntil(loop, T0.plus(Duration.ofMinutes(150)));
        assertEquals(List.of(List.of("--media", "--service-start"), List.of("--media"), List.of("--media")), runs);
        assertEquals(List.of(T0, T0.plus(Duration.ofMinutes(60)), T0.plus(Duration.ofMinutes(120))), runTimes);
    }

    @Test
    void aMediaChangeStartsAWorkerBeforeTheNextDueTime() throws Exception {
        ResidentLoop loop = loop(Duration.ofMinutes(1));
        runUntil(loop, T0.plus(Duration.ofMinutes(10)));
        media = "sda:1000\nsdb:31260672\n";
        runUntil(loop, T0.plus(Duration.ofMinutes(12)));
        assertEquals(2, runs.size());
        assertEquals(T0.plus(Duration.ofMinutes(10)), runTimes.get(1), "noticed at the next look, within a minute");
    }

    @Test
    void aStickPluggedWhileAWorkerRunsStartsAnotherAfterIt() throws Exception {
        ResidentLoop loop = loop(Duration.ofMinutes(1));
        duringRun = () -> media = "sda:1000\nsdb:31260672\n"; // plugged in during the first run
        loop.step();
        duringRun = () -> { };
        Instant wake = loop.step();
        assertEquals(2, runs.size(), "the fingerprint taken before the first run differs now: " + wake);
    }

    @Test
    void withoutMediaEventsTheFingerprintIsTakenAsOftenAsTheScheduleSays() throws Exception {
        ResidentLoop loop = loop(null);
        assertEquals(T0.plusSeconds(2 + 7), loop.step(), "the worker's media-poll-seconds, 7");
    }

    @Test
    void aFailingWorkerIsRetriedWithGrowingWaitsNeverInALoop() throws Exception {
        exit = 1;
        nextIn = null; // and it leaves no schedule
        ResidentLoop loop = loop(Duration.ofMinutes(1));
        runUntil(loop, T0.plus(Duration.ofMinutes(10)));
        List<Duration> gaps = new ArrayList<>();
        for (int i = 1; i < runTimes.size(); i++) {
            gaps.add(Duration.between(runTimes.get(i - 1), runTimes.get(i)));
        }
        assertEquals(List.of(Duration.ofSeconds(32), Duration.ofSeconds(62), Duration.ofSeconds(122),
                Duration.ofSeconds(242)), gaps);
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("left no usable schedule"), log.toString());
        assertEquals(Duration.ofHours(1), ResidentLoop.failureWait(20));
    }

    @Test
    void aCorruptScheduleMeansRunAWorkerAfterTheFailureWaitAndAGoodOneResetsIt() throws Exception {
        ResidentLoop loop = loop(Duration.ofMinutes(1));
        nextIn = null;
        loop.step(); // the worker "wrote" nothing
        Files.writeString(dir.resolve(ScheduleFile.FILE_NAME), "format=1\nnext=garbage\n");
        assertEquals(T0.plusSeconds(2 + 30), loop.nextRun());
        nextIn = Duration.ofMinutes(60);
        runUntil(loop, T0.plus(Duration.ofMinutes(5)));
        assertEquals(2, runs.size());
        assertEquals(runTimes.get(1).plus(Duration.ofMinutes(60)), loop.nextRun());
    }

    @Test
    void aScheduleDueAtOnceStillLeavesAGapBetweenWorkers() throws Exception {
        nextIn = Duration.ZERO;
        ResidentLoop loop = loop(Duration.ofMinutes(1));
        runUntil(loop, T0.plusSeconds(30));
        assertEquals(List.of(T0, T0.plusSeconds(7), T0.plusSeconds(14), T0.plusSeconds(21), T0.plusSeconds(28)),
                runTimes, "2 s of work then the 5 s minimum gap");
    }
}
