package io.rollcall.collector.enrollment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.collector.support.TestCollector;
import io.rollcall.common.wire.WireJson;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnrollmentApiTest {
    @TempDir
    Path dir;
    TestCollector tc;

    @BeforeEach
    void start() throws Exception {
        tc = new TestCollector(dir.resolve("data")).start(0);
    }

    @AfterEach
    void stop() {
        tc.close();
    }

    @Test
    void givesTheUrlFingerprintTokenAndFilledInCommands() throws Exception {
        HttpResponse<String> res = tc.adminGet("/api/v1/enrollment");
        assertEquals(200, res.statusCode(), res.body());
        assertEquals("no-store", res.headers().firstValue("Cache-Control").orElse(""));
        JsonNode b = WireJson.mapper().readTree(res.body());
        assertEquals(tc.collector().url(), b.get("collectorUrl").asText());
        assertEquals(tc.collector().caFingerprint(), b.get("caFingerprint").asText());
        assertEquals(tc.enrollToken, b.get("enrollToken").asText());
        assertEquals("first-run.json", b.get("enrollTokenSource").asText());
        assertEquals(0, b.get("installers").size());
        String msi = b.path("commands").path("windows").asText();
        assertEquals("msiexec /i rollcall-agent-x64.msi /qn COLLECTOR_URL=\"" + tc.collector().url() + "\" ENROLL_TOKEN=\""
                + tc.enrollToken + "\" CA_FINGERPRINT=\"" + tc.collector().caFingerprint() + "\"", msi);
        assertTrue(b.path("commands").path("debian").asText().contains("ROLLCALL_ENROLL_TOKEN='" + tc.enrollToken + "'"));
        assertTrue(b.path("commands").path("macos").asText().endsWith("sudo installer -pkg rollcall-agent.pkg -target /"));
    }

    @Test
    void fallsBackToTheEnvironmentTokenOnceFirstRunJsonIsMovedAway() throws Exception {
        Files.delete(tc.dataDir.resolve("first-run.json"));
        JsonNode b = WireJson.mapper().readTree(tc.adminGet("/api/v1/enrollment").body());
        assertEquals(tc.enrollToken, b.get("enrollToken").asText());
        assertEquals("environment", b.get("enrollTokenSource").asText());
    }

    @Test
    void neverOffersATokenThatNoLongerEnrols() throws Exception {
        Path fr = tc.dataDir.resolve("first-run.json");
        Files.writeString(fr, Files.readString(fr).replace(tc.enrollToken, "rc_enroll_rotated-away-long-ago-000000"));
        tc.stop();
        // restarted without the variable: only the (stale) file could offer a token
        try (TestCollector again = TestCollector.reopen(tc.dataDir, tc.enrollToken, tc.adminToken).start(0)) {
            JsonNode b = WireJson.mapper().readTree(again.adminGet("/api/v1/enrollment").body());
            assertEquals("environment", b.get("enrollTokenSource").asText(), b.toString());
            assertEquals(tc.enrollToken, b.get("enrollToken").asText());
        }
    }

    @Test
    void rotatingTheFirstRunTokenThroughTheVariableRetiresTheOldOne() throws Exception {
        String old = tc.enrollToken;
        tc.stop();
        String fresh = TestCollector.randomToken("rc_enroll_");
        try (TestCollector again = TestCollector.reopen(tc.dataDir, fresh, tc.adminToken).start(0)) {
            String hw = java.util.UUID.randomUUID().toString();
            assertEquals(401, again.enrollAs(old, hw, "h", "s", null).statusCode(), "the replaced token enrols nothing");
            assertEquals(200, again.enrollAs(fresh, hw, "h", "s", null).statusCode());
            JsonNode b = WireJson.mapper().readTree(again.adminGet("/api/v1/enrollment").body());
            assertEquals(fresh, b.get("enrollToken").asText());
        }
    }

    @Test
    void servesOnlyTheBuiltInstallersByName() throws Exception {
        Path installers = Files.createDirectories(tc.dataDir.resolve("installers"));
        byte[] deb = new byte[100_000];
        new java.util.Random(7).nextBytes(deb);
        Files.write(installers.resolve("rollcall-agent_amd64.deb"), deb);
        Files.writeString(installers.resolve("notes.txt"), "not an installer");

        JsonNode b = WireJson.mapper().readTree(tc.adminGet("/api/v1/enrollment").body());
        assertEquals(1, b.get("installers").size(), b.toString());
        JsonNode i = b.get("installers").get(0);
        assertEquals("debian", i.get("platform").asText());
        assertEquals(deb.length, i.get("sizeBytes").asLong());

        HttpResponse<byte[]> got = tc.http().send(tc.request(i.get("downloadPath").asText())
                .header("Authorization", "Bearer " + tc.adminToken).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, got.statusCode());
        assertArrayEquals(deb, got.body());
        assertTrue(got.headers().firstValue("Content-Disposition").orElse("").contains("rollcall-agent_amd64.deb"));

        for (String bad : new String[] {"notes.txt", "rollcall-agent-x64.msi", "..%2Ffirst-run.json", "%2e%2e%2f%2e%2e%2fetc%2fpasswd"}) {
            HttpResponse<String> r = tc.adminGet("/api/v1/enrollment/installers/" + bad);
            assertEquals(404, r.statusCode(), bad + ": " + r.body());
            assertTrue(r.body().contains("\"error\""), r.body());
            assertTrue(!r.body().contains("enrollToken") && !r.body().contains(tc.enrollToken), r.body());
        }
    }

    @Test
    void refusesCallersWithoutAToken() throws Exception {
        assertEquals(401, tc.send(tc.request("/api/v1/enrollment").GET()).statusCode());
        assertEquals(401, tc.send(tc.request("/api/v1/enrollment/installers/rollcall-agent_amd64.deb").GET()).statusCode());
        assertEquals(401, tc.send(tc.request("/api/v1/enrollment").header("Authorization", "Bearer " + tc.enrollToken).GET())
                .statusCode(), "the enrolment token is not an admin credential");
    }
}
