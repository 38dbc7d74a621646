package io.rollcall.installers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rollcall.agent.enroll.EnrolmentFile;
import io.rollcall.agent.enroll.Enroller;
import io.rollcall.agent.enroll.PendingEnrolment;
import io.rollcall.agent.probe.SystemScanner;
import io.rollcall.agent.state.AgentState;
import io.rollcall.agent.state.StateStore;
import io.rollcall.agent.transport.Backoff;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mechanism the .msi relies on (and any installer may): {@code enroll.ini} in the state directory, read by
 * {@code run}/{@code service} when the device is not enrolled yet, against a real collector.
 */
class PendingEnrolmentLiveTest {
    @TempDir
    Path tmp;

    @Test
    void unreachableFirstThenEnrolsOnRetryAndForgetsTheToken() throws Exception {
        LiveCollector first = new LiveCollector(tmp.resolve("collector"));
        String url = first.url();
        String fingerprint = first.caFingerprint();
        String token = first.enrollToken;
        first.close(); // the collector is down while the "install" happens
        Path state = tmp.resolve("state");
        Files.createDirectories(state);
        Files.writeString(state.resolve(EnrolmentFile.FILE_NAME), "[Enrolment]\r\ncollector.url=" + url
                + "\r\nenroll.token=" + token + "\r\nca.fingerprint=" + fingerprint + "\r\n");

        StateStore store = new StateStore(state);
        Clock clock = Clock.fixed(Instant.parse("2025-01-06T08:00:00Z"), ZoneOffset.UTC);
        List<Duration> waits = new ArrayList<>();
        LiveCollector[] back = new LiveCollector[1];
        PendingEnrolment pending = new PendingEnrolment(store,
                new Enroller(store, o -> SystemScanner.create(o, state), new SecureRandom(), Duration.ofSeconds(10), clock)::enroll,
                new Backoff(Backoff.BASE, Backoff.CAP, new Random(7), clock), d -> {
                    waits.add(d);
                    if (back[0] == null) {
                        try {
                            back[0] = first.restart(); // the collector comes back while the agent waits
                        } catch (Exception e) {
                            throw new IllegalStateException("the collector did not start again", e);
                        }
                    }
                });
        try {
            AgentState enrolled = pending.ensureEnrolled();
            assertEquals(1, waits.size(), "one failed attempt, then success: " + waits);
            assertTrue(waits.get(0).compareTo(Backoff.BASE) <= 0, "first wait within the backoff's base: " + waits);
            assertNotNull(enrolled.deviceId());
            String left = Files.readString(state.resolve(EnrolmentFile.FILE_NAME));
            assertFalse(left.contains(token), "the token is gone once enrolled: " + left);
            assertTrue(left.contains("collector.url=" + url), left);
            assertEquals(200, back[0].adminGet("/api/v1/devices/" + enrolled.deviceId()).statusCode());

            // a second start is already enrolled: no attempt, no wait
            waits.clear();
            assertEquals(enrolled.deviceId(), pending.ensureEnrolled().deviceId());
            assertEquals(List.of(), waits);
        } finally {
            if (back[0] != null) {
                back[0].close();
            }
        }
    }

    @Test
    void packagedRunEnrolsFromTheFileAndReports() throws Exception {
        Path root = tmp.resolve("root");
        Tools.ok("dpkg-deb", "-x", Tools.deb().toString(), root.toString());
        try (LiveCollector collector = new LiveCollector(tmp.resolve("collector"))) {
            Path state = tmp.resolve("state");
            Files.createDirectories(state);
            Files.writeString(state.resolve(EnrolmentFile.FILE_NAME), "collector.url=" + collector.url()
                    + "\nenroll.token=" + collector.enrollToken + "\nca.fingerprint=" + collector.caFingerprint() + "\n");
            // 'service' is what the Windows service runs; on Linux it is 'run'
            ProcessBuilder pb = new ProcessBuilder(root.resolve("opt/rollcall-agent/bin/rollcall-agent").toString(),
                    "service", "--state", state.toString());
            Path log = tmp.resolve("agent.log");
            pb.redirectErrorStream(true).redirectOutput(log.toFile());
            Process p = pb.start();
            try {
                UUID device = null;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (System.nanoTime() < deadline && p.isAlive()) {
                    device = deviceId(state);
                    if (device != null && collector.reportsFrom(device) >= 1) {
                        break;
                    }
                    p.waitFor(200, TimeUnit.MILLISECONDS);
                }
                assertTrue(device != null && collector.reportsFrom(device) >= 1,
                        "the agent enrolled from the file and reported:\n" + Files.readString(log));
                assertFalse(Files.readString(state.resolve(EnrolmentFile.FILE_NAME)).contains(collector.enrollToken));
                assertFalse(Files.readString(log).contains(collector.enrollToken), "the token is never logged");
            } finally {
                p.destroy();
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor();
                }
            }
        }
    }

    private static UUID deviceId(Path state) throws Exception {
        Path f = state.resolve("state.json");
        if (!Files.isRegularFile(f)) {
            return null;
        }
        JsonNode id = new ObjectMapper().readTree(f.toFile()).get("deviceId");
        return id == null || id.isNull() ? null : UUID.fromString(id.asText());
    }
}
