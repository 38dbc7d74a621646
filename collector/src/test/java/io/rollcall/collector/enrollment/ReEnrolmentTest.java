package io.rollcall.collector.enrollment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.collector.cluster.ClusterFactory;
import io.rollcall.collector.devices.DeviceRecord;
import io.rollcall.collector.support.ConsoleSession;
import io.rollcall.collector.support.MutableClock;
import io.rollcall.collector.support.TestCollector;
import io.rollcall.common.enroll.EnrollRequest;
import io.rollcall.common.enroll.EnrollResponse;
import io.rollcall.common.enroll.OsRef;
import io.rollcall.common.sample.SampleReports;
import io.rollcall.common.wire.Hashes;
import io.rollcall.common.wire.ReportCodec;
import io.rollcall.common.wire.WireJson;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 2, over real HTTPS into a real collector: enrolling hardware that already has a device, with the
 * school's token but without the device's current secret, never hands the device over. The old credential keeps
 * reporting, the new one learns only that it waits, and a technician's approval (API or console) flips them.
 */
class ReEnrolmentTest {
    @TempDir
    static Path dir;
    static TestCollector rc;
    static String technician;

    @BeforeAll
    static void start() throws Exception {
        rc = new TestCollector(dir).start(0);
        technician = rc.newUserToken("technician");
    }

    @AfterAll
    static void stop() {
        rc.close();
    }

    @Test
    void reEnrollingAKnownHardwareUuidWithTheSchoolTokenDoesNotTakeTheDeviceOver() throws Exception {
        String hw = UUID.randomUUID().toString();
        EnrollResponse victim = rc.enroll(hw);
        assertEquals(EnrollResponse.ENROLLED, victim.status());
        assertEquals(202, report(victim).statusCode());

        // the attacker knows the hardware UUID (readable without privileges) and the token (seen in ps)
        HttpResponse<String> res = rc.enrollAs(rc.enrollToken, hw, "evil-host", "SN-EVIL", null);
        assertEquals(202, res.statusCode(), res.body());
        EnrollResponse attacker = WireJson.mapper().readValue(res.body(), EnrollResponse.class);
        assertEquals(EnrollResponse.PENDING_APPROVAL, attacker.status());
        assertEquals(victim.deviceId(), attacker.deviceId());
        assertNotNull(attacker.pendingId());

        assertEquals(202, report(victim).statusCode(), "the real agent keeps reporting");
        HttpResponse<String> refused = report(attacker);
        assertEquals(403, refused.statusCode(), refused.body());
        JsonNode err = WireJson.mapper().readTree(refused.body());
        assertEquals("enrolment-pending", err.get("error").asText());
        assertTrue(err.get("detail").asText().contains(attacker.pendingId().toString()), refused.body());

        JsonNode item = pendingItem(attacker.pendingId());
        assertEquals("evil-host", item.get("hostname").asText());
        assertEquals("SN-EVIL", item.get("serialNumber").asText());
        assertEquals("linux", item.get("osFamily").asText());
        assertEquals("127.0.0.1", item.get("address").asText());
        assertEquals("first-run", item.get("tokenLabel").asText());
        assertNotNull(Instant.parse(item.get("requestedAt").asText()));
        assertEquals("host-" + hw.substring(0, 8), item.path("device").get("hostname").asText(), "the device as it is");
        assertEquals("SN-" + hw.substring(0, 6), item.path("device").get("serialNumber").asText());
        assertTrue(item.path("device").hasNonNull("lastReportAt"), "its last report, to compare");
        assertFalse(item.toString().contains(attacker.deviceSecret()), "never a secret");
        assertFalse(item.has("secretHash"));

        HttpResponse<String> rejected = rc.as(technician, "POST", "/api/v1/enrollment/pending/" + attacker.pendingId()
                + "/reject", "{}");
        assertEquals(200, rejected.statusCode(), rejected.body());
        assertEquals("rejected", WireJson.mapper().readTree(rejected.body()).get("status").asText());
        assertEquals(401, report(attacker).statusCode(), "a rejected secret is no credential");
        assertEquals(202, report(victim).statusCode());
        assertNull(pendingItem(attacker.pendingId()));
        assertEquals(409, rc.as(technician, "POST", "/api/v1/enrollment/pending/" + attacker.pendingId() + "/approve",
                "{}").statusCode(), "a rejected request cannot be approved later");
    }

    @Test
    void approvalGivesTheDeviceTheNewCredentialAndRetiresTheOldOneAndIsAudited() throws Exception {
        String hw = UUID.randomUUID().toString();
        EnrollResponse before = rc.enroll(hw);
        // a reinstalled agent has lost its secret: it can only ask
        EnrollResponse reinstalled = WireJson.mapper().readValue(
                rc.enrollAs(rc.enrollToken, hw, "host-" + hw.substring(0, 8), "SN-" + hw.substring(0, 6), null).body(),
                EnrollResponse.class);
        assertTrue(reinstalled.pendingApproval());
        assertEquals(403, report(reinstalled).statusCode());

        HttpResponse<String> approved = rc.as(technician, "POST", "/api/v1/enrollment/pending/" + reinstalled.pendingId()
                + "/approve", "{}");
        assertEquals(200, approved.statusCode(), approved.body());
        assertEquals("approved", WireJson.mapper().readTree(approved.body()).get("status").asText());
        assertEquals(401, report(before).statusCode(), "the old credential stops");
        assertEquals(202, report(reinstalled).statusCode(), "the new one reports");
        assertEquals(409, rc.as(technician, "POST", "/api/v1/enrollment/pending/" + reinstalled.pendingId() + "/approve",
                "{}").statusCode());
        String audit = rc.adminGet("/api/v1/audit?limit=500").body();
        assertTrue(audit.contains("/api/v1/enrollment/pending/" + reinstalled.pendingId() + "/approve"), audit);
    }

    @Test
    void theHolderOfTheCurrentSecretRotatesItAtOnceButAnotherDevicesSecretProvesNothing() throws Exception {
        String hw = UUID.randomUUID().toString();
        EnrollResponse first = rc.enroll(hw);
        EnrollResponse other = rc.enroll(UUID.randomUUID().toString());
        // a valid credential of a different device is no proof for this hardware
        HttpResponse<String> borrowed = rc.enrollAs(rc.enrollToken, hw, "h", "s", other);
        assertEquals(202, borrowed.statusCode(), borrowed.body());
        // the secret of the right device, wrong by one character, neither
        EnrollResponse forged = new EnrollResponse(first.deviceId(), first.deviceSecret() + "x", 0, null, null);
        assertEquals(202, rc.enrollAs(rc.enrollToken, hw, "h", "s", forged).statusCode());
        assertEquals(202, report(first).statusCode(), "still the device's credential");

        HttpResponse<String> rotated = rc.enrollAs(rc.enrollToken, hw, "h", "s", first);
        assertEquals(200, rotated.statusCode(), rotated.body());
        EnrollResponse second = WireJson.mapper().readValue(rotated.body(), EnrollResponse.class);
        assertEquals(EnrollResponse.ENROLLED, second.status());
        assertNull(second.pendingId());
        assertEquals(401, report(first).statusCode());
        assertEquals(202, report(second).statusCode());
    }

    @Test
    void aLaterRequestFromTheSameAddressReplacesTheEarlierAndAtMostThreeWaitPerDevice() throws Exception {
        String hw = UUID.randomUUID().toString();
        EnrollResponse device = rc.enroll(hw);
        EnrollResponse one = WireJson.mapper().readValue(rc.enrollAs(rc.enrollToken, hw, "a", "s", null).body(),
                EnrollResponse.class);
        EnrollResponse two = WireJson.mapper().readValue(rc.enrollAs(rc.enrollToken, hw, "b", "s", null).body(),
                EnrollResponse.class);
        assertNull(pendingItem(one.pendingId()), "replaced by the later request from the same address");
        assertNotNull(pendingItem(two.pendingId()));
        assertEquals(401, report(one).statusCode(), "a replaced request's secret is no credential");
        assertEquals(403, report(two).statusCode());

        // requests from other addresses wait side by side, at most three per device, the oldest giving way
        // (the HTTP client always comes from loopback, so these go straight to the service, on a clock that orders them)
        MutableClock later = new MutableClock(Instant.now().plusSeconds(60));
        PendingEnrolments pending = new PendingEnrolments(rc.collector().database(),
                ClusterFactory.devices(rc.collector().hazelcast()), later);
        DeviceRecord record = ClusterFactory.devices(rc.collector().hazelcast()).get(device.deviceId().toString());
        EnrollRequest req = new EnrollRequest(rc.enrollToken, "c", hw, "s", new OsRef("linux", "12"));
        List<UUID> ids = new ArrayList<>();
        for (String address : List.of("10.0.0.7", "10.0.0.8", "10.0.0.9")) {
            ids.add(pending.request(record, req, address, "first-run", Hashes.sha256Hex(address)));
            later.advance(Duration.ofSeconds(1));
        }
        List<String> waiting = new ArrayList<>();
        for (PendingEnrolment p : pending.waiting()) {
            if (p.deviceId().equals(device.deviceId())) {
                waiting.add(p.address());
            }
        }
        assertEquals(List.of("10.0.0.9", "10.0.0.8", "10.0.0.7"), waiting, "newest first, 127.0.0.1's gave way");
        assertEquals("replaced", pending.get(two.pendingId()).status());
        assertEquals(202, report(device).statusCode(), "none of this touched the device's credential");
    }

    @Test
    void consoleListsWaitingRequestsBesideTheDeviceAndApprovesOnlyWithTheFormsCsrfToken() throws Exception {
        String hw = UUID.randomUUID().toString();
        EnrollResponse before = rc.enroll(hw);
        EnrollResponse asking = WireJson.mapper().readValue(
                rc.enrollAs(rc.enrollToken, hw, "<b>lab-new</b>", "SN-" + hw.substring(0, 6), null).body(),
                EnrollResponse.class);
        ConsoleSession tech = ConsoleSession.newUser(rc, "tech.console." + hw.substring(0, 6), "technician");

        HttpResponse<String> page = tech.get("/console/enrol/pending");
        assertEquals(200, page.statusCode());
        String html = page.body();
        assertTrue(html.contains("&lt;b&gt;lab-new&lt;/b&gt;") && !html.contains("<b>lab-new</b>"), "escaped: " + html);
        assertTrue(html.contains("host-" + hw.substring(0, 8)), "the device's own host name beside it");
        assertTrue(html.contains("/console/enrol/pending/" + asking.pendingId() + "/approve"), html);
        assertTrue(tech.get("/console/enrol").body().contains("href=\"/console/enrol/pending\""), "linked from enrolment");

        String approve = "/console/enrol/pending/" + asking.pendingId() + "/approve";
        assertEquals(403, tech.post(approve, "_csrf=forged").statusCode());
        assertEquals(403, report(asking).statusCode(), "a forged form changed nothing");
        HttpResponse<String> done = tech.post(approve, "_csrf=" + ConsoleSession.csrf(html));
        assertEquals(303, done.statusCode(), done.body());
        assertEquals("/console/enrol/pending?done=approved", done.headers().firstValue("Location").orElseThrow());
        assertEquals(202, report(asking).statusCode());
        assertEquals(401, report(before).statusCode());

        ConsoleSession bm = ConsoleSession.newUser(rc, "bm.pending." + hw.substring(0, 6), "business-manager");
        assertEquals(403, bm.get("/console/enrol/pending").statusCode());
    }

    @Test
    void consoleCreatesATokenShowingItOnceListsItAndRevokesIt() throws Exception {
        ConsoleSession tech = ConsoleSession.newUser(rc, "tech.tokens", "technician");
        String page = tech.get("/console/enrol/tokens").body();
        assertTrue(page.contains(">first-run<"), "the first-run token is one of the tokens: " + page);
        String csrf = ConsoleSession.csrf(page);
        HttpResponse<String> bad = tech.post("/console/enrol/tokens", "_csrf=" + csrf + "&label=Art&validDays=30&maxDevices=none");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("maxDevices"), bad.body());

        HttpResponse<String> made = tech.post("/console/enrol/tokens",
                "_csrf=" + csrf + "&label=Year+7+trolley&validDays=30&maxDevices=32&perMinute=10");
        assertEquals(200, made.statusCode(), made.body());
        assertEquals("no-store", made.headers().firstValue("Cache-Control").orElse(""));
        Matcher m = Pattern.compile("<code id=\"new-enroll-token\">([^<]+)</code>").matcher(made.body());
        assertTrue(m.find(), made.body());
        String token = m.group(1);
        String hw = UUID.randomUUID().toString();
        EnrollResponse device = WireJson.mapper().readValue(rc.enrollAs(token, hw, "cart-1", "SN-C1", null).body(),
                EnrollResponse.class);
        assertEquals(EnrollResponse.ENROLLED, device.status());

        String list = tech.get("/console/enrol/tokens").body();
        assertFalse(list.contains(token), "shown once only");
        assertTrue(list.contains("Year 7 trolley") && list.contains("1 of 32"), list);
        Matcher revoke = Pattern.compile("action=\"(/console/enrol/tokens/[0-9a-f-]{36}/revoke)\"[^>]*><input[^>]+>"
                + "<button[^>]*aria-label=\"Revoke the token Year 7 trolley\"").matcher(list);
        assertTrue(revoke.find(), list);
        HttpResponse<String> revoked = tech.post(revoke.group(1), "_csrf=" + csrf);
        assertEquals(303, revoked.statusCode(), revoked.body());
        assertEquals(403, rc.enrollAs(token, UUID.randomUUID().toString(), "cart-2", "SN-C2", null).statusCode());
        assertEquals(202, report(device).statusCode(), "its device keeps reporting");
    }

    private static HttpResponse<String> report(EnrollResponse d) throws Exception {
        return rc.postReport(d, ReportCodec.toJson(SampleReports.heartbeat(d.deviceId(), Instant.now())), false);
    }

    /** The waiting request with this id in {@code GET /api/v1/enrollment/pending}, or null. */
    private static JsonNode pendingItem(UUID id) throws Exception {
        HttpResponse<String> res = rc.as(technician, "GET", "/api/v1/enrollment/pending", null);
        assertEquals(200, res.statusCode(), res.body());
        for (JsonNode n : WireJson.mapper().readTree(res.body()).get("items")) {
            if (n.get("id").asText().equals(id.toString())) {
                return n;
            }
        }
        return null;
    }
}
