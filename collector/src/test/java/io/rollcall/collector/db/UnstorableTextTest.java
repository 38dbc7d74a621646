package io.rollcall.collector.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.collector.support.TestCollector;
import io.rollcall.collector.support.TestStore;
import io.rollcall.common.enroll.EnrollResponse;
import io.rollcall.common.sample.SampleReports;
import io.rollcall.common.wire.ReportCodec;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * U+0000 (NUL) in text: PostgreSQL cannot store it and H2 can. Devices' reports and enrolments are refused with a 400
 * naming the field on either store, so both take the same reports; any other path answers 400, never 500.
 */
class UnstorableTextTest {
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
    void aReportWithNulInAStringIsRefusedNamingTheFieldAndNothingIsStored() throws Exception {
        EnrollResponse d = rc.enroll(UUID.randomUUID().toString());
        String json = new String(ReportCodec.toJson(SampleReports.full(d.deviceId(), 7, 5, Instant.now())),
                StandardCharsets.UTF_8);
        assertTrue(json.contains("\"lab-7\""), json);
        var before = rc.rowCounts();
        HttpResponse<String> res = rc.postReport(d, json.replace("\"lab-7\"", "\"lab\\u00007\"")
                .getBytes(StandardCharsets.UTF_8), false);
        assertEquals(400, res.statusCode(), res.body());
        assertTrue(res.body().contains("hostname") && res.body().contains("U+0000"), res.body());
        assertEquals(before, rc.rowCounts());
    }

    @Test
    void anEnrolmentWithNulInTheHostNameIsRefusedNamingTheField() throws Exception {
        HttpResponse<String> res = rc.enrollAs(rc.enrollToken, UUID.randomUUID().toString(), "host\u0000x", "SN-1", null);
        assertEquals(400, res.statusCode(), res.body());
        assertTrue(res.body().contains("hostname") && res.body().contains("U+0000"), res.body());
    }

    @Test
    void anAdminValueWithNulIsNeverAServerError() throws Exception {
        HttpResponse<String> res = rc.admin("POST", "/api/v1/media/approved",
                "{\"serial\":\"NUL-1\",\"vendorId\":\"0781\",\"productId\":\"5581\",\"description\":\"USB\\u0000stick\"}");
        assertNotEquals(500, res.statusCode(), res.body());
        if (TestStore.current() == TestStore.POSTGRESQL) {
            assertEquals(400, res.statusCode(), res.body());
            assertTrue(res.body().contains("U+0000"), res.body());
        }
    }
}
