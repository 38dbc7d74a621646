package io.rollcall.agent.resident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.agent.transport.TestCollector;
import io.rollcall.agent.transport.TestPki;
import io.rollcall.common.report.ReportKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Most of a worker's runs send nothing: the resident starts one for every media change and for every hourly delta,
 * and a delta with nothing changed is skipped. Such a run (here: {@code tick --media}, media polled against the
 * baseline on disk, nothing due) must not build the TLS client or an {@code ObjectMapper}: those classes were two
 * thirds of such a run's CPU (BENCHMARKS.md, issue 13). The first run, which does send, shows the log would have
 * caught them. Real worker JVMs against a real TLS test collector.
 */
class WorkerClassLoadingTest {
    private static final List<String> NOT_WHEN_NOTHING_IS_SENT = List.of("com.fasterxml.jackson.databind.",
            "javax.net.ssl.SSLContext ", "java.net.http.HttpClient ", "io.rollcall.agent.transport.TlsContexts ");

    @TempDir
    Path tmp;

    @Test
    void aWorkerRunThatSendsNothingLoadsNeitherTheTlsClientNorDatabind() throws Exception {
        TestPki pki = TestPki.create(Files.createDirectory(tmp.resolve("pki")), "Rollcall Worker Test CA");
        try (TestCollector collector = new TestCollector(pki)) {
            Path state = tmp.resolve("state");
            Path media = Files.createDirectory(tmp.resolve("media"));
            Files.createFile(media.resolve("4C530001")); // a stick already in: part of the baseline
            ResidentEndToEndTest.enrol(collector, pki, state);
            Files.writeString(state.resolve("agent.properties"),
                    "interval.heartbeat=43200\ninterval.delta=3600\ninterval.full=86400\n");

            List<String> first = worker(state, media, "first", "--service-start", "--media");
            assertEquals(1, collector.reports.stream().filter(r -> r.kind() == ReportKind.FULL).count());
            for (String sent : List.of("javax.net.ssl.SSLContext ", "io.rollcall.agent.transport.TlsContexts ")) {
                assertTrue(first.stream().anyMatch(l -> l.contains(" " + sent)), "a run that sends loads " + sent);
            }
            assertTrue(Files.isRegularFile(state.resolve("media-baseline.json")), "the first run set the baseline");

            List<String> quiet = worker(state, media, "quiet", "--media");
            assertEquals(1, collector.reports.size(), "nothing was due, nothing was sent");
            assertTrue(quiet.stream().anyMatch(l -> l.contains(" io.rollcall.agent.schedule.MediaPoller ")),
                    "the quiet run polled media");
            for (String prefix : NOT_WHEN_NOTHING_IS_SENT) {
                assertFalse(quiet.stream().anyMatch(l -> l.contains(" " + prefix)), "a run that sent nothing loaded "
                        + prefix + ": " + quiet.stream().filter(l -> l.contains(" " + prefix)).findFirst().orElse(""));
            }
        }
    }

    private List<String> worker(Path state, Path media, String name, String... flags) throws Exception {
        Path classLog = tmp.resolve(name + "-classes.log");
        Path out = tmp.resolve(name + ".out");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info:file=" + classLog, "-Drollcall.test.media=" + media,
                "-cp", System.getProperty("java.class.path"), FakeMediaWorker.class.getName(), "tick"));
        cmd.addAll(List.of(flags));
        cmd.addAll(List.of("--state", state.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), name + " worker did not finish");
        assertEquals(0, p.exitValue(), Files.readString(out));
        return Files.readAllLines(classLog);
    }
}
