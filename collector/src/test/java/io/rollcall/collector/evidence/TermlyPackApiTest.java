package io.rollcall.collector.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.collector.support.ConsoleSession;
import io.rollcall.collector.support.TestCollector;
import io.rollcall.common.wire.WireJson;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The termly pack against the live API on a fleet seeded through ingest (see {@link PackFleet}): every figure of
 * the pack's JSON and of its PDF's text equals what the compliance summary, the trend, the findings and the device
 * pages say, for the whole fleet and for one group; and the group thresholds the rule engine honoured.
 */
class TermlyPackApiTest {
    @TempDir
    static Path dir;
    static TestCollector tc;
    static PackFleet fleet;

    @BeforeAll
    static void start() throws Exception {
        tc = new TestCollector(dir).start(0);
        fleet = PackFleet.seed(tc);
    }

    @AfterAll
    static void stop() {
        tc.close();
    }

    @Test
    void packJsonEqualsTheLiveApiForTheFleetAndForEachGroup() throws Exception {
        for (String group : new String[] {null, PackFleet.STAFF, PackFleet.PRESENTATION}) {
            Map<String, String> expected = new PackFromApi(tc).figures(group);
            JsonNode pack = get("/api/v1/evidence/pack" + q(group));
            for (Map.Entry<String, String> e : expected.entrySet()) {
                if (e.getKey().startsWith("failing.")) {
                    assertEquals(e.getValue(), failingRows(pack, e.getKey().substring(8)), group + " " + e.getKey());
                } else {
                    assertEquals(e.getValue(), at(pack, e.getKey()), group + " " + e.getKey());
                }
            }
        }
        // the seeded fleet is what the figures claim: not a comparison of two empty sets
        Map<String, String> all = new PackFromApi(tc).figures(null);
        assertEquals("6", all.get("summary.devices"));
        assertEquals("2", all.get("summary.compliant"), all.toString()); // pres-01 (30-minute group) and staff-01
        assertEquals("1", all.get("coverage.encryption.failing"));
        assertEquals("1", all.get("coverage.encryption.cannotVerify"));
        assertEquals("1", all.get("unsupported.operatingSystems"));
        assertEquals("1", all.get("leaversHoldingKit.length"));
        assertEquals("5", all.get("trend.previousTermEnd.devices"), "last term's closing snapshot is found");
        assertTrue(all.get("failing.ce.user-access-control").startsWith("staff-02|anna.teacher|"), all.toString());
    }

    @Test
    void packNamesTheBorrowerAndSinceWhen() throws Exception {
        JsonNode pack = get("/api/v1/evidence/pack");
        JsonNode failing = control(pack, "school.encryption").get("failing");
        assertEquals(1, failing.size(), failing.toString());
        assertEquals("staff-02", failing.get(0).get("hostname").asText());
        assertEquals("anna.teacher", failing.get(0).get("user").asText());
        assertEquals("Ben Borrower", failing.get(0).get("borrower").asText());
        assertEquals(LocalDate.now(ZoneOffset.UTC).toString(), failing.get(0).get("since").asText().substring(0, 10));
        assertFalse(control(pack, "dfe.backups").get("evidenced").asBoolean(), "no device data evidences backups");
        assertEquals("Lee Leaver", pack.at("/leaversHoldingKit/0/name").asText());
        assertEquals(3, pack.get("sources").size());
        boolean viewAudited = false;
        for (JsonNode a : get("/api/v1/audit?limit=1000").get("items")) {
            viewAudited |= a.get("action").asText().equals("GET") && a.get("target").asText().startsWith("/api/v1/evidence/pack");
        }
        assertTrue(viewAudited, "who read the pack, which names people, is in the audit log");
    }

    @Test
    void pdfTextCarriesTheSameFigures() throws Exception {
        for (String group : new String[] {null, PackFleet.STAFF}) {
            Map<String, String> x = new PackFromApi(tc).figures(group);
            HttpResponse<byte[]> res = tc.adminGetBytes("/api/v1/evidence/pack.pdf" + q(group));
            assertEquals(200, res.statusCode());
            assertEquals("application/pdf", res.headers().firstValue("Content-Type").orElse(""));
            String text;
            try (var doc = Loader.loadPDF(res.body())) {
                text = new PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
            }
            assertTrue(text.contains(PackText.compliant(Long.parseLong(x.get("summary.compliant")),
                    Long.parseLong(x.get("summary.devices")))), text);
            assertTrue(text.contains("Not reporting: " + x.get("summary.stale") + " devices"), text);
            assertTrue(text.contains(PackText.coverage("Screen lock", coverage(x, "screenLock"))), text);
            assertTrue(text.contains(PackText.coverage("Disk encryption", coverage(x, "encryption"))), text);
            assertTrue(text.contains(PackText.coverage("Admin and daily accounts separate",
                    coverage(x, "accountSeparation"))), text);
            assertTrue(text.contains("Unsupported operating systems: " + x.get("unsupported.operatingSystems")), text);
            assertTrue(text.contains("Leavers still holding kit: " + x.get("leaversHoldingKit.length")), text);
            if (group == null) {
                assertTrue(text.contains(x.get("trend.previousTermEnd.compliantPercent") + "% compliant, "
                        + x.get("trend.previousTermEnd.compliant") + " of " + x.get("trend.previousTermEnd.devices")), text);
            }
            for (String id : new String[] {"ce.firewalls", "ce.secure-configuration", "ce.user-access-control",
                "ce.malware-protection", "ce.security-update-management", "dfe.licensed-and-patched"}) {
                String k = "controls." + id + ".";
                assertTrue(text.contains("Meet it: " + x.get(k + "meeting") + " of " + x.get(k + "devices")
                        + " devices; do not: " + x.get(k + "failing.length") + "; cannot be verified: "
                        + x.get(k + "cannotVerify")), id + ": " + text);
            }
            assertTrue(text.contains("\"Cyber Essentials: Requirements for IT infrastructure\", v3.2"), text);
        }
    }

    @Test
    void groupThresholdsAreHonouredAndTheStrictestWins() throws Exception {
        assertEquals(Set.of(), rules(fleet.pres1), "30-minute presentation group: 25 minutes passes");
        assertTrue(rules(fleet.pres2).contains("screenlock.idle-too-long"), "also a staff laptop: 10 minutes wins");
        assertTrue(rules(fleet.lab1).contains("screenlock.idle-too-long"), "no group: the school's 15 minutes");
        // dropping the presentation PC from the staff group re-evaluates it under 30 minutes again
        String staffId = get("/api/v1/groups/" + enc(PackFleet.STAFF)).at("/group/id").asText();
        Fleet.ok(200, tc.admin("POST", "/api/v1/groups/" + staffId + "/members/remove",
                "{\"devices\":[\"" + fleet.pres2 + "\"]}"));
        assertFalse(rules(fleet.pres2).contains("screenlock.idle-too-long"));
        Fleet.ok(200, tc.admin("POST", "/api/v1/groups/" + staffId + "/members", "{\"devices\":[\"" + fleet.pres2 + "\"]}"));
        assertTrue(rules(fleet.pres2).contains("screenlock.idle-too-long"));
    }

    @Test
    void listsSummaryFindingsAndExportsFilterByGroup() throws Exception {
        Set<String> hosts = new TreeSet<>();
        get("/api/v1/devices?group=" + enc(PackFleet.PRESENTATION)).get("items").forEach(d -> hosts.add(d.get("hostname").asText()));
        assertEquals(Set.of("pres-01", "pres-02"), hosts, "members by hostname rule PRES-.* (any case)");
        assertEquals(4, get("/api/v1/compliance/summary?group=" + enc(PackFleet.STAFF)).get("devices").asInt());
        for (JsonNode f : get("/api/v1/findings?status=open&group=" + enc(PackFleet.PRESENTATION)).get("items")) {
            assertTrue(f.get("hostname").asText().startsWith("pres-"), f.toString());
        }
        String csv = tc.adminGet("/api/v1/exports/compliance.csv?by=rule&group=" + enc(PackFleet.STAFF)).body();
        assertTrue(csv.contains("security.unencrypted,1,25"), csv);
        HttpResponse<String> unknown = tc.adminGet("/api/v1/devices?group=Nobody");
        assertEquals(400, unknown.statusCode());
        assertTrue(unknown.body().contains("group: no group named \\\"Nobody\\\""), unknown.body());
        assertEquals(400, tc.adminGet("/api/v1/exports/compliance.csv?group=" + enc(PackFleet.STAFF)).statusCode());
    }

    @Test
    void badGroupInputIsRefusedNamingTheField() throws Exception {
        HttpResponse<String> res = tc.admin("POST", "/api/v1/groups", "{\"name\":\"Trolley A\",\"overrides\":"
                + "{\"screenLockMaxIdleMinutes\":-5}}");
        assertEquals(400, res.statusCode());
        assertTrue(res.body().contains("overrides.screenLockMaxIdleMinutes"), res.body());
        String id = Fleet.ok(201, tc.admin("POST", "/api/v1/groups", "{\"name\":\"Trolley A\"}")).get("id").asText();
        res = tc.admin("POST", "/api/v1/groups/" + id + "/rules", "{\"field\":\"hostname\",\"pattern\":\"(a\"}");
        assertEquals(400, res.statusCode());
        assertTrue(res.body().contains("pattern:"), res.body());
        res = tc.admin("POST", "/api/v1/groups/" + id + "/rules", "{\"field\":\"ou\",\"pattern\":\"Staff\"}");
        assertEquals(400, res.statusCode());
        assertTrue(res.body().contains("field: ou is not reported"), res.body());
        assertEquals(409, tc.admin("POST", "/api/v1/groups", "{\"name\":\"Trolley A\"}").statusCode());
        // one bad line refuses the whole file: the good line is not applied
        res = tc.adminBody("POST", "/api/v1/groups/import", "text/csv", "group,hostname\nTrolley A,lab-01\nTrolley A,nope-99\n");
        assertEquals(400, res.statusCode());
        assertTrue(res.body().contains("nope-99"), res.body());
        assertEquals(0, get("/api/v1/groups/" + id).get("devices").size());
        String slt = tc.newUserToken("slt");
        assertEquals(403, tc.as(slt, "POST", "/api/v1/groups", "{\"name\":\"SLT group\"}").statusCode());
        assertEquals(200, tc.as(slt, "GET", "/api/v1/groups", null).statusCode());
    }

    @Test
    void anAdminEditsTheMappingAuditedAndResetsItToShipped() throws Exception {
        String subject = "/api/v1/evidence/mapping/rule:device.stale";
        JsonNode e = Fleet.ok(200, tc.admin("PUT", subject, "{\"controls\":[\"dfe.devices-known\",\"ce.firewalls\"],"
                + "\"note\":\"a silent laptop may have its firewall off\"}"));
        assertTrue(e.get("edited").asBoolean());
        assertEquals(List.of("dfe.devices-known", "school.equipment"),
                WireJson.mapper().convertValue(e.get("shipped"), List.class));
        JsonNode listed = entry(get("/api/v1/evidence/mapping"), "rule:device.stale");
        assertEquals("[\"dfe.devices-known\",\"ce.firewalls\"]", listed.get("controls").toString());
        assertTrue(control(get("/api/v1/evidence/pack"), "ce.firewalls").get("rules").toString().contains("device.stale"));
        boolean audited = false;
        for (JsonNode a : get("/api/v1/audit?limit=1000").get("items")) {
            audited |= a.get("action").asText().equals("PUT") && a.get("target").asText().contains("rule:device.stale");
        }
        assertTrue(audited, "the edit is in the audit log");

        HttpResponse<String> bad = tc.admin("PUT", subject, "{\"controls\":[\"ce.nope\"]}");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("controls[0]: was \\\"ce.nope\\\", not a known control id"), bad.body());
        bad = tc.admin("PUT", "/api/v1/evidence/mapping/rule:no.such-rule", "{\"controls\":[]}");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("not a rule of this collector"), bad.body());
        assertEquals(403, tc.as(tc.newUserToken("technician"), "PUT", subject, "{\"controls\":[]}").statusCode());

        Fleet.ok(200, tc.admin("DELETE", subject, null));
        listed = entry(get("/api/v1/evidence/mapping"), "rule:device.stale");
        assertFalse(listed.get("edited").asBoolean());
        assertEquals("[\"dfe.devices-known\",\"school.equipment\"]", listed.get("controls").toString());
    }

    @Test
    void consoleFormsEditTheMappingAndGroupsWithTheApisChecks() throws Exception {
        ConsoleSession admin = ConsoleSession.newUser(tc, "admin.forms", "admin");
        String csrf = ConsoleSession.csrf(admin.get("/console/evidence/edit?subject=rule:media.unapproved").body());
        HttpResponse<String> res = admin.post("/console/evidence/edit", "_csrf=" + csrf
                + "&subject=rule%3Amedia.unapproved&controls=ce.secure-configuration&note=config+only");
        assertEquals(303, res.statusCode(), res.body());
        assertEquals("[\"ce.secure-configuration\"]",
                entry(get("/api/v1/evidence/mapping"), "rule:media.unapproved").get("controls").toString());
        res = admin.post("/console/evidence/edit", "_csrf=" + csrf + "&subject=rule%3Amedia.unapproved&controls=ce.nope");
        assertEquals(400, res.statusCode());
        assertTrue(res.body().contains("controls[0]"), res.body());
        assertEquals(303, admin.post("/console/evidence/reset", "_csrf=" + csrf + "&subject=rule%3Amedia.unapproved")
                .statusCode());
        assertFalse(entry(get("/api/v1/evidence/mapping"), "rule:media.unapproved").get("edited").asBoolean());

        // a technician adds a group with a 30-minute limit, then a rule that pulls in the lab laptop already enrolled
        ConsoleSession tech = ConsoleSession.newUser(tc, "tech.forms", "technician");
        csrf = ConsoleSession.csrf(tech.get("/console/groups").body());
        res = tech.post("/console/groups", "_csrf=" + csrf + "&name=Lab+room&screenLockMaxIdleMinutes=30");
        assertEquals(303, res.statusCode(), res.body());
        String groupPath = res.headers().firstValue("Location").orElseThrow().split("\\?")[0];
        assertTrue(rules(fleet.lab1).contains("screenlock.idle-too-long"));
        assertEquals(303, tech.post(groupPath + "/rules", "_csrf=" + csrf + "&field=hostname&pattern=LAB-.*").statusCode());
        assertTrue(tech.get(groupPath).body().contains("lab-01"));
        assertFalse(rules(fleet.lab1).contains("screenlock.idle-too-long"), "joined by the new rule: judged by 30 min");
        assertEquals(303, tech.post(groupPath + "/members", "_csrf=" + csrf + "&hosts=staff-01%0D%0A" + fleet.staff3)
                .statusCode());
        String members = tech.get(groupPath).body();
        assertTrue(members.contains("staff-01") && members.contains("staff-03"), members);
        res = tech.post(groupPath + "/rules", "_csrf=" + csrf + "&field=hostname&pattern=%28unclosed");
        assertEquals(400, res.statusCode());
        assertTrue(res.body().contains("pattern:"), res.body());
        Fleet.ok(200, tc.admin("GET", "/api/v1/groups/" + groupPath.substring(groupPath.lastIndexOf('/') + 1), null));
        assertEquals(204, tc.admin("DELETE", "/api/v1/groups/" + groupPath.substring(groupPath.lastIndexOf('/') + 1), null)
                .statusCode());
        assertTrue(rules(fleet.lab1).contains("screenlock.idle-too-long"), "group gone: the school's limit again");
        ConsoleSession slt = ConsoleSession.newUser(tc, "slt.forms", "slt");
        String sltPage = slt.get("/console/groups").body();
        assertTrue(sltPage.contains(PackFleet.STAFF) && !sltPage.contains("Add a group"), sltPage);
    }

    private static JsonNode entry(JsonNode mapping, String subject) {
        for (JsonNode e : mapping.get("entries")) {
            if (e.get("subject").asText().equals(subject)) {
                return e;
            }
        }
        throw new AssertionError("no entry " + subject);
    }

    private Set<String> rules(java.util.UUID device) throws Exception {
        Set<String> out = new TreeSet<>();
        get("/api/v1/findings?status=open&device=" + device).get("items").forEach(f -> out.add(f.get("rule").asText()));
        return out;
    }

    private static TermlyPack.Coverage coverage(Map<String, String> x, String k) {
        return new TermlyPack.Coverage(Long.parseLong(x.get("coverage." + k + ".reporting")),
                Long.parseLong(x.get("coverage." + k + ".meeting")), Long.parseLong(x.get("coverage." + k + ".failing")),
                Long.parseLong(x.get("coverage." + k + ".cannotVerify")));
    }

    static JsonNode control(JsonNode pack, String id) {
        for (JsonNode c : pack.get("controls")) {
            if (c.get("id").asText().equals(id)) {
                return c;
            }
        }
        throw new AssertionError("no control " + id);
    }

    /** A figure of the pack by its key ({@code controls.<id>.meeting}, {@code coverage.encryption.failing}). */
    static String at(JsonNode pack, String key) {
        if (key.startsWith("controls.")) {
            String rest = key.substring(9);
            String field = rest.endsWith(".failing.length") ? "failing.length" : rest.substring(rest.lastIndexOf('.') + 1);
            String id = rest.substring(0, rest.length() - field.length() - 1);
            JsonNode c = control(pack, id);
            return field.equals("failing.length") ? String.valueOf(c.get("failing").size()) : c.get(field).asText();
        }
        if (key.endsWith(".length")) {
            return String.valueOf(pack.at("/" + key.substring(0, key.length() - 7).replace('.', '/')).size());
        }
        return pack.at("/" + key.replace('.', '/')).asText();
    }

    static String failingRows(JsonNode pack, String id) {
        Set<String> rows = new TreeSet<>();
        for (JsonNode f : control(pack, id).get("failing")) {
            rows.add(f.get("hostname").asText() + "|" + f.path("user").asText("unknown") + "|"
                    + f.get("since").asText().substring(0, 10));
        }
        return String.join(";", rows);
    }

    static String q(String group) {
        return group == null ? "" : "?group=" + enc(group);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> res = tc.adminGet(path);
        assertEquals(200, res.statusCode(), path + ": " + res.body());
        return WireJson.mapper().readTree(res.body());
    }
}
