package io.rollcall.collector.loans;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.collector.support.TestCollector;
import io.rollcall.common.wire.WireJson;
import java.net.http.HttpResponse;
import java.util.UUID;

/** Small helpers over the HTTP API for the loan tests. */
final class LoanApi {
    private final TestCollector rc;

    LoanApi(TestCollector rc) {
        this.rc = rc;
    }

    static JsonNode json(HttpResponse<String> res) throws Exception {
        return WireJson.mapper().readTree(res.body());
    }

    JsonNode ok(int status, HttpResponse<String> res) throws Exception {
        assertEquals(status, res.statusCode(), res.body());
        return json(res);
    }

    String asset(String type, String serial) throws Exception {
        String tag = "T-" + UUID.randomUUID().toString().substring(0, 8);
        ok(201, rc.admin("POST", "/api/v1/assets", "{\"tag\":\"" + tag + "\",\"type\":\"" + type
                + "\",\"make\":\"Lenovo\",\"model\":\"T14\",\"serial\":" + (serial == null ? "null" : "\"" + serial + "\"")
                + ",\"purchasedOn\":\"2024-09-01\",\"cost\":799.00}"));
        return tag;
    }

    String person(String name, String email) throws Exception {
        String staffId = "S" + UUID.randomUUID().toString().substring(0, 8);
        return ok(201, rc.admin("POST", "/api/v1/people", "{\"staffId\":\"" + staffId + "\",\"name\":\"" + name
                + "\",\"email\":" + (email == null ? "null" : "\"" + email + "\"") + ",\"department\":\"Science\"}"))
                .get("id").asText();
    }

    HttpResponse<String> lend(String tag, String personId, String dueAt) throws Exception {
        return rc.admin("POST", "/api/v1/loans", "{\"assetTag\":\"" + tag + "\",\"personId\":\"" + personId
                + "\",\"dueAt\":\"" + dueAt + "\",\"conditionOut\":\"good, charger included\"}");
    }

    JsonNode loans(String query) throws Exception {
        return ok(200, rc.adminGet("/api/v1/loans" + query)).get("items");
    }

    static boolean contains(JsonNode items, String loanId) {
        for (JsonNode n : items) {
            if (n.get("id").asText().equals(loanId)) {
                return true;
            }
        }
        return false;
    }
}
