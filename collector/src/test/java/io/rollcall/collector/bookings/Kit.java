package io.rollcall.collector.bookings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.collector.support.TestCollector;
import io.rollcall.common.wire.WireJson;
import java.net.http.HttpResponse;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Assets, people, sets and bookings for the reservation and acknowledgement tests, through the API (sets by SQL). */
public final class Kit {
    private final TestCollector rc;

    public Kit(TestCollector rc) {
        this.rc = rc;
    }

    public static JsonNode json(HttpResponse<String> res) throws Exception {
        return WireJson.mapper().readTree(res.body());
    }

    public JsonNode ok(int status, HttpResponse<String> res) throws Exception {
        assertEquals(status, res.statusCode(), res.body());
        return json(res);
    }

    public String asset(String type) throws Exception {
        String tag = "B-" + UUID.randomUUID().toString().substring(0, 8);
        ok(201, rc.admin("POST", "/api/v1/assets", "{\"tag\":\"" + tag + "\",\"type\":\"" + type
                + "\",\"make\":\"Lenovo\",\"model\":\"T14\",\"serial\":\"SN-" + tag + "\"}"));
        return tag;
    }

    /** A person; returns {id, staffId}. */
    public String[] person(String name, String email) throws Exception {
        String staffId = "S" + UUID.randomUUID().toString().substring(0, 8);
        String id = ok(201, rc.admin("POST", "/api/v1/people", "{\"staffId\":\"" + staffId + "\",\"name\":\"" + name
                + "\",\"email\":" + (email == null ? "null" : "\"" + email + "\"") + ",\"department\":\"Science\"}"))
                .get("id").asText();
        return new String[] {id, staffId};
    }

    /** A set of {@code n} new laptops, written straight into the shared V20 tables. */
    public UUID set(String name, int n) throws Exception {
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tags.add(asset("laptop"));
        }
        return set(name, tags);
    }

    public UUID set(String name, List<String> tags) throws Exception {
        UUID id = UUID.randomUUID();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        rc.collector().database().inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO asset_sets (id, name, kind, location, created_at,"
                    + " updated_at) VALUES (?, ?, 'trolley', 'Room 12', ?, ?)")) {
                ps.setObject(1, id);
                ps.setString(2, name);
                ps.setObject(3, now);
                ps.setObject(4, now);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO asset_set_members (set_id, asset_tag, added_at) VALUES (?, ?, ?)")) {
                for (String t : tags) {
                    ps.setObject(1, id);
                    ps.setString(2, t);
                    ps.setObject(3, now);
                    ps.executeUpdate();
                }
            }
            return null;
        });
        return id;
    }

    public List<String> members(UUID set) throws Exception {
        return rc.collector().database().read(c -> io.rollcall.collector.sets.SetStore.members(c, set));
    }

    public HttpResponse<String> bookTags(List<String> tags, String personId, Instant from, Instant until) throws Exception {
        return rc.admin("POST", "/api/v1/bookings", "{\"assetTags\":" + WireJson.mapper().writeValueAsString(tags)
                + ",\"personId\":\"" + personId + "\",\"startsAt\":\"" + from + "\",\"endsAt\":\"" + until + "\"}");
    }

    public HttpResponse<String> bookSet(UUID set, String personId, Instant from, Instant until) throws Exception {
        return rc.admin("POST", "/api/v1/bookings", "{\"setId\":\"" + set + "\",\"personId\":\"" + personId
                + "\",\"startsAt\":\"" + from + "\",\"endsAt\":\"" + until + "\",\"note\":\"Year 9 science\"}");
    }

    public HttpResponse<String> lend(String tag, String personId, Instant due) throws Exception {
        return rc.admin("POST", "/api/v1/loans", "{\"assetTag\":\"" + tag + "\",\"personId\":\"" + personId
                + "\",\"dueAt\":\"" + due + "\",\"conditionOut\":\"good\"}");
    }

    public long count(String sql, Object... args) throws Exception {
        return rc.collector().database().read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    ps.setObject(i + 1, args[i]);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }
}
