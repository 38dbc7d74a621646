package io.rollcall.collector.software;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.collector.support.TestCollector;
import io.rollcall.common.enroll.EnrollResponse;
import io.rollcall.common.report.MediaDevice;
import io.rollcall.common.report.MediaKind;
import io.rollcall.common.report.RemovableMedia;
import io.rollcall.common.report.Report;
import io.rollcall.common.report.ReportKind;
import io.rollcall.common.report.Sections;
import io.rollcall.common.report.SoftwareItem;
import io.rollcall.common.report.SoftwareSource;
import io.rollcall.common.report.Tri;
import io.rollcall.common.wire.ReportCodec;
import io.rollcall.common.wire.WireJson;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalogue, licences, policy and approved media through the real HTTPS API, on real H2 and Hazelcast. */
class SoftwareCatalogueTest {
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

    private static SoftwareItem app(String name, String version, String publisher, Instant installed) {
        return new SoftwareItem(name, version, publisher, installed, SoftwareSource.REGISTRY, null);
    }

    private static EnrollResponse device(SoftwareItem... software) throws Exception {
        EnrollResponse d = rc.enroll(UUID.randomUUID().toString());
        send(d, Sections.EMPTY.withSoftware(List.of(software)));
        return d;
    }

    private static void send(EnrollResponse d, Sections s) throws Exception {
        Report r = new Report(1, UUID.randomUUID(), d.deviceId(), "0.1.0", Instant.now(), ReportKind.DELTA, s, null);
        HttpResponse<String> res = rc.postReport(d, ReportCodec.toJson(r), false);
        assertEquals(202, res.statusCode(), res.body());
    }

    private static JsonNode json(HttpResponse<String> res, int status) throws Exception {
        assertEquals(status, res.statusCode(), res.body());
        return WireJson.mapper().readTree(res.body());
    }

    private static JsonNode post(String path, String body, int status) throws Exception {
        return json(rc.admin("POST", path, body), status);
    }

    private static List<JsonNode> open(String rule, String subject) throws Exception {
        JsonNode page = json(rc.adminGet("/api/v1/findings?status=open&limit=1000&rule=" + rule), 200);
        List<JsonNode> out = new ArrayList<>();
        page.get("items").forEach(f -> {
            if (subject == null || subject.equals(f.get("subject").asText())) {
                out.add(f);
            }
        });
        return out;
    }

    private static List<String> devicesOf(List<JsonNode> findings) {
        return findings.stream().map(f -> f.get("device").asText()).sorted().toList();
    }

    @Test
    void overDeploymentFlagsTheNewestInstallAndMoreSeatsClearIt() throws Exception {
        EnrollResponse first = device(app("SMART Notebook 24.1", "24.1.1", "SMART Technologies", T0));
        EnrollResponse newest = device(app("SMART Notebook 24.1", "24.1.1", "SMART Technologies", T0.plusSeconds(7200)));
        EnrollResponse second = device(app("SMART Notebook 23.2", "23.2.0", "SMART Technologies", T0.plusSeconds(3600)));

        post("/api/v1/software/titles/smart-notebook/decision",
                "{\"status\":\"licence-required\",\"category\":\"classroom\",\"reason\":\"bought per device\"}", 200);
        // no licence at all: every install is unlicensed
        assertEquals(3, open("software.unlicensed", "smart-notebook").size());

        post("/api/v1/licences", "{\"title\":\"smart-notebook\",\"type\":\"per-device\",\"seats\":2,"
                + "\"validFrom\":\"2024-01-01\",\"supplier\":\"Reseller Ltd\",\"reference\":\"PO-1\"}", 201);
        List<JsonNode> flagged = open("software.unlicensed", "smart-notebook");
        assertEquals(List.of(newest.deviceId().toString()), devicesOf(flagged));
        JsonNode ev = flagged.get(0).get("evidence");
        assertEquals("SMART Notebook", ev.get("title").asText());
        assertEquals("24.1.1", ev.get("version").asText());
        assertEquals(T0.plusSeconds(7200).toString(), ev.get("installedAt").asText());
        assertEquals(3, ev.get("installRank").asInt());
        assertEquals(2, ev.get("licencePool").get("seats").asInt());
        assertEquals(1, ev.get("licencePool").get("overBy").asInt());

        JsonNode licences = json(rc.adminGet("/api/v1/licences?title=smart-notebook"), 200).get("items");
        assertEquals(2, licences.get(0).get("used").asInt());
        assertEquals(1, licences.get(0).get("overBy").asInt());

        // an expired licence does not count, however many seats it had
        post("/api/v1/licences", "{\"title\":\"smart-notebook\",\"type\":\"per-device\",\"seats\":50,"
                + "\"validFrom\":\"2020-01-01\",\"validTo\":\"2021-01-01\"}", 201);
        assertEquals(1, open("software.unlicensed", "smart-notebook").size());

        String soon = LocalDate.now().plusDays(10).toString();
        post("/api/v1/licences", "{\"title\":\"smart-notebook\",\"type\":\"per-device\",\"seats\":1,"
                + "\"validTo\":\"" + soon + "\"}", 201);
        assertTrue(open("software.unlicensed", "smart-notebook").isEmpty());
        JsonNode expiring = json(rc.adminGet("/api/v1/licences?expiring=true&title=smart-notebook"), 200).get("items");
        assertEquals(1, expiring.size());
        assertEquals(soon, expiring.get(0).get("validTo").asText());
        assertFalse(first.deviceId().equals(second.deviceId()));
    }

    @Test
    void aDecisionClearsAndOpensFindingsAcrossTheFleetAtOnce() throws Exception {
        List<EnrollResponse> fleet = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            fleet.add(device(app("Steam", "2.10.91.91", "Valve Corporation", T0),
                    app("Quizzly Desk 4.2.1", "4.2.1", "Quizzly", T0)));
        }
        List<String> ids = fleet.stream().map(d -> d.deviceId().toString()).sorted().toList();
        // games are banned by category before anyone reviews them
        assertEquals(ids, devicesOf(open("software.banned", "steam")));

        JsonNode review = json(rc.adminGet("/api/v1/software/review?q=quizzly"), 200);
        assertEquals(1, review.get("total").asInt());
        assertEquals("quizzly-desk", review.get("items").get(0).get("id").asText());
        assertEquals(3, review.get("items").get(0).get("devices").asInt());
        for (String d : ids) {
            assertTrue(unapprovedTitles(d).contains("Quizzly Desk"));
        }

        JsonNode r = post("/api/v1/software/titles/steam/decision",
                "{\"status\":\"approved\",\"category\":\"education\",\"reason\":\"DT club uses it\"}", 200);
        assertEquals(3, r.get("reevaluated").get("resolved").asInt());
        assertTrue(open("software.banned", "steam").stream().noneMatch(f -> ids.contains(f.get("device").asText())));

        post("/api/v1/software/titles/quizzly-desk/decision", "{\"status\":\"banned\",\"reason\":\"ad-ware\"}", 200);
        assertEquals(ids, devicesOf(open("software.banned", "quizzly-desk")));
        for (String d : ids) {
            assertFalse(unapprovedTitles(d).contains("Quizzly Desk"), d);
        }
        assertEquals(0, json(rc.adminGet("/api/v1/software/review?q=quizzly"), 200).get("total").asInt());

        JsonNode history = json(rc.adminGet("/api/v1/software/titles/quizzly-desk"), 200).get("decisions");
        assertEquals("banned", history.get(0).get("status").asText());
        assertEquals("first-run-admin", history.get(0).get("decidedBy").asText());
        assertEquals("ad-ware", history.get(0).get("reason").asText());
        assertEquals("unreviewed", history.get(0).get("previous").asText());
    }

    private static List<String> unapprovedTitles(String device) throws Exception {
        JsonNode page = json(rc.adminGet("/api/v1/findings?status=open&rule=software.unapproved&device=" + device), 200);
        List<String> out = new ArrayList<>();
        page.get("items").forEach(f -> f.get("evidence").get("titles").forEach(t -> out.add(t.asText())));
        return out;
    }

    @Test
    void aSchoolRuleMoreSpecificThanTheDictionaryWins() throws Exception {
        post("/api/v1/software/rules", "{\"id\":\"managed-chrome\",\"title\":\"Chrome (managed)\","
                + "\"titleId\":\"chrome-managed\",\"category\":\"browser\",\"match\":\"^Google Chrome\","
                + "\"publisher\":\"^Google LLC$\",\"source\":\"registry\"}", 201);
        device(app("Google Chrome 131.0.6778.86", "131.0.6778.86", "Google LLC", T0));
        device(app("Google Chrome 131.0.6778.86", "131.0.6778.86", "Repackaged Inc", T0));
        JsonNode managed = json(rc.adminGet("/api/v1/software/titles?q=chrome-managed"), 200).get("items");
        assertEquals(1, managed.get(0).get("devices").asInt());
        JsonNode plain = json(rc.adminGet("/api/v1/software/titles?q=google-chrome"), 200).get("items");
        assertEquals("google-chrome", plain.get(0).get("id").asText());
        assertTrue(plain.get(0).get("devices").asInt() >= 1);

        JsonNode bad = post("/api/v1/software/rules", "{\"id\":\"x\",\"title\":\"X\",\"match\":\"([\"}", 400);
        assertTrue(bad.get("detail").asText().startsWith("match"), bad.toString());
    }

    @Test
    void badPolicyIsRefusedWholeAndAGoodOneIsVersionedAndReevaluatesTheFleet() throws Exception {
        int before = json(rc.adminGet("/api/v1/policy"), 200).get("version").asInt();
        JsonNode bad = json(rc.admin("PUT", "/api/v1/policy",
                "{\"staleDays\":30,\"screenLockMaxIdleSeconds\":-60}"), 400);
        assertTrue(bad.get("detail").asText().contains("screenLockMaxIdleSeconds"), bad.toString());
        JsonNode unknown = json(rc.admin("PUT", "/api/v1/policy", "{\"staleDayz\":30}"), 400);
        assertTrue(unknown.get("detail").asText().startsWith("staleDayz"), unknown.toString());
        JsonNode sev = json(rc.admin("PUT", "/api/v1/policy",
                "{\"staleDays\":30,\"rules\":{\"software.banned\":{\"severity\":\"dire\"}}}"), 400);
        assertTrue(sev.get("detail").asText().contains("severity"), sev.toString());
        JsonNode still = json(rc.adminGet("/api/v1/policy"), 200);
        assertEquals(before, still.get("version").asInt());
        assertEquals(14, still.get("policy").get("staleDays").asInt());

        EnrollResponse d = device(app("qBittorrent", "4.6.7", "The qBittorrent project", T0));
        assertEquals(1, open("software.banned", "qbittorrent").size());
        JsonNode ok = json(rc.admin("PUT", "/api/v1/policy", "{\"staleDays\":30,\"rules\":{\"software.banned\":"
                + "{\"enabled\":false},\"screenlock.disabled\":{\"policyRef\":\"Our AUP 4.2\"}}}"), 200);
        assertEquals(before + 1, ok.get("version").asInt());
        assertEquals("first-run-admin", ok.get("changedBy").asText());
        assertTrue(ok.get("reevaluation").get("devices").asInt() >= 1);
        io.rollcall.collector.policy.PolicySettingsTest.awaitReevaluation(rc, ok.get("version").asInt());
        assertTrue(open("software.banned", "qbittorrent").isEmpty());
        JsonNode rules = ok.get("rules");
        boolean cited = false;
        for (JsonNode r : rules) {
            if (r.get("id").asText().equals("screenlock.disabled")) {
                cited = r.get("policyRef").asText().equals("Our AUP 4.2")
                        && r.get("defaultPolicyRef").asText().contains("000 §5.9");
            }
        }
        assertTrue(cited, rules.toString());
        io.rollcall.collector.policy.PolicySettingsTest.awaitReevaluation(rc,
                json(rc.admin("PUT", "/api/v1/policy", "{}"), 200).get("version").asInt()); // back to defaults
        assertEquals(d.deviceId().toString(), open("software.banned", "qbittorrent").get(0).get("device").asText());
    }

    @Test
    void approvingAStickClearsItsMediaFinding() throws Exception {
        MediaDevice stick = new MediaDevice(MediaKind.USB_STORAGE, "0781", "5581", "SanDisk", "Ultra",
                "SER-" + UUID.randomUUID().toString().substring(0, 8), 32_000_000_000L, "vfat", Tri.NO);
        EnrollResponse d = rc.enroll(UUID.randomUUID().toString());
        send(d, Sections.EMPTY.withRemovableMedia(new RemovableMedia(List.of(stick), List.of())));
        JsonNode findings = json(rc.adminGet("/api/v1/findings?status=open&rule=media.unapproved&device=" + d.deviceId()), 200);
        assertEquals(1, findings.get("total").asInt());

        assertEquals(400, rc.admin("POST", "/api/v1/media/approved", "{\"description\":\"nothing\"}").statusCode());
        assertEquals(400, rc.admin("POST", "/api/v1/media/approved", "{\"vendorId\":\"zz12\",\"productId\":\"5581\"}").statusCode());
        JsonNode added = post("/api/v1/media/approved", "{\"serial\":\"" + stick.serial().toLowerCase()
                + "\",\"description\":\"office stick\"}", 201);
        findings = json(rc.adminGet("/api/v1/findings?status=open&rule=media.unapproved&device=" + d.deviceId()), 200);
        assertEquals(0, findings.get("total").asInt());

        String id = added.get("approved").get("id").asText();
        json(rc.admin("DELETE", "/api/v1/media/approved/" + id, null), 200);
        findings = json(rc.adminGet("/api/v1/findings?status=open&rule=media.unapproved&device=" + d.deviceId()), 200);
        assertEquals(1, findings.get("total").asInt());
    }
}
