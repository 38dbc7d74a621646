package io.rollcall.collector.assets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.collector.support.ConsoleSession;
import io.rollcall.collector.support.TestCollector;
import io.rollcall.common.enroll.EnrollResponse;
import io.rollcall.common.sample.SampleReports;
import io.rollcall.common.wire.ReportCodec;
import io.rollcall.common.wire.WireJson;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11: a serial number claimed by a second enrolled device (a copied identity, say) is shown as a conflict on the
 * asset, in the API and the console, and the asset stays linked to the device first enrolled with it, however
 * recently the newcomer reported.
 */
class SerialConflictTest {
    @TempDir
    static Path dir;
    static TestCollector rc;

    @BeforeAll
    static void start() throws Exception {
        rc = new TestCollector(dir).start(0);
    }

    @AfterAll
    static void stop() {
        rc.close();
    }

    @Test
    void aSecondDeviceClaimingALaptopsSerialIsAConflictNeverTheNewLink() throws Exception {
        String serial = "SN-" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(201, rc.admin("POST", "/api/v1/assets",
                "{\"tag\":\"LAP-77\",\"type\":\"laptop\",\"serial\":\"" + serial + "\"}").statusCode());
        EnrollResponse real = enrol(serial, "lab-real");
        assertEquals(202, report(real).statusCode());
        JsonNode asset = asset();
        assertEquals(real.deviceId().toString(), asset.path("device").get("deviceId").asText());
        assertEquals(0, asset.get("serialConflict").size());

        EnrollResponse copy = enrol(serial, "lab-copy");
        assertEquals(202, report(copy).statusCode(), "the newcomer reported last");
        asset = asset();
        assertEquals(real.deviceId().toString(), asset.path("device").get("deviceId").asText(), "not re-linked");
        assertEquals(2, asset.get("serialConflict").size(), asset.toString());
        assertEquals(real.deviceId().toString(), asset.get("serialConflict").get(0).asText());
        assertEquals(copy.deviceId().toString(), asset.get("serialConflict").get(1).asText());
        JsonNode listed = WireJson.mapper().readTree(rc.adminGet("/api/v1/assets?q=LAP-77").body()).get("items").get(0);
        assertEquals(2, listed.get("serialConflict").size(), "the register's list shows it too");

        ConsoleSession bm = ConsoleSession.newUser(rc, "bm.serials", "business-manager");
        String page = bm.get("/console/assets/LAP-77").body();
        assertTrue(page.contains("id=\"serial-conflict\"") && page.contains(real.deviceId().toString())
                && page.contains(copy.deviceId().toString()), page);
        assertTrue(page.contains("<dd>lab-real</dd>"), "the linked device stays the first: " + page);
        assertTrue(bm.get("/console/assets?q=LAP-77").body().contains("serial conflict"));
    }

    private static EnrollResponse enrol(String serial, String host) throws Exception {
        HttpResponse<String> res = rc.enrollAs(rc.enrollToken, UUID.randomUUID().toString(), host, serial, null);
        assertEquals(200, res.statusCode(), res.body());
        return WireJson.mapper().readValue(res.body(), EnrollResponse.class);
    }

    private static JsonNode asset() throws Exception {
        HttpResponse<String> res = rc.adminGet("/api/v1/assets/LAP-77");
        assertEquals(200, res.statusCode(), res.body());
        return WireJson.mapper().readTree(res.body());
    }

    private static HttpResponse<String> report(EnrollResponse d) throws Exception {
        return rc.postReport(d, ReportCodec.toJson(SampleReports.heartbeat(d.deviceId(), Instant.now())), false);
    }
}
