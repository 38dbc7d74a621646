package io.rollcall.collector.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.agent.cli.AgentMain;
import io.rollcall.agent.cli.Environment;
import io.rollcall.collector.support.TestCollector;
import io.rollcall.common.wire.WireJson;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real agent, with its real Linux probes reading this machine, against a real collector in the
 * same JVM: enrol, deliver, see the device with this machine's software; then the collector goes
 * away, the agent queues and restarts, and the outbox drains when the collector is back.
 */
class AgentToCollectorTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    static Run agent(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        // a new AgentMain each time: nothing survives between runs but the state dir, as with a restarted process
        int code = new AgentMain(Environment.system()).run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void agentOnThisMachineReportsItsRealSoftwareAndItsOutboxSurvivesACollectorOutage() throws Exception {
        Path state = dir.resolve("agent");
        Path data = dir.resolve("collector");
        UUID deviceId;
        int port;
        try (TestCollector rc = new TestCollector(data).start(0)) {
            port = rc.port();
            Run enrolled = agent("enroll", "--server", rc.baseUrl(), "--token", rc.enrollToken,
                    "--ca-fingerprint", rc.collector().caFingerprint(), "--state", state.toString());
            assertEquals(0, enrolled.code(), enrolled.err());
            Run once = agent("once", "--state", state.toString());
            assertEquals(0, once.code(), once.err());

            JsonNode list = WireJson.mapper().readTree(rc.adminGet("/api/v1/devices").body());
            assertEquals(1, list.get("total").asInt());
            deviceId = UUID.fromString(list.get("items").get(0).get("id").asText());
            JsonNode detail = WireJson.mapper().readTree(rc.adminGet("/api/v1/devices/" + deviceId).body());
            assertEquals(installedPackages(), detail.get("software").size(), "software entries vs dpkg-query -W");
            assertEquals("linux", detail.get("os").get("family").asText());
            assertTrue(detail.get("accounts").get("users").size() >= 1);
            assertTrue(detail.has("screenLock"));
        }

        // collector down: reports queue on disk; a restarted agent still has them
        Run offline1 = agent("once", "--state", state.toString());
        assertNotEquals(0, offline1.code(), "once must fail while the collector is down");
        Run offline2 = agent("once", "--state", state.toString());
        assertNotEquals(0, offline2.code());
        Run status = agent("status", "--state", state.toString());
        assertTrue(status.out().matches("(?s).*outbox: +2 report\\(s\\) waiting.*"), status.out());

        try (TestCollector rc = TestCollector.reopenWithTokensOf(data).start(port)) {
            Run drained = agent("once", "--state", state.toString());
            assertEquals(0, drained.code(), drained.err());
            assertTrue(agent("status", "--state", state.toString()).out().matches("(?s).*outbox: +0 report\\(s\\) waiting.*"));
            long stored = rc.collector().database().read(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM report_log WHERE device_id = ?")) {
                    ps.setObject(1, deviceId);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getLong(1);
                    }
                }
            });
            assertEquals(4, stored, "the first report, two queued while offline, and the one that drained them");
        }
    }

    /** What dpkg-query -W lists, less packages that are removed with only their config files left. */
    static int installedPackages() throws Exception {
        Process p = new ProcessBuilder("dpkg-query", "-W", "-f", "${db:Status-Status}\\n").redirectErrorStream(true).start();
        List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertEquals(0, p.waitFor(), "dpkg-query must run on the test machine (Debian)");
        return (int) lines.stream().filter(s -> !s.equals("config-files") && !s.equals("not-installed")).count();
    }
}
