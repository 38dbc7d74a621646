package io.rollcall.collector.software;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.collector.support.TestCollector;
import io.rollcall.common.enroll.EnrollResponse;
import io.rollcall.common.report.Report;
import io.rollcall.common.report.ReportKind;
import io.rollcall.common.report.Sections;
import io.rollcall.common.report.SoftwareItem;
import io.rollcall.common.report.SoftwareSource;
import io.rollcall.common.wire.ReportCodec;
import io.rollcall.common.wire.WireJson;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Linux laptop's distribution packages through the real API: none of them reaches the review queue. */
class DistributionPackagesTest {

    private static SoftwareItem deb(String name, String publisher) {
        return new SoftwareItem(name, "1.0-1", publisher, null, SoftwareSource.DPKG, null);
    }

    private static JsonNode get(TestCollector rc, String path) throws Exception {
        HttpResponse<String> res = rc.adminGet(path);
        assertEquals(200, res.statusCode(), res.body());
        return WireJson.mapper().readTree(res.body());
    }

    @Test
    void onlyPackagesOutsideTheDistributionWaitForReview(@TempDir Path dir) throws Exception {
        try (TestCollector rc = new TestCollector(dir).start(0)) {
            EnrollResponse d = rc.enroll(UUID.randomUUID().toString());
            List<SoftwareItem> software = List.of(deb("bc", "Debian"), deb("at-spi2-common", "Debian"),
                    deb("coreutils", "Ubuntu"), deb("transmission-gtk", "Debian"), deb("cscope", "Tobias Klauser"),
                    deb("google-chrome-stable", "Chrome Linux Team"));
            Report r = new Report(1, UUID.randomUUID(), d.deviceId(), "0.1.0", Instant.now(), ReportKind.DELTA,
                    Sections.EMPTY.withSoftware(software), null);
            assertEquals(202, rc.postReport(d, ReportCodec.toJson(r), false).statusCode());

            List<String> queue = new ArrayList<>();
            get(rc, "/api/v1/software/review?limit=100").get("items").forEach(t -> queue.add(t.get("id").asText()));
            // Chrome is a named browser title: reviewed as such, whoever packaged it.
            assertEquals(List.of("cscope", "google-chrome"), queue.stream().sorted().toList());

            JsonNode distro = get(rc, "/api/v1/software/titles/linux-distribution-packages").get("title");
            assertEquals("approved", distro.get("status").asText());
            assertEquals("system", distro.get("category").asText());
            JsonNode transmission = get(rc, "/api/v1/software/titles/transmission").get("title");
            assertEquals("banned", transmission.get("status").asText());
        }
    }
}
