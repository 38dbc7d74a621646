package io.rollcall.collector.assets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.collector.support.TestCollector;
import io.rollcall.common.wire.WireJson;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The asset register through HTTP: validation, unique tags, status history with who changed it. */
class AssetRegisterTest {
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

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return WireJson.mapper().readTree(r.body());
    }

    @Test
    void assetIsAddedOnceAndEveryStatusChangeIsKeptWithItsActor() throws Exception {
        HttpResponse<String> made = rc.admin("POST", "/api/v1/assets",
                "{\"tag\":\"CAM-007\",\"type\":\"camera\",\"make\":\"Canon\",\"model\":\"EOS 250D\",\"serial\":\"C1\",\"purchasedOn\":\"2023-09-01\",\"cost\":\"549.99\"}");
        assertEquals(201, made.statusCode(), made.body());
        assertEquals("in-stock", json(made).get("status").asText());
        assertEquals("549.99", json(made).get("cost").asText());
        assertEquals(409, rc.admin("POST", "/api/v1/assets", "{\"tag\":\"CAM-007\",\"type\":\"camera\"}").statusCode());

        HttpResponse<String> repair = rc.admin("POST", "/api/v1/assets/CAM-007/status", "{\"status\":\"repair\",\"note\":\"shutter stuck\"}");
        assertEquals(200, repair.statusCode(), repair.body());
        JsonNode history = json(repair).get("history");
        assertEquals(2, history.size());
        assertEquals("in-stock", history.get(1).get("fromStatus").asText());
        assertEquals("repair", history.get(1).get("toStatus").asText());
        assertEquals("shutter stuck", history.get(1).get("note").asText());
        assertEquals("first-run-admin", history.get(1).get("actor").asText());
        assertEquals(1, json(rc.adminGet("/api/v1/assets?status=repair")).get("items").size());
    }

    @Test
    void badAssetsAreRefusedNamingTheField() throws Exception {
        assertTrue(rc.admin("POST", "/api/v1/assets", "{\"tag\":\"X1\",\"type\":\"spaceship\"}").body().contains("type"));
        assertTrue(rc.admin("POST", "/api/v1/assets", "{\"tag\":\"bad tag!\",\"type\":\"phone\"}").body().contains("tag"));
        assertTrue(rc.admin("POST", "/api/v1/assets", "{\"tag\":\"X2\",\"type\":\"phone\",\"cost\":-1}").body().contains("cost"));
        assertTrue(rc.admin("POST", "/api/v1/assets", "{\"tag\":\"X3\",\"type\":\"phone\",\"status\":\"on-loan\"}").body().contains("status"));
        assertEquals(400, rc.admin("POST", "/api/v1/assets/X9/status", "{\"status\":\"on-loan\"}").statusCode());
        assertEquals(404, rc.adminGet("/api/v1/assets/NOPE").statusCode());
        assertEquals(0, json(rc.adminGet("/api/v1/assets?q=X")).get("items").size());
    }

    @Test
    void everyLoanRouteNeedsAuthentication() throws Exception {
        for (String path : new String[] {"/api/v1/assets", "/api/v1/people", "/api/v1/loans", "/api/v1/exports/loans.csv"}) {
            assertEquals(401, rc.send(rc.request(path).GET()).statusCode(), path);
        }
    }
}
