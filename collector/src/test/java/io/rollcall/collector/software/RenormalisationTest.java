package io.rollcall.collector.software;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A school rule added after installs were indexed moves exactly the installs it matches, over the real API. */
class RenormalisationTest {
    @TempDir
    static Path dir;
    static TestCollector rc;
    static final Instant T0 = Instant.parse("2024-09-01T08:00:00Z");

    @BeforeAll
    static void start() throws Exception {
        rc = new TestCollector(dir).start(0);
    }

    @AfterAll
    static void stop() {
        rc.close();
    }

    private static EnrollResponse device(String name, String publisher) throws Exception {
        EnrollResponse d = rc.enroll(UUID.randomUUID().toString());
        SoftwareItem item = new SoftwareItem(name, "3.1", publisher, T0, SoftwareSource.REGISTRY, null);
        Report r = new Report(1, UUID.randomUUID(), d.deviceId(), "0.1.0", Instant.now(), ReportKind.DELTA,
                Sections.EMPTY.withSoftware(List.of(item)), null);
        HttpResponse<String> res = rc.postReport(d, ReportCodec.toJson(r), false);
        assertEquals(202, res.statusCode(), res.body());
        return d;
    }

    private static JsonNode json(HttpResponse<String> res, int status) throws Exception {
        assertEquals(status, res.statusCode(), res.body());
        return WireJson.mapper().readTree(res.body());
    }

    /** Title id → device count for titles matching {@code q}. */
    private static Map<String, Integer> titles(String q) throws Exception {
        Map<String, Integer> out = new HashMap<>();
        json(rc.adminGet("/api/v1/software/titles?limit=1000&q=" + q), 200).get("items")
                .forEach(t -> out.put(t.get("id").asText(), t.get("devices").asInt()));
        return out;
    }

    private static List<String> open(String rule, EnrollResponse d) throws Exception {
        List<String> out = new java.util.ArrayList<>();
        json(rc.adminGet("/api/v1/findings?status=open&limit=1000&rule=" + rule + "&device=" + d.deviceId()), 200)
                .get("items").forEach(f -> out.add(f.get("subject").asText()));
        return out;
    }

    @Test
    void aNewSchoolRuleMovesOnlyTheIndexedInstallsItMatchesAndReevaluatesTheirHolders() throws Exception {
        EnrollResponse ours = device("Zorbix Arcade 3.1", "Zorbix Ltd");
        EnrollResponse repackaged = device("Zorbix Arcade 3.1", "Repackaged Inc");
        EnrollResponse other = device("Zorbix Viewer 3.1", "Zorbix Ltd");
        Map<String, Integer> before = titles("zorbix");
        assertEquals(Map.of("zorbix-arcade", 2, "zorbix-viewer", 1), before);
        assertEquals(List.of(""), open("software.unapproved", ours));

        JsonNode added = json(rc.admin("POST", "/api/v1/software/rules", "{\"id\":\"zorbix-arcade-game\","
                + "\"title\":\"Zorbix Arcade Game\",\"category\":\"game\",\"match\":\"^Zorbix Arcade\","
                + "\"publisher\":\"^Zorbix Ltd$\"}"), 201);
        JsonNode r = added.get("renormalised");
        assertEquals("zorbix-arcade-game", added.get("id").asText());
        assertEquals(1, r.get("rawInstalls").asInt(), r.toString());
        assertEquals(1, r.get("devices").asInt(), r.toString());
        assertEquals("[\"zorbix-arcade\",\"zorbix-arcade-game\"]", r.get("titles").toString());

        assertEquals(Map.of("zorbix-arcade", 1, "zorbix-arcade-game", 1, "zorbix-viewer", 1), titles("zorbix"));
        // the moved install is now a game: banned at once, and no longer waiting for review on that device
        assertEquals(List.of("zorbix-arcade-game"), open("software.banned", ours));
        assertEquals(List.of(), open("software.unapproved", ours));
        // the installs the rule does not match keep their title and findings
        assertEquals(List.of(), open("software.banned", repackaged));
        assertEquals(List.of(""), open("software.unapproved", repackaged));
        assertEquals(List.of(""), open("software.unapproved", other));

        JsonNode again = json(rc.admin("POST", "/api/v1/software/rules", "{\"id\":\"zorbix-arcade-game\","
                + "\"title\":\"Zorbix Arcade Game\",\"category\":\"game\",\"match\":\"^Zorbix Arcade\","
                + "\"publisher\":\"^Zorbix Ltd$\"}"), 201);
        assertEquals(0, again.get("renormalised").get("rawInstalls").asInt(), "an unchanged rule moves nothing");

        // a changed rule (same id, now any publisher) moves the other install too
        JsonNode widened = json(rc.admin("POST", "/api/v1/software/rules", "{\"id\":\"zorbix-arcade-game\","
                + "\"title\":\"Zorbix Arcade Game\",\"category\":\"game\",\"match\":\"^Zorbix Arcade\"}"), 201);
        assertEquals(1, widened.get("renormalised").get("devices").asInt());
        assertEquals(List.of("zorbix-arcade-game"), open("software.banned", repackaged));
        assertTrue(titles("zorbix").getOrDefault("zorbix-arcade", 0) == 0, titles("zorbix").toString());
    }
}
