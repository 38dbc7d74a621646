package io.rollcall.agent.resident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.agent.cli.AgentMain;
import io.rollcall.agent.cli.Environment;
import io.rollcall.agent.transport.FakeReports;
import io.rollcall.agent.transport.TestCollector;
import io.rollcall.agent.transport.TestPki;
import io.rollcall.common.report.MediaAction;
import io.rollcall.common.report.MediaEvent;
import io.rollcall.common.report.Report;
import io.rollcall.common.report.ReportKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real processes: the resident in a child JVM (logging every class it loads), starting real worker JVMs that
 * deliver to an HTTPS collector on loopback. Proves the resident runs the worker on the schedule the worker wrote,
 * that a stick plugged in reaches the collector as a connected event in the delta that follows, and that the
 * resident itself loaded nothing but java.base and its own package.
 */
class ResidentEndToEndTest {
    @TempDir
    Path tmp;

    @Test
    void theResidentRunsWorkersOnScheduleAndAPluggedStickReachesTheCollector() throws Exception {
        TestPki pki = TestPki.create(Files.createDirectory(tmp.resolve("pki")), "Rollcall Resident Test CA");
        try (TestCollector collector = new TestCollector(pki)) {
            Path state = tmp.resolve("state");
            Path media = Files.createDirectory(tmp.resolve("media"));
            enrol(collector, pki, state);
            // a heartbeat every 3 s; the resident keeps at least 5 s between workers
            Files.writeString(state.resolve("agent.properties"),
                    "interval.heartbeat=3\ninterval.delta=3600\ninterval.full=86400\n");

            Path classLog = tmp.resolve("resident-classes.log");
            Path out = tmp.resolve("resident.out");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder pb = new ProcessBuilder(java, "-Xlog:class+load=info:file=" + classLog, "-Xmx8m",
                    "-cp", System.getProperty("java.class.path"), FakeMediaResident.class.getName(),
                    "--state", state.toString(), "--watch-dir", media.toString(),
                    "--worker-java-opts", "-Xshare:auto -Drollcall.test.media=" + media);
            pb.redirectErrorStream(true).redirectOutput(out.toFile());
            Process resident = pb.start();
            try {
                await(collector, "a full report from the first worker", r -> r.kind() == ReportKind.FULL, resident, out);
                await(collector, "a heartbeat from a later worker", r -> r.kind() == ReportKind.HEARTBEAT, resident, out);

                Files.createFile(media.resolve("4C530001")); // the stick goes in
                Report delta = await(collector, "the delta carrying the stick", r -> r.kind() == ReportKind.DELTA
                        && r.sections().removableMedia() != null && r.sections().removableMedia().events().stream()
                        .anyMatch(e -> e.action() == MediaAction.CONNECTED
                                && "4C530001".equals(e.device().serial())), resident, out);
                MediaEvent in = delta.sections().removableMedia().events().get(0);
                assertEquals(1, collector.reports.stream().filter(r -> r.sections().removableMedia() != null
                        && r.sections().removableMedia().events().contains(in)).count(), "sent once");
            } finally {
                resident.destroy(); // SIGTERM, as systemd stops it
                assertTrue(resident.waitFor(30, TimeUnit.SECONDS), "the resident stops on SIGTERM");
            }
            String log = Files.readString(out);
            assertTrue(log.contains("worker (due) exited 0"), log);
            assertTrue(log.contains("worker (media changed) exited 0"), log);

            ResidentClassLoadingTest.assertLoadedNothingForbidden(Files.readAllLines(classLog));
        }
    }

    static void enrol(TestCollector collector, TestPki pki, Path state) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Environment env = new Environment((options, dir) -> new FakeReports.FakeScanner(), () -> List::of,
                Clock.systemUTC(), state, Duration.ofSeconds(10));
        int code = new AgentMain(env).run(new String[] {"enroll", "--server", collector.url(), "--token", "-",
                        "--ca-fingerprint", pki.caFingerprint().toString(), "--state", state.toString()},
                new ByteArrayInputStream("rc_enroll_resident-test\n".getBytes(StandardCharsets.UTF_8)),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    }

    private static Report await(TestCollector collector, String what, Predicate<Report> match, Process resident,
                                Path out) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            for (Report r : collector.reports) {
                if (match.test(r)) {
                    return r;
                }
            }
            if (!resident.isAlive()) {
                break;
            }
            resident.waitFor(200, TimeUnit.MILLISECONDS);
        }
        throw new AssertionError("no " + what + " (resident " + (resident.isAlive() ? "running" : "exited "
                + resident.exitValue()) + "):\n" + Files.readString(out));
    }
}
