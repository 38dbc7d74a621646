package io.rollcall.collector.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.collector.support.TestCollector;
import io.rollcall.common.wire.WireJson;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Users, personal tokens, the first-run token's revocation, login limits and the audit log, over real HTTPS. */
class PeopleApiTest {
    @TempDir
    static Path dir;
    static TestCollector tc;

    @BeforeAll
    static void start() throws Exception {
        tc = new TestCollector(dir).start(0);
    }

    @AfterAll
    static void stop() {
        tc.close();
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return WireJson.mapper().readTree(r.body());
    }

    private static HttpResponse<String> basicToken(String user, String password) throws Exception {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return tc.send(tc.request("/api/v1/tokens").header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"cli\"}")));
    }

    @Test
    void badUserFieldsAreRefusedNamingTheFieldAndNothingIsStored() throws Exception {
        var res = tc.admin("POST", "/api/v1/users",
                "{\"username\":\"Bad Name!\",\"displayName\":\"x\",\"role\":\"slt\",\"password\":\"long enough password\"}");
        assertEquals(400, res.statusCode());
        assertTrue(json(res).get("detail").asText().startsWith("username:"), res.body());
        res = tc.admin("POST", "/api/v1/users",
                "{\"username\":\"ok.name\",\"displayName\":\"x\",\"role\":\"governor\",\"password\":\"long enough password\"}");
        assertEquals(400, res.statusCode());
        assertTrue(json(res).get("detail").asText().contains("role"), res.body());
        res = tc.admin("POST", "/api/v1/users",
                "{\"username\":\"ok.name\",\"displayName\":\"x\",\"role\":\"slt\",\"password\":\"short\"}");
        assertEquals(400, res.statusCode());
        assertTrue(json(res).get("detail").asText().startsWith("password:"), res.body());
        var users = json(tc.adminGet("/api/v1/users")).get("items");
        for (JsonNode u : users) {
            assertTrue(!u.get("username").asText().equals("ok.name"), "nothing stored for refused requests");
            assertTrue(u.get("passwordHash") == null, "hash never leaves the collector");
        }
    }

    @Test
    void duplicateUsernameIsAConflict() throws Exception {
        tc.createUser("dup.user", "slt", "a long password 1");
        var res = tc.admin("POST", "/api/v1/users",
                "{\"username\":\"DUP.user\",\"displayName\":\"x\",\"role\":\"slt\",\"password\":\"a long password 2\"}");
        assertEquals(409, res.statusCode(), res.body());
    }

    @Test
    void personalTokenCarriesItsOwnersRoleAndStopsWorkingWhenRevoked() throws Exception {
        tc.createUser("bm.one", "business-manager", "bm password here");
        var created = basicToken("bm.one", "bm password here");
        assertEquals(201, created.statusCode(), created.body());
        String token = json(created).get("token").asText();
        String id = json(created).get("id").asText();
        assertEquals("business-manager", json(tc.as(token, "GET", "/api/v1/me", null)).get("role").asText());
        assertEquals(200, tc.as(token, "GET", "/api/v1/devices", null).statusCode());
        assertEquals(403, tc.as(token, "GET", "/api/v1/devices/" + UUID.randomUUID(), null).statusCode());
        assertEquals(200, tc.as(token, "DELETE", "/api/v1/tokens/" + id, null).statusCode());
        assertEquals(401, tc.as(token, "GET", "/api/v1/me", null).statusCode());
    }

    @Test
    void oneUserCannotRevokeAnothersToken() throws Exception {
        String a = tc.newUserToken("technician");
        String b = tc.newUserToken("technician");
        String bId = json(tc.as(b, "GET", "/api/v1/tokens", null)).get("items").get(0).get("id").asText();
        assertEquals(404, tc.as(a, "DELETE", "/api/v1/tokens/" + bId, null).statusCode());
        assertEquals(200, tc.as(b, "GET", "/api/v1/me", null).statusCode());
    }

    @Test
    void repeatedWrongPasswordsHoldThatAddressBackEvenForTheRightPassword() throws Exception {
        tc.createUser("locked.out", "technician", "the right password");
        for (int i = 0; i < 5; i++) {
            // the first three are answered; then each wait doubles (LoginThrottleTest moves the clock through them)
            int status = basicToken("locked.out", "a wrong password").statusCode();
            assertTrue(status == 401 || (i >= 3 && status == 429), "attempt " + i + ": " + status);
        }
        var res = basicToken("locked.out", "the right password");
        assertEquals(429, res.statusCode(), res.body());
        assertTrue(res.headers().firstValue("Retry-After").isPresent());
        // another account from the same address is not held back by it
        tc.createUser("still.fine", "technician", "another right password");
        assertEquals(201, basicToken("still.fine", "another right password").statusCode());
    }

    @Test
    void passwordResetTakesEffectAndTheOldPasswordStopsWorking() throws Exception {
        JsonNode u = tc.createUser("reset.me", "slt", "the first password");
        var res = tc.admin("POST", "/api/v1/users/" + u.get("id").asText() + "/password",
                "{\"password\":\"the second password\"}");
        assertEquals(200, res.statusCode(), res.body());
        assertEquals(401, basicToken("reset.me", "the first password").statusCode());
        assertEquals(201, basicToken("reset.me", "the second password").statusCode());
    }

    @Test
    void changesAndDeviceViewsAreAuditedWithWhoWhatAndFromWhere() throws Exception {
        String tech = tc.newUserToken("technician");
        String techId = json(tc.as(tech, "GET", "/api/v1/me", null)).get("id").asText();
        var device = tc.enroll(UUID.randomUUID().toString());
        tc.as(tech, "GET", "/api/v1/devices/" + device.deviceId(), null);
        JsonNode items = json(tc.adminGet("/api/v1/audit?actor=" + techId)).get("items");
        boolean sawView = false;
        boolean sawTokenCreation = false;
        for (JsonNode e : items) {
            sawView |= e.get("action").asText().equals("GET")
                    && e.get("target").asText().equals("/api/v1/devices/" + device.deviceId());
            sawTokenCreation |= e.get("action").asText().equals("POST") && e.get("target").asText().equals("/api/v1/tokens");
            assertEquals("127.0.0.1", e.get("remote").asText());
            assertEquals("technician", e.get("role").asText());
        }
        assertTrue(sawView, items.toString());
        assertTrue(sawTokenCreation, items.toString());
        var csv = tc.adminGet("/api/v1/exports/audit.csv?actor=" + techId);
        assertEquals(200, csv.statusCode());
        assertTrue(csv.body().contains(",GET,/api/v1/devices/" + device.deviceId() + ",200,127.0.0.1"), csv.body());
    }

    @Test
    void firstRunAdminTokenWorksUntilAnAdminRevokesIt() throws Exception {
        // separate collector: revoking the first-run token would break the other tests' admin calls
        try (TestCollector own = new TestCollector(dir.resolve("own-" + UUID.randomUUID())).start(0)) {
            String admin = own.newUserToken("admin");
            JsonNode tokens = json(own.as(admin, "GET", "/api/v1/tokens", null)).get("items");
            String firstRunId = null;
            for (JsonNode t : tokens) {
                if (t.path("owner").isMissingNode() || t.get("owner").isNull()) {
                    firstRunId = t.get("id").asText();
                }
            }
            assertEquals(200, own.adminGet("/api/v1/users").statusCode());
            assertEquals(200, own.as(admin, "DELETE", "/api/v1/tokens/" + firstRunId, null).statusCode());
            assertEquals(401, own.adminGet("/api/v1/users").statusCode());
            assertEquals(200, own.as(admin, "GET", "/api/v1/users", null).statusCode());
        }
    }

    @Test
    void complianceTrendHasTodaysSnapshotAndExportsAsCsv() throws Exception {
        var trend = json(tc.adminGet("/api/v1/compliance/trend?days=7")).get("days");
        assertEquals(1, trend.size(), trend.toString());
        assertTrue(trend.get(0).has("compliant"));
        var csv = tc.adminGet("/api/v1/exports/compliance.csv");
        assertTrue(csv.body().startsWith("day,devices,compliant,compliant_percent,stale\r\n"), csv.body());
        assertEquals(400, tc.adminGet("/api/v1/compliance/trend?days=0").statusCode());
    }
}
