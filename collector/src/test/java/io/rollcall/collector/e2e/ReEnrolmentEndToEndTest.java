package io.rollcall.collector.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.collector.e2e.AgentToCollectorTest.Run;
import io.rollcall.collector.support.TestCollector;
import io.rollcall.common.enroll.EnrollResponse;
import io.rollcall.common.sample.SampleReports;
import io.rollcall.common.wire.ReportCodec;
import io.rollcall.common.wire.WireJson;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 2, with both real sides: the real agent ({@code AgentMain}, real Linux probes) against a real
 * collector. Someone who knows this machine's hardware UUID and the school token enrols it over raw HTTPS: the device
 * is not handed over and the agent goes on reporting. When the agent's own credential is refused (here: a technician
 * approved an attacker by mistake), the agent's {@code once} re-enrols through the approval path with the token it
 * kept, keeps its reports, says it waits, and delivers them under the same device id once a technician approves it.
 */
class ReEnrolmentEndToEndTest {
    private static final Pattern WAITING = Pattern.compile(
            "(?s).*re-enrolment: +waiting for a technician's approval since \\S+ \\(request ([0-9a-f-]{36})\\).*");

    @TempDir
    Path dir;

    @Test
    void anAttackerCannotTakeTheDeviceOverAndTheRefusedAgentReEnrolsThroughApprovalKeepingItsReports() throws Exception {
        Path state = dir.resolve("agent");
        try (TestCollector rc = new TestCollector(dir.resolve("collector")).start(0)) {
            String technician = rc.newUserToken("technician");

            // (a) the real agent enrols and reports
            Run enrolled = agent("enroll", "--server", rc.baseUrl(), "--token", rc.enrollToken,
                    "--ca-fingerprint", rc.collector().caFingerprint(), "--state", state.toString());
            assertEquals(0, enrolled.code(), enrolled.err());
            assertDelivered(agent("once", "--state", state.toString()), 1);
            UUID deviceId = onlyDevice(rc);
            String hardwareUuid = hardwareUuid(rc, deviceId);
            String hostname = listedHostname(rc);
            assertEquals(1, reportsStored(rc, deviceId));

            // (b) an attacker with the hardware UUID and the school token, without the device's secret
            EnrollResponse attacker = attackerEnrols(rc, hardwareUuid, "evil-one");
            assertEquals(deviceId, attacker.deviceId(), "the request names the existing device");
            assertDelivered(agent("once", "--state", state.toString()), 1);
            HttpResponse<String> refused = report(rc, attacker);
            assertEquals(403, refused.statusCode(), refused.body());
            assertEquals("enrolment-pending", WireJson.mapper().readTree(refused.body()).get("error").asText());
            assertEquals(hostname, listedHostname(rc), "the device is not handed over");
            assertEquals(2, reportsStored(rc, deviceId));

            // (c) a technician rejects the attacker's request: its secret is no credential at all
            assertEquals(200, decide(rc, technician, attacker.pendingId(), "reject").statusCode());
            assertEquals(401, report(rc, attacker).statusCode());
            assertDelivered(agent("once", "--state", state.toString()), 1);

            // (d) a technician approves a second attacker by mistake: the agent's secret stops working
            EnrollResponse second = attackerEnrols(rc, hardwareUuid, "evil-two");
            assertEquals(200, decide(rc, technician, second.pendingId(), "approve").statusCode());
            assertEquals(202, report(rc, second).statusCode(), "the approved secret is now the device's");

            // the agent's next once is refused (401), re-enrols with the token it kept and waits, report queued
            Run refusedOnce = agent("once", "--state", state.toString());
            assertNotEquals(0, refusedOnce.code(), refusedOnce.out());
            assertTrue(refusedOnce.err().contains("waiting for a technician to approve re-enrolment request"),
                    refusedOnce.err());
            Run status = agent("status", "--state", state.toString());
            Matcher waiting = WAITING.matcher(status.out());
            assertTrue(waiting.matches(), status.out());
            UUID agentRequest = UUID.fromString(waiting.group(1));
            assertTrue(status.out().matches("(?s).*outbox: +1 report\\(s\\) waiting.*"), status.out());
            assertTrue(status.out().contains("the collector refused the current credential, reports are kept until then"),
                    status.out());
            JsonNode item = pendingItem(rc, technician, agentRequest);
            assertNotNull(item, "the agent's request waits in the technician's list");
            assertEquals(deviceId.toString(), item.get("deviceId").asText());
            assertEquals(hostname, item.get("hostname").asText());

            // still waiting: the next once keeps both reports and does not file another request
            Run stillWaiting = agent("once", "--state", state.toString());
            assertNotEquals(0, stillWaiting.code());
            Matcher again = WAITING.matcher(agent("status", "--state", state.toString()).out());
            assertTrue(again.matches());
            assertEquals(agentRequest.toString(), again.group(1), "one request per refusal, not one per try");
            assertEquals(4, reportsStored(rc, deviceId), "the agent's three and the approved attacker's heartbeat: nothing while waiting");

            // the technician approves the agent's request: the queued reports arrive, under the same device
            assertEquals(200, decide(rc, technician, agentRequest, "approve").statusCode());
            assertDelivered(agent("once", "--state", state.toString()), 3);
            assertEquals(7, reportsStored(rc, deviceId), "the two kept reports and the new one");
            assertEquals(deviceId, onlyDevice(rc), "the device id is unchanged");
            Run after = agent("status", "--state", state.toString());
            assertTrue(after.out().contains("deviceId:        " + deviceId), after.out());
            assertTrue(!after.out().contains("re-enrolment:"), after.out());
            assertEquals(401, report(rc, second).statusCode(), "the mistakenly approved secret is retired");
            assertNull(pendingItem(rc, technician, agentRequest));
        }
    }

    private static Run agent(String... args) {
        return AgentToCollectorTest.agent(args);
    }

    private static void assertDelivered(Run once, int reports) {
        assertEquals(0, once.code(), once.err());
        assertTrue(once.out().startsWith("delivered " + reports + " report(s)"), once.out());
    }

    /** {@code POST /api/v1/enroll} with the school token and no credential, as an attacker on the network would. */
    private static EnrollResponse attackerEnrols(TestCollector rc, String hardwareUuid, String host) throws Exception {
        HttpResponse<String> res = rc.enrollAs(rc.enrollToken, hardwareUuid, host, "SN-" + host, null);
        assertEquals(202, res.statusCode(), res.body());
        EnrollResponse r = WireJson.mapper().readValue(res.body(), EnrollResponse.class);
        assertEquals(EnrollResponse.PENDING_APPROVAL, r.status());
        assertNotNull(r.pendingId());
        return r;
    }

    private static HttpResponse<String> report(TestCollector rc, EnrollResponse d) throws Exception {
        return rc.postReport(d, ReportCodec.toJson(SampleReports.heartbeat(d.deviceId(), Instant.now())), false);
    }

    private static HttpResponse<String> decide(TestCollector rc, String technician, UUID request, String verb)
            throws Exception {
        return rc.as(technician, "POST", "/api/v1/enrollment/pending/" + request + "/" + verb, "{}");
    }

    /** The waiting request with this id in {@code GET /api/v1/enrollment/pending}, or null. */
    private static JsonNode pendingItem(TestCollector rc, String technician, UUID id) throws Exception {
        HttpResponse<String> res = rc.as(technician, "GET", "/api/v1/enrollment/pending", null);
        assertEquals(200, res.statusCode(), res.body());
        for (JsonNode n : WireJson.mapper().readTree(res.body()).get("items")) {
            if (n.get("id").asText().equals(id.toString())) {
                return n;
            }
        }
        return null;
    }

    private static UUID onlyDevice(TestCollector rc) throws Exception {
        JsonNode list = WireJson.mapper().readTree(rc.adminGet("/api/v1/devices").body());
        assertEquals(1, list.get("total").asInt(), list.toString());
        return UUID.fromString(list.get("items").get(0).get("id").asText());
    }

    private static String listedHostname(TestCollector rc) throws Exception {
        JsonNode list = WireJson.mapper().readTree(rc.adminGet("/api/v1/devices").body());
        return list.get("items").get(0).get("hostname").asText();
    }

    private static String hardwareUuid(TestCollector rc, UUID id) throws Exception {
        return rc.collector().database().read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT hardware_uuid FROM devices WHERE id = ?")) {
                ps.setObject(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    return rs.getString(1);
                }
            }
        });
    }

    private static long reportsStored(TestCollector rc, UUID id) throws Exception {
        return rc.collector().database().read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM report_log WHERE device_id = ?")) {
                ps.setObject(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }
}
