package io.rollcall.collector.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.collector.compliance.ComplianceReports;
import io.rollcall.collector.compliance.FindingQueries;
import io.rollcall.collector.support.TestCollector;
import io.rollcall.common.report.Tri;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

/**
 * The fleet the pack tests walk: two named groups, compliant and non-compliant laptops in each and one in none,
 * a laptop lent to a member of staff, and a leaver still holding one. Devices come through the real enrolment
 * and report path; group rules, CSV and hand membership through the API; the previous term's last snapshot is
 * written as the daily snapshot job writes it (history cannot come through ingest).
 */
public final class PackFleet {
    public static final String PRESENTATION = "Presentation PCs";
    public static final String STAFF = "Staff laptops";
    public UUID pres1;
    public UUID pres2;
    public UUID staff1;
    public UUID staff2;
    public UUID staff3;
    public UUID lab1;

    public static PackFleet seed(TestCollector tc) throws Exception {
        PackFleet f = new PackFleet();
        Fleet fleet = new Fleet(tc);
        // the presentation group exists before its laptops report, so ingest judges them by its 30-minute limit
        String pres = Fleet.ok(201, tc.admin("POST", "/api/v1/groups", "{\"name\":\"" + PRESENTATION + "\","
                + "\"description\":\"classroom presentation PCs\",\"overrides\":{\"screenLockMaxIdleMinutes\":30}}"))
                .get("id").asText();
        Fleet.ok(201, tc.admin("POST", "/api/v1/groups/" + pres + "/rules", "{\"field\":\"hostname\",\"pattern\":\"PRES-.*\"}"));
        f.pres1 = fleet.device(Fleet.Spec.good("pres-01").idle(1500));
        f.pres2 = fleet.device(Fleet.Spec.good("pres-02").idle(1500));
        f.staff1 = fleet.device(Fleet.Spec.good("staff-01"));
        f.staff2 = fleet.device(Fleet.Spec.good("staff-02").encrypted(Tri.NO).withDailyAdmin());
        f.staff3 = fleet.device(Fleet.Spec.good("staff-03").unsupported().encrypted(Tri.UNKNOWN));
        f.lab1 = fleet.device(Fleet.Spec.good("lab-01").idle(1500));
        // staff laptops from a CSV (the group is created by the import), then thresholds: 10 minutes
        JsonNode imported = Fleet.ok(200, tc.adminBody("POST", "/api/v1/groups/import", "text/csv",
                "group,hostname\n" + STAFF + ",staff-01\n" + STAFF + ",staff-02\n" + STAFF + ",staff-03\n"));
        if (imported.get("devices").asInt() != 3) {
            throw new IllegalStateException("CSV import placed " + imported);
        }
        String staff = tc.adminGet("/api/v1/groups/" + java.net.URLEncoder.encode(STAFF, "UTF-8").replace("+", "%20")).body();
        String staffId = io.rollcall.common.wire.WireJson.mapper().readTree(staff).at("/group/id").asText();
        Fleet.ok(200, tc.admin("PUT", "/api/v1/groups/" + staffId, "{\"name\":\"" + STAFF + "\",\"overrides\":"
                + "{\"screenLockMaxIdleMinutes\":10}}"));
        // a presentation PC that is also a staff laptop: the stricter 10 minutes wins over 30
        Fleet.ok(200, tc.admin("POST", "/api/v1/groups/" + staffId + "/members", "{\"devices\":[\"" + f.pres2 + "\"]}"));
        // staff-02's asset is lent to a member of staff; a leaver still holds another laptop
        String tag = "T-" + UUID.randomUUID().toString().substring(0, 8);
        Fleet.ok(201, tc.admin("POST", "/api/v1/assets", "{\"tag\":\"" + tag + "\",\"type\":\"laptop\",\"make\":"
                + "\"Lenovo\",\"model\":\"T14\",\"serial\":\"SN-staff-02\",\"purchasedOn\":\"2024-09-01\",\"cost\":799.00}"));
        String ben = Fleet.ok(201, tc.admin("POST", "/api/v1/people", "{\"staffId\":\"S-BEN\",\"name\":\"Ben Borrower\","
                + "\"department\":\"Maths\"}")).get("id").asText();
        Fleet.ok(201, tc.admin("POST", "/api/v1/loans", "{\"assetTag\":\"" + tag + "\",\"personId\":\"" + ben
                + "\",\"dueAt\":\"" + Instant.now().plusSeconds(86_400 * 30) + "\",\"conditionOut\":\"good\"}"));
        fleet.leaverHolding("Lee Leaver", "SN-LEAVER-1");
        // last term's closing snapshot, as the snapshot job would have stored it then
        JsonNode terms = io.rollcall.common.wire.WireJson.mapper().readTree(tc.adminGet("/api/v1/evidence/terms").body());
        LocalDate prevEnd = LocalDate.parse(terms.at("/previous/end").asText());
        var db = tc.collector().database();
        new ComplianceReports(db, new FindingQueries(db)).store(new ComplianceReports.DaySnapshot(prevEnd.minusDays(3),
                5, 2, 0, Map.of("screenlock.idle-too-long", 3L)), Instant.now());
        return f;
    }
}
