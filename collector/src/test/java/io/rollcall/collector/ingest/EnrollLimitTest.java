package io.rollcall.collector.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.collector.support.MutableClock;
import io.rollcall.collector.support.TestCollector;
import io.rollcall.collector.support.TwoNodes;
import io.rollcall.common.enroll.EnrollRequest;
import io.rollcall.common.enroll.OsRef;
import io.rollcall.common.wire.ReportCodec;
import io.rollcall.common.wire.WireJson;
import java.net.http.HttpRequest;
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
 * Wrong enrolment tokens are limited per client address across a two-node cluster (one database, one
 * Hazelcast cluster), over real HTTPS: the 21st attempt is refused with 429 even with the right token.
 */
class EnrollLimitTest {
    @TempDir
    static Path a;
    @TempDir
    static Path b;
    static TwoNodes nodes;
    static TestCollector one;
    static TestCollector two;
    // the start of a 15-minute window, so the test never straddles two windows
    static final MutableClock clock = new MutableClock(Instant.parse("2025-06-02T07:00:00Z"));

    @BeforeAll
    static void start() throws Exception {
        nodes = TwoNodes.start(a, b, "rc-enroll-limit-", clock, c -> c.withStaleSweepMinutes(0));
        one = nodes.one();
        two = nodes.two();
    }

    @AfterAll
    static void stop() {
        if (nodes != null) {
            nodes.close();
        }
    }

    @Test
    void twentyWrongTokensOverTwoNodesLockTheAddressOutEvenWithTheRightToken() throws Exception {
        assertEquals(2, one.collector().hazelcast().getCluster().getMembers().size());
        // successes do not count
        for (int i = 0; i < 3; i++) {
            var enrolled = one.enroll(UUID.randomUUID().toString());
            assertNotNull(enrolled.deviceSecret());
            assertEquals(7, enrolled.deviceId().version(), "a device's id is time-ordered (UUID version 7)");
        }
        for (int i = 0; i < 20; i++) {
            TestCollector node = i % 2 == 0 ? one : two;
            HttpResponse<String> res = enroll(node, "rc_enroll_wrong" + i);
            assertEquals(401, res.statusCode(), res.body());
        }
        HttpResponse<String> refused = enroll(one, one.enrollToken);
        assertEquals(429, refused.statusCode(), refused.body());
        JsonNode body = WireJson.mapper().readTree(refused.body());
        assertEquals("too-many-attempts", body.get("error").asText());
        assertTrue(body.get("detail").asText().contains("seconds"), refused.body());
        long retry = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retry > 0 && retry <= 900, "Retry-After " + retry);
        assertEquals(429, enroll(two, "rc_enroll_wrong-again").statusCode());

        // the next window lets the address in again
        clock.advance(Duration.ofMinutes(15));
        assertEquals(200, enroll(one, one.enrollToken).statusCode());
    }

    private static HttpResponse<String> enroll(TestCollector node, String token) throws Exception {
        String hw = UUID.randomUUID().toString();
        EnrollRequest req = new EnrollRequest(token, "host-" + hw.substring(0, 8), hw, "SN-" + hw.substring(0, 6),
                new OsRef("linux", "12"));
        return node.send(node.request("/api/v1/enroll").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(ReportCodec.toJson(req))));
    }


}
