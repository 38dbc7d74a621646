package io.rollcall.collector.stocktake;

import static io.rollcall.collector.support.KitFixtures.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.collector.support.ConsoleSession;
import io.rollcall.collector.support.KitFixtures;
import io.rollcall.collector.support.MutableClock;
import io.rollcall.collector.support.TestCollector;
import io.rollcall.common.enroll.EnrollResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The physical audit against a real collector (H2 or PostgreSQL) and a clock the test moves: the schedule, sightings by
 * scanning, the not-seen list, and a lent laptop seen by its agent.
 */
class StocktakeTest {
    @TempDir
    static Path dir;
    static TestCollector rc;
    static KitFixtures kit;
    static final MutableClock clock = new MutableClock(Instant.parse("2025-09-01T08:00:00Z"));

    @BeforeAll
    static void start() throws Exception {
        rc = new TestCollector(dir).start(0, c -> c, clock);
        kit = new KitFixtures(rc);
    }

    @AfterAll
    static void stop() {
        if (rc != null) {
            rc.close();
        }
    }

    static Map<String, JsonNode> overdue() throws Exception {
        return byTag(ok(200, rc.adminGet("/api/v1/stocktake/overdue")).get("items"));
    }

    static Map<String, JsonNode> all() throws Exception {
        return byTag(ok(200, rc.adminGet("/api/v1/stocktake/assets")).get("items"));
    }

    static Map<String, JsonNode> byTag(JsonNode items) {
        Map<String, JsonNode> out = new HashMap<>();
        items.forEach(i -> out.put(i.get("tag").asText(), i));
        return out;
    }

    static JsonNode sight(String tag, String location) throws Exception {
        return ok(201, rc.admin("POST", "/api/v1/stocktake/sightings", "{\"tag\":\"" + tag + "\",\"location\":\""
                + location + "\"}"));
    }

    @Test
    void theScheduleIsSetPerTypeAndBadValuesAreRefusedNamingTheType() throws Exception {
        Map<String, JsonNode> seeded = new HashMap<>();
        ok(200, rc.adminGet("/api/v1/stocktake/schedule")).get("items").forEach(i -> seeded.put(i.get("assetType").asText(), i));
        assertEquals(120, seeded.get("laptop").get("intervalDays").asInt());
        assertEquals(365, seeded.get("camera").get("intervalDays").asInt());

        Map<String, JsonNode> after = new HashMap<>();
        ok(200, rc.admin("PUT", "/api/v1/stocktake/schedule", "{\"intervals\":{\"other\":\"200\",\"tablet\":null}}"))
                .get("items").forEach(i -> after.put(i.get("assetType").asText(), i));
        assertEquals(200, after.get("other").get("intervalDays").asInt());
        assertFalse(after.containsKey("tablet"));
        assertEquals(120, after.get("laptop").get("intervalDays").asInt(), "a type left out keeps its interval");

        for (String[] bad : new String[][] {{"{\"intervals\":{\"spaceship\":30}}", "intervals.spaceship:"},
                {"{\"intervals\":{\"phone\":-3}}", "intervals.phone:"}, {"{\"intervals\":{\"phone\":\"often\"}}", "intervals.phone:"},
                {"{\"intervals\":[120]}", "intervals:"}, {"{}", "intervals:"}}) {
            var res = rc.admin("PUT", "/api/v1/stocktake/schedule", bad[0]);
            assertEquals(400, res.statusCode(), res.body());
            assertTrue(KitFixtures.json(res).get("detail").asText().startsWith(bad[1]), res.body());
        }
        String slt = rc.newUserToken("slt");
        assertEquals(200, rc.as(slt, "GET", "/api/v1/stocktake/schedule", null).statusCode());
        assertEquals(403, rc.as(slt, "PUT", "/api/v1/stocktake/schedule", "{\"intervals\":{\"phone\":1}}").statusCode());
        assertEquals(403, rc.as(slt, "POST", "/api/v1/stocktake/sightings", "{\"tag\":\"X\",\"location\":\"Y\"}").statusCode());
    }

    @Test
    void assetsNotSeenWithinTheirIntervalAreListedWithWhereAndByWhomTheyWereLastSeen() throws Exception {
        ok(200, rc.admin("PUT", "/api/v1/stocktake/schedule", "{\"intervals\":{\"phone\":30}}"));
        String seen = kit.asset("PH", "phone", null);
        String missing = kit.asset("PH", "phone", null);
        String disposed = kit.asset("PH", "phone", null);
        ok(200, rc.admin("POST", "/api/v1/assets/" + disposed + "/status", "{\"status\":\"disposed\",\"note\":\"broken\"}"));
        Instant registered = clock.instant();
        assertFalse(overdue().containsKey(missing), "the register entry counts as the first check");

        clock.advance(Duration.ofDays(31));
        JsonNode s = sight(seen.toLowerCase(), "Room 12"); // a tag typed in the wrong case still finds its asset
        assertEquals(seen, s.get("assetTag").asText());
        assertEquals("phone", s.get("assetType").asText());
        Map<String, JsonNode> late = overdue();
        assertFalse(late.containsKey(seen));
        assertFalse(late.containsKey(disposed), "disposed kit is not looked for");
        JsonNode m = late.get(missing);
        assertTrue(m.get("overdue").asBoolean());
        assertTrue(m.get("lastSeenAt") == null || m.get("lastSeenAt").isNull(), m.toString());
        assertEquals(registered.plus(Duration.ofDays(30)), Instant.parse(m.get("dueBy").asText()));

        clock.advance(Duration.ofDays(31));
        JsonNode again = overdue().get(seen);
        assertEquals("scan", again.get("seenBy").asText());
        assertEquals("Room 12", again.get("location").asText());
        assertEquals("first-run admin token", again.get("scannedBy").asText());
        assertEquals(registered.plus(Duration.ofDays(31)), Instant.parse(again.get("lastSeenAt").asText()));

        String csv = rc.adminGet("/api/v1/stocktake/overdue.csv").body();
        assertTrue(csv.startsWith("asset_tag,asset_type,"), csv);
        assertTrue(csv.lines().anyMatch(l -> l.startsWith(seen + ",phone,") && l.contains(",scanned,Room 12,")), csv);
        assertTrue(csv.lines().anyMatch(l -> l.startsWith(missing + ",phone,") && l.contains(",never seen,")), csv);
    }

    @Test
    void anUnknownTagIsRefusedAndStoresNothingWhileARunKeepsItForThePage() throws Exception {
        var res = rc.admin("POST", "/api/v1/stocktake/sightings", "{\"tag\":\"NO-SUCH-TAG\",\"location\":\"Hall\"}");
        assertEquals(404, res.statusCode(), res.body());
        assertTrue(KitFixtures.json(res).get("detail").asText().contains("NO-SUCH-TAG"), res.body());
        res = rc.admin("POST", "/api/v1/stocktake/sightings", "{\"tag\":\"X\"}");
        assertEquals(400, res.statusCode());
        assertTrue(KitFixtures.json(res).get("detail").asText().startsWith("location:"), res.body());

        String cam = kit.asset("CAM", "camera", null);
        String run = ok(201, rc.admin("POST", "/api/v1/stocktake/runs", "{\"location\":\"Media store\"}")).get("id").asText();
        JsonNode s = ok(201, rc.admin("POST", "/api/v1/stocktake/sightings", "{\"tag\":\"" + cam + "\",\"runId\":\"" + run + "\"}"));
        assertEquals("Media store", s.get("location").asText(), "a run's scans take its location");
        JsonNode r = ok(200, rc.adminGet("/api/v1/stocktake/runs/" + run));
        assertEquals(1, r.get("sightings").size());
        assertEquals(404, rc.adminGet("/api/v1/stocktake/runs/" + java.util.UUID.randomUUID()).statusCode());
    }

    @Test
    void aLentLaptopWhoseAgentReportsCountsAsSeenByItsAgentOnTheReportsDate() throws Exception {
        ok(200, rc.admin("PUT", "/api/v1/stocktake/schedule", "{\"intervals\":{\"laptop\":120}}"));
        EnrollResponse lentDevice = kit.reportingDevice(clock.instant());
        EnrollResponse shelfDevice = kit.reportingDevice(clock.instant());
        String lent = kit.asset("LAP", "laptop", kit.serialOf(lentDevice));
        String shelf = kit.asset("LAP", "laptop", kit.serialOf(shelfDevice));
        kit.lend(lent, kit.person("Hal Home", null, "Maths"), clock.instant().plus(Duration.ofDays(365)));

        clock.advance(Duration.ofDays(100));
        Instant reported = clock.instant();
        kit.report(lentDevice, reported);
        kit.report(shelfDevice, reported);
        clock.advance(Duration.ofDays(30)); // 130 days after registration, 30 after the last report

        Map<String, JsonNode> late = overdue();
        assertFalse(late.containsKey(lent), "its agent reported 30 days ago");
        JsonNode a = all().get(lent);
        assertEquals("agent", a.get("seenBy").asText());
        assertEquals(reported, Instant.parse(a.get("lastSeenAt").asText()));
        // a laptop in stock is looked for on the shelf: its agent reporting does not say where it is
        assertTrue(late.containsKey(shelf), late.keySet().toString());

        clock.advance(Duration.ofDays(91));
        JsonNode gone = overdue().get(lent);
        assertEquals("agent", gone.get("seenBy").asText());
        assertEquals(reported, Instant.parse(gone.get("lastSeenAt").asText()));
        assertTrue(rc.adminGet("/api/v1/stocktake/overdue.csv").body().lines()
                .anyMatch(l -> l.startsWith(lent + ",laptop,") && l.contains(",seen by its agent,")));
    }

    @Test
    void theScanningPageWorksWithoutAScriptOnePostPerScan() throws Exception {
        String cam = kit.asset("CAM", "camera", null);
        ConsoleSession bm = ConsoleSession.newUser(rc, "scanner" + java.util.UUID.randomUUID().toString().substring(0, 6),
                "business-manager");
        String token = ConsoleSession.csrf(bm.get("/console/stocktake").body());
        var started = bm.post("/console/stocktake/runs", "_csrf=" + token + "&location=Drama+studio");
        assertEquals(303, started.statusCode(), started.body());
        String run = started.headers().firstValue("Location").orElseThrow();
        assertTrue(run.startsWith("/console/stocktake/runs/"), run);
        for (String tag : new String[] {cam, "LOST-LABEL"}) {
            var scanned = bm.post(run + "/scans", "_csrf=" + token + "&tag=" + tag);
            assertEquals(303, scanned.statusCode(), scanned.body());
            assertEquals(run, scanned.headers().firstValue("Location").orElseThrow());
        }
        String page = bm.get(run).body();
        assertTrue(page.contains("This run: 1 seen, 1 unknown"), page);
        assertTrue(page.indexOf("LOST-LABEL") < page.indexOf(cam), "newest first");
        assertTrue(page.contains("camera, Dell Latitude 5440") && page.contains("unknown tag"), page);
        assertTrue(page.contains("autofocus"), "the input is focused for the next scan");
        JsonNode seen = all().get(cam);
        assertEquals("Drama studio", seen.get("location").asText());
        // a blank location is refused by name, and nothing starts
        var blank = bm.post("/console/stocktake/runs", "_csrf=" + token + "&location=+");
        assertEquals(400, blank.statusCode());
        assertTrue(blank.body().contains("location: is required"), blank.body());
    }
}
