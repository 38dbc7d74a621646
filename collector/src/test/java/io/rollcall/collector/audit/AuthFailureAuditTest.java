package io.rollcall.collector.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.collector.support.MutableClock;
import io.rollcall.collector.support.TestCollector;
import io.rollcall.common.wire.WireJson;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests refused with 401 in front of the route table are audited over real HTTPS, one row per client
 * address per minute with a count, and the secret presented is never stored.
 */
class AuthFailureAuditTest {
    @TempDir
    static Path dir;
    static TestCollector c;
    static final MutableClock clock = new MutableClock(Instant.parse("2025-06-02T07:00:00Z"));

    @BeforeAll
    static void start() throws Exception {
        c = new TestCollector(dir).start(0, cfg -> cfg.withStaleSweepMinutes(0), clock);
    }

    @AfterAll
    static void stop() {
        c.close();
    }

    @Test
    void aFloodOfBadTokensIsOneRowPerMinuteWithACountAndNoSecret() throws Exception {
        String secret = "rc_pat_NotARealSecretButLongEnough0123456789abcdef";
        for (int i = 0; i < 30; i++) {
            HttpResponse<String> res = c.send(c.request("/api/v1/devices?x=" + i).header("Authorization", "Bearer " + secret));
            assertEquals(401, res.statusCode(), res.body());
        }
        assertEquals(401, c.send(c.request("/api/v1/findings")).statusCode()); // no credential at all
        assertEquals(401, c.send(c.request("/api/v1/tokens").header("Authorization", "Basic "
                + java.util.Base64.getEncoder().encodeToString("alice:wrong-password".getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode());

        // the minute is still open: nothing written yet
        assertEquals(List.of(), failures());
        clock.advance(Duration.ofSeconds(61));
        List<JsonNode> rows = failures();
        assertEquals(1, rows.size(), rows.toString());
        JsonNode row = rows.get(0);
        assertEquals("token rc_pat_", row.get("actorId").asText());
        assertEquals("127.0.0.1", row.get("remote").asText());
        assertEquals("GET /api/v1/devices", row.get("target").asText());
        assertEquals(401, row.get("status").asInt());
        String detail = row.get("detail").asText();
        assertTrue(detail.startsWith("32 refused authentications in 60 s"), detail);
        assertTrue(detail.contains("no credential") && detail.contains("basic"), detail);
        assertTrue(detail.contains("POST /api/v1/tokens"), detail);

        // a later failure opens a new window and, once it ends, a second row
        assertEquals(401, c.send(c.request("/api/v1/devices").header("Authorization", "Bearer nonsense")).statusCode());
        clock.advance(Duration.ofSeconds(61));
        rows = failures();
        assertEquals(2, rows.size(), rows.toString());
        assertTrue(rows.get(0).get("detail").asText().startsWith("1 refused authentication in"), rows.toString());
        assertEquals("token", rows.get(0).get("actorId").asText());

        String csv = c.adminGet("/api/v1/exports/audit.csv").body();
        assertFalse(csv.contains("NotARealSecret") || csv.contains("wrong-password") || csv.contains("nonsense"), csv);
    }

    private static List<JsonNode> failures() throws Exception {
        HttpResponse<String> res = c.adminGet("/api/v1/audit?limit=1000");
        assertEquals(200, res.statusCode(), res.body());
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode e : WireJson.mapper().readTree(res.body()).get("items")) {
            if (AuthFailures.ACTION.equals(e.get("action").asText())) {
                out.add(e);
            }
        }
        return out;
    }
}
