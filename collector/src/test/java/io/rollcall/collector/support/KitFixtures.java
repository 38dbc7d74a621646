package io.rollcall.collector.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.common.enroll.EnrollResponse;
import io.rollcall.common.sample.SampleReports;
import io.rollcall.common.wire.ReportCodec;
import io.rollcall.common.wire.WireJson;
import java.net.http.HttpResponse;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.UUID;

/** People, assets, loans, sets and reporting laptops for the recall and physical-audit tests, made through the API. */
public final class KitFixtures {
    private final TestCollector rc;

    public KitFixtures(TestCollector rc) {
        this.rc = rc;
    }

    public static JsonNode json(HttpResponse<String> res) throws Exception {
        return WireJson.mapper().readTree(res.body());
    }

    public static JsonNode ok(int status, HttpResponse<String> res) throws Exception {
        assertEquals(status, res.statusCode(), res.body());
        return json(res);
    }

    public String person(String name, String email, String department) throws Exception {
        String staffId = "S" + UUID.randomUUID().toString().substring(0, 8);
        java.util.Map<String, String> body = new java.util.LinkedHashMap<>();
        body.put("staffId", staffId);
        body.put("name", name);
        if (email != null) {
            body.put("email", email);
        }
        if (department != null) {
            body.put("department", department);
        }
        return ok(201, rc.admin("POST", "/api/v1/people", WireJson.mapper().writeValueAsString(body)))
                .get("id").asText();
    }

    /** A new asset of {@code type}; {@code serial} may be null. Returns its tag. */
    public String asset(String prefix, String type, String serial) throws Exception {
        String tag = prefix + "-" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        ok(201, rc.admin("POST", "/api/v1/assets", "{\"tag\":\"" + tag + "\",\"type\":\"" + type
                + "\",\"make\":\"Dell\",\"model\":\"Latitude 5440\",\"serial\":"
                + (serial == null ? "null" : "\"" + serial + "\"") + "}"));
        return tag;
    }

    /** Lends {@code tag} to {@code personId} until {@code due}; returns the loan id. */
    public String lend(String tag, String personId, Instant due) throws Exception {
        return ok(201, rc.admin("POST", "/api/v1/loans", "{\"assetTag\":\"" + tag + "\",\"personId\":\"" + personId
                + "\",\"dueAt\":\"" + due + "\"}")).get("id").asText();
    }

    public void giveBack(String loanId) throws Exception {
        ok(200, rc.admin("POST", "/api/v1/loans/" + loanId + "/return", "{\"conditionIn\":\"good\"}"));
    }

    /** An enrolled agent device that has sent one full report (collected and received now); returns it. */
    public EnrollResponse reportingDevice(Instant collectedAt) throws Exception {
        EnrollResponse d = rc.enroll(UUID.randomUUID().toString());
        report(d, collectedAt);
        return d;
    }

    public void report(EnrollResponse d, Instant collectedAt) throws Exception {
        var res = rc.postReport(d, ReportCodec.toGzipJson(SampleReports.full(d.deviceId(), 7, 20, collectedAt)), true);
        assertEquals(202, res.statusCode(), res.body());
    }

    /** The serial number the device enrolled with, as the register links laptops to devices. */
    public String serialOf(EnrollResponse d) throws Exception {
        return ok(200, rc.adminGet("/api/v1/devices/" + d.deviceId())).get("device").get("serialNumber").asText();
    }

    /** A set with these members, written straight to the shared tables (the sets API is another part of issue 16). */
    public UUID set(String name, String... tags) throws Exception {
        UUID id = UUID.randomUUID();
        Instant now = Instant.parse("2025-01-01T00:00:00Z");
        rc.collector().database().inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO asset_sets (id, name, kind, created_at, updated_at) VALUES (?, ?, 'trolley', ?, ?)")) {
                ps.setObject(1, id);
                ps.setString(2, name);
                ps.setObject(3, java.sql.Timestamp.from(now));
                ps.setObject(4, java.sql.Timestamp.from(now));
                ps.executeUpdate();
            }
            for (String t : tags) {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO asset_set_members (set_id, asset_tag, added_at) VALUES (?, ?, ?)")) {
                    ps.setObject(1, id);
                    ps.setString(2, t);
                    ps.setObject(3, java.sql.Timestamp.from(now));
                    ps.executeUpdate();
                }
            }
            return null;
        });
        return id;
    }
}
