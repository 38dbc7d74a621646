package io.rollcall.collector.enrollment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.collector.support.MutableClock;
import io.rollcall.collector.support.TestCollector;
import io.rollcall.collector.support.TwoNodes;
import io.rollcall.common.enroll.EnrollResponse;
import io.rollcall.common.sample.SampleReports;
import io.rollcall.common.wire.ReportCodec;
import io.rollcall.common.wire.WireJson;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 3, on two collectors sharing one database and one Hazelcast cluster, on a clock the test moves:
 * several labelled tokens with an expiry, a device limit and a per-minute rate, created (shown once), listed (never
 * shown again) and revoked through the API; retired tokens are refused with their reason and unenrol nothing.
 */
class EnrollTokensTest {
    @TempDir
    static Path a;
    @TempDir
    static Path b;
    static TwoNodes nodes;
    static TestCollector one;
    static TestCollector two;
    static String technician;
    // minute-aligned, and every step below is whole minutes or days, so a test never straddles a rate window
    static final Instant START = Instant.parse("2025-09-01T08:00:00Z");
    static final MutableClock clock = new MutableClock(START);

    @BeforeAll
    static void start() throws Exception {
        nodes = TwoNodes.start(a, b, "rc-enroll-tokens-", clock, c -> c.withStaleSweepMinutes(0));
        one = nodes.one();
        two = nodes.two();
        technician = one.newUserToken("technician");
    }

    @AfterAll
    static void stop() {
        if (nodes != null) {
            nodes.close();
        }
    }

    @Test
    void aTokenIsShownOnceListedWithoutItselfAndEnrolsOnEveryNode() throws Exception {
        JsonNode created = create("{\"label\":\"Year 7 trolley\",\"validDays\":30,\"maxDevices\":40}");
        String token = created.get("token").asText();
        assertTrue(token.startsWith("rc_enroll_") && token.length() > 40, token);
        assertEquals("active", created.get("state").asText());
        assertEquals(clock.instant().plus(Duration.ofDays(30)), Instant.parse(created.get("expiresAt").asText()));
        assertEquals(EnrollTokens.DEFAULT_PER_MINUTE, created.get("perMinute").asInt());

        assertEquals(200, enrol(two, token).statusCode(), "created on node one, used on node two");
        HttpResponse<String> list = one.as(technician, "GET", "/api/v1/enrollment/tokens", null);
        assertEquals(200, list.statusCode(), list.body());
        assertFalse(list.body().contains(token), "the token is never shown again");
        assertFalse(list.body().contains(io.rollcall.collector.auth.Secrets.sha256Hex(token)), "nor its hash");
        JsonNode row = byId(list.body(), created.get("id").asText());
        assertEquals("Year 7 trolley", row.get("label").asText());
        assertEquals(1, row.get("enrolled").asInt());
        assertEquals(40, row.get("maxDevices").asInt());
        assertTrue(row.hasNonNull("lastUsedAt"));
    }

    @Test
    void aUsedUpTokenEnrolsNoNewDeviceButItsDevicesKeepReportingAndRotating() throws Exception {
        String token = create("{\"label\":\"two only\",\"validDays\":7,\"maxDevices\":2}").get("token").asText();
        EnrollResponse first = parse(enrol(one, token));
        parse(enrol(two, token));
        HttpResponse<String> third = enrol(one, token);
        assertEquals(403, third.statusCode(), third.body());
        assertEquals("enrolment-token-used-up", error(third));
        assertTrue(third.body().contains("two only") && third.body().contains("2 devices"), third.body());
        assertEquals(202, report(one, first).statusCode());
        // the limit counts devices, not enrolments: a known device still rotates its own secret with it
        HttpResponse<String> rotated = one.enrollAs(token, hardware.get(first.deviceId()), "h", "s", first);
        assertEquals(200, rotated.statusCode(), rotated.body());
    }

    @Test
    void aRevokedTokenIsRefusedWithItsReasonAndUnenrolsNothing() throws Exception {
        JsonNode created = create("{\"label\":\"lost on a USB stick\",\"validDays\":30,\"maxDevices\":10}");
        String token = created.get("token").asText();
        EnrollResponse device = parse(enrol(one, token));
        HttpResponse<String> revoked = one.as(technician, "DELETE", "/api/v1/enrollment/tokens/" + created.get("id").asText(), null);
        assertEquals(200, revoked.statusCode(), revoked.body());
        assertEquals("revoked", WireJson.mapper().readTree(revoked.body()).get("state").asText());

        HttpResponse<String> refused = enrol(two, token);
        assertEquals(403, refused.statusCode(), refused.body());
        assertEquals("enrolment-token-revoked", error(refused));
        assertTrue(refused.body().contains("lost on a USB stick"), refused.body());
        assertEquals(202, report(two, device).statusCode(), "revoking a token never unenrols its devices");
        assertEquals(404, one.as(technician, "DELETE", "/api/v1/enrollment/tokens/" + UUID.randomUUID(), null).statusCode());
    }

    @Test
    void anExpiredTokenIsRefusedWithItsReason() throws Exception {
        String token = create("{\"label\":\"one day\",\"validDays\":1,\"maxDevices\":10}").get("token").asText();
        EnrollResponse device = parse(enrol(one, token));
        clock.advance(Duration.ofDays(2));
        HttpResponse<String> refused = enrol(one, token);
        assertEquals(403, refused.statusCode(), refused.body());
        assertEquals("enrolment-token-expired", error(refused));
        assertEquals(202, report(one, device).statusCode());
        String until = clock.instant().plus(Duration.ofDays(3)).toString();
        JsonNode dated = create("{\"label\":\"dated\",\"expiresAt\":\"" + until + "\",\"maxDevices\":1}");
        assertEquals(until, dated.get("expiresAt").asText());
    }

    @Test
    void eachTokenIsLimitedPerMinuteAcrossTheClusterWithRetryAfter() throws Exception {
        String token = create("{\"label\":\"slow\",\"validDays\":5,\"maxDevices\":100,\"perMinute\":3}").get("token").asText();
        String other = create("{\"label\":\"other\",\"validDays\":5,\"maxDevices\":100,\"perMinute\":3}").get("token").asText();
        assertEquals(200, enrol(one, token).statusCode());
        assertEquals(200, enrol(two, token).statusCode());
        assertEquals(200, enrol(one, token).statusCode());
        HttpResponse<String> limited = enrol(two, token);
        assertEquals(429, limited.statusCode(), limited.body());
        assertEquals("too-many-attempts", error(limited));
        long retry = Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retry >= 1 && retry <= 60, "Retry-After " + retry);
        assertEquals(200, enrol(two, other).statusCode(), "another token has its own budget");
        clock.advance(Duration.ofMinutes(1));
        assertEquals(200, enrol(two, token).statusCode(), "the next minute lets it in again");
    }

    @Test
    void badTokenRequestsAreRefusedNamingTheField() throws Exception {
        assertRefused("{\"validDays\":3,\"maxDevices\":1}", "label");
        assertRefused("{\"label\":\"x\",\"maxDevices\":1}", "expiresAt");
        assertRefused("{\"label\":\"x\",\"validDays\":3,\"expiresAt\":\"2030-01-01\",\"maxDevices\":1}", "expiresAt");
        assertRefused("{\"label\":\"x\",\"validDays\":0,\"maxDevices\":1}", "validDays");
        assertRefused("{\"label\":\"x\",\"validDays\":3,\"maxDevices\":\"lots\"}", "maxDevices");
        assertRefused("{\"label\":\"x\",\"validDays\":3}", "maxDevices");
        assertRefused("{\"label\":\"x\",\"validDays\":3,\"maxDevices\":1,\"perMinute\":-1}", "perMinute");
        assertRefused("{\"label\":\"x\",\"expiresAt\":\"2001-01-01T00:00:00Z\",\"maxDevices\":1}", "expiresAt");
        assertEquals(400, one.as(technician, "POST", "/api/v1/enrollment/tokens", "[1,2]").statusCode());
    }

    @Test
    void theFirstRunTokenIsALabelledTokenWithAYearAndFiveThousandDevicesAndCanBeRevoked() throws Exception {
        // node two's own first-run token, which no other test uses
        JsonNode list = WireJson.mapper().readTree(two.as(technician, "GET", "/api/v1/enrollment/tokens", null).body());
        int firstRuns = 0;
        for (JsonNode t : list.get("items")) {
            if (t.get("firstRun").asBoolean()) {
                firstRuns++;
                assertEquals("first-run", t.get("label").asText());
                assertEquals(5000, t.get("maxDevices").asInt());
                assertEquals(300, t.get("perMinute").asInt());
                assertEquals(START.plus(Duration.ofDays(365)), Instant.parse(t.get("expiresAt").asText()));
            }
        }
        assertEquals(2, firstRuns, "one per node: each node's data dir has its own first-run token");
        EnrollResponse device = parse(enrol(two, two.enrollToken));
        JsonNode info = WireJson.mapper().readTree(two.as(technician, "GET", "/api/v1/enrollment", null).body());
        assertEquals(two.enrollToken, info.get("enrollToken").asText());

        String id = null;
        for (JsonNode t : WireJson.mapper().readTree(two.as(technician, "GET", "/api/v1/enrollment/tokens", null).body())
                .get("items")) {
            if (t.get("firstRun").asBoolean() && t.get("enrolled").asInt() > 0) { // node one's is never used here
                id = t.get("id").asText();
            }
        }
        assertEquals(200, two.as(technician, "DELETE", "/api/v1/enrollment/tokens/" + id, null).statusCode());
        assertEquals("enrolment-token-revoked", error(enrol(two, two.enrollToken)));
        info = WireJson.mapper().readTree(two.as(technician, "GET", "/api/v1/enrollment", null).body());
        assertFalse(info.hasNonNull("enrollToken"), "a revoked token is not offered: " + info);
        assertTrue(info.path("commands").path("debian").asText().contains("<enrolment token>"));
        assertEquals(202, report(two, device).statusCode());
    }

    // ---- helpers ----

    private static final java.util.Map<UUID, String> hardware = new java.util.concurrent.ConcurrentHashMap<>();

    private static JsonNode create(String body) throws Exception {
        HttpResponse<String> res = one.as(technician, "POST", "/api/v1/enrollment/tokens", body);
        assertEquals(201, res.statusCode(), res.body());
        assertEquals("no-store", res.headers().firstValue("Cache-Control").orElse(""));
        return WireJson.mapper().readTree(res.body());
    }

    private static void assertRefused(String body, String field) throws Exception {
        HttpResponse<String> res = one.as(technician, "POST", "/api/v1/enrollment/tokens", body);
        assertEquals(400, res.statusCode(), body + " → " + res.body());
        assertTrue(WireJson.mapper().readTree(res.body()).get("detail").asText().startsWith(field + ":"),
                body + " → " + res.body());
    }

    /** Enrols new hardware with {@code token} on {@code node}. */
    private static HttpResponse<String> enrol(TestCollector node, String token) throws Exception {
        String hw = UUID.randomUUID().toString();
        HttpResponse<String> res = node.enrollAs(token, hw, "host-" + hw.substring(0, 8), "SN-" + hw.substring(0, 6), null);
        if (res.statusCode() == 200) {
            hardware.put(parse(res).deviceId(), hw);
        }
        return res;
    }

    private static EnrollResponse parse(HttpResponse<String> res) throws Exception {
        assertEquals(200, res.statusCode(), res.body());
        return WireJson.mapper().readValue(res.body(), EnrollResponse.class);
    }

    private static String error(HttpResponse<String> res) throws Exception {
        return WireJson.mapper().readTree(res.body()).get("error").asText();
    }

    private static JsonNode byId(String body, String id) throws Exception {
        for (JsonNode n : WireJson.mapper().readTree(body).get("items")) {
            if (n.get("id").asText().equals(id)) {
                return n;
            }
        }
        throw new AssertionError("no token " + id + " in " + body);
    }

    private static HttpResponse<String> report(TestCollector node, EnrollResponse d) throws Exception {
        return node.postReport(d, ReportCodec.toJson(SampleReports.heartbeat(d.deviceId(), clock.instant())), false);
    }
}
