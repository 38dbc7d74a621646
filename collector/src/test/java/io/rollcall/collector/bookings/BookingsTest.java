package io.rollcall.collector.bookings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.collector.support.MutableClock;
import io.rollcall.collector.support.TestCollector;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reservations through the API on a real collector (H2, or PostgreSQL in the store-tests profile). */
class BookingsTest {
    @TempDir
    static Path dir;
    static TestCollector rc;
    static Kit kit;
    static final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T08:00:00Z"));
    static final Instant MON_9 = Instant.parse("2026-03-02T09:00:00Z");

    @BeforeAll
    static void start() throws Exception {
        rc = new TestCollector(dir).start(0, c -> c, clock);
        kit = new Kit(rc);
    }

    @AfterAll
    static void stop() {
        rc.close();
    }

    @Test
    void anOverlappingBookingIsRefusedNamingTheAssetTheBookerAndTheTimes() throws Exception {
        UUID set = kit.set("Trolley A " + UUID.randomUUID(), 3);
        String[] ann = kit.person("Ann Lee", null);
        String[] bob = kit.person("Bob Roe", null);
        JsonNode first = kit.ok(201, kit.bookSet(set, ann[0], MON_9, MON_9.plus(Duration.ofHours(1))));
        assertEquals(3, first.get("assetTags").size());
        String one = kit.members(set).get(1);

        HttpResponse<String> clash = kit.bookTags(List.of(one), bob[0], MON_9.plusSeconds(1800), MON_9.plusSeconds(5400));
        assertEquals(409, clash.statusCode(), clash.body());
        String detail = Kit.json(clash).get("detail").asText();
        assertTrue(detail.contains("asset '" + one + "'") && detail.contains("Ann Lee (" + ann[1] + ")")
                && detail.contains("2026-03-02 09:00 UTC") && detail.contains("2026-03-02 10:00 UTC")
                && detail.contains(first.get("id").asText()), detail);

        // back to back is not an overlap
        kit.ok(201, kit.bookTags(List.of(one), bob[0], MON_9.plus(Duration.ofHours(1)), MON_9.plus(Duration.ofHours(2))));
        // cancelling frees the slot
        kit.ok(200, rc.admin("POST", "/api/v1/bookings/" + first.get("id").asText() + "/cancel", null));
        kit.ok(201, kit.bookTags(List.of(one), bob[0], MON_9, MON_9.plusSeconds(1800)));
    }

    @Test
    void anOpenLoanClashesWithBookingsBeforeItsDueDateOnly() throws Exception {
        String tag = kit.asset("camera");
        String[] carol = kit.person("Carol Tan", null);
        String[] dan = kit.person("Dan Park", null);
        String loan = kit.ok(201, kit.lend(tag, carol[0], MON_9.plus(Duration.ofDays(3)))).get("id").asText();

        HttpResponse<String> clash = kit.bookTags(List.of(tag), dan[0], MON_9.plus(Duration.ofDays(2)),
                MON_9.plus(Duration.ofDays(4)));
        assertEquals(409, clash.statusCode(), clash.body());
        String detail = Kit.json(clash).get("detail").asText();
        assertTrue(detail.contains("on loan to Carol Tan (" + carol[1] + ")") && detail.contains("due back 2026-03-05 09:00 UTC")
                && detail.contains(loan), detail);
        kit.ok(201, kit.bookTags(List.of(tag), dan[0], MON_9.plus(Duration.ofDays(3)), MON_9.plus(Duration.ofDays(4))));
    }

    @Test
    void lendingABookedAssetAtTheDeskPastItsBookingIsRefusedNamingTheBooking() throws Exception {
        String tag = kit.asset("laptop");
        String[] hal = kit.person("Hal Finch", null);
        String[] ida = kit.person("Ida Crane", null);
        Instant tomorrow = MON_9.plus(Duration.ofDays(1));
        String booking = kit.ok(201, kit.bookTags(List.of(tag), hal[0], tomorrow, tomorrow.plusSeconds(3600)))
                .get("id").asText();
        HttpResponse<String> refused = kit.lend(tag, ida[0], tomorrow.plus(Duration.ofDays(1)));
        assertEquals(409, refused.statusCode(), refused.body());
        assertTrue(Kit.json(refused).get("detail").asText().contains(booking), refused.body());
        assertEquals("in-stock", kit.ok(200, rc.adminGet("/api/v1/assets/" + tag)).get("status").asText(),
                "nothing changed");
        kit.ok(201, kit.lend(tag, ida[0], tomorrow.minusSeconds(3600)));
    }

    @Test
    void pickUpLendsTheWholeSetAsOneBatchOrNothing() throws Exception {
        UUID set = kit.set("Trolley B " + UUID.randomUUID(), 4);
        String[] eve = kit.person("Eve Shaw", null);
        String booking = kit.ok(201, kit.bookSet(set, eve[0], MON_9, MON_9.plus(Duration.ofDays(5)))).get("id").asText();
        List<String> tags = kit.members(set);
        kit.ok(200, rc.admin("POST", "/api/v1/assets/" + tags.get(2) + "/status", "{\"status\":\"repair\"}"));

        HttpResponse<String> refused = rc.admin("POST", "/api/v1/bookings/" + booking + "/collect", "{}");
        assertEquals(409, refused.statusCode(), refused.body());
        assertTrue(Kit.json(refused).get("detail").asText().contains(tags.get(2)), refused.body());
        assertEquals(0, kit.count("SELECT COUNT(*) FROM loans WHERE asset_tag IN (?, ?, ?, ?)", tags.toArray()),
                "a refused pick-up lends nothing");
        assertEquals(4, kit.count("SELECT COUNT(*) FROM assets WHERE status IN ('in-stock', 'repair') AND tag IN (?, ?, ?, ?)",
                tags.toArray()));

        kit.ok(200, rc.admin("POST", "/api/v1/assets/" + tags.get(2) + "/status", "{\"status\":\"in-stock\"}"));
        JsonNode done = kit.ok(200, rc.admin("POST", "/api/v1/bookings/" + booking + "/collect",
                "{\"conditionOut\":\"all charged\"}"));
        assertEquals("collected", done.get("status").asText());
        assertNotNull(done.get("batchId").textValue());
        assertEquals(4, kit.count("SELECT COUNT(*) FROM loans WHERE batch_id = ? AND due_at = ? AND closed_at IS NULL",
                UUID.fromString(done.get("batchId").asText()), java.time.OffsetDateTime.parse("2026-03-07T09:00:00Z")));
        assertEquals(1, kit.count("SELECT COUNT(*) FROM loan_batches WHERE id = ? AND set_id = ?",
                UUID.fromString(done.get("batchId").asText()), set));
        JsonNode read = kit.ok(200, rc.adminGet("/api/v1/bookings/" + booking));
        assertEquals(4, read.get("loans").size());
        assertEquals(409, rc.admin("POST", "/api/v1/bookings/" + booking + "/collect", "{}").statusCode(),
                "a booking is collected once");
    }

    @Test
    void theWeekViewShowsEachDaysBookingsAndLoansOfTheSet() throws Exception {
        UUID set = kit.set("Trolley C " + UUID.randomUUID(), 2);
        String[] fay = kit.person("Fay Wong", null);
        kit.ok(201, kit.bookSet(set, fay[0], MON_9.plus(Duration.ofDays(2)), MON_9.plus(Duration.ofDays(2)).plusSeconds(3600)));
        kit.ok(201, kit.lend(kit.members(set).get(0), fay[0], MON_9.plus(Duration.ofDays(1))));

        JsonNode week = kit.ok(200, rc.adminGet("/api/v1/bookings/calendar?set=" + set + "&date=2026-03-04"));
        assertEquals("2026-03-02", week.get("from").asText());
        assertEquals(7, week.get("byDay").size());
        Set<String> kinds = new HashSet<>();
        week.get("byDay").get(2).get("entries").forEach(e -> kinds.add(e.get("kind").asText()));
        assertEquals(Set.of("booking"), kinds, week.get("byDay").get(2).toString());
        assertEquals("loan", week.get("byDay").get(0).get("entries").get(0).get("kind").asText());
        assertEquals(0, week.get("byDay").get(4).get("entries").size());

        JsonNode day = kit.ok(200, rc.adminGet("/api/v1/bookings/calendar?set=" + set + "&date=2026-03-04&view=day"));
        assertEquals(1, day.get("byDay").size());
        assertEquals(400, rc.adminGet("/api/v1/bookings/calendar?set=" + set + "&date=4%20March").statusCode());
    }

    @Test
    void badInputIsRefusedNamingTheField() throws Exception {
        String tag = kit.asset("laptop");
        String[] gil = kit.person("Gil Moss", null);
        HttpResponse<String> backwards = kit.bookTags(List.of(tag), gil[0], MON_9, MON_9.minusSeconds(60));
        assertEquals(400, backwards.statusCode());
        assertTrue(Kit.json(backwards).get("detail").asText().startsWith("endsAt:"), backwards.body());
        HttpResponse<String> both = rc.admin("POST", "/api/v1/bookings", "{\"assetTags\":[\"" + tag + "\"],\"setId\":\""
                + UUID.randomUUID() + "\",\"personId\":\"" + gil[0] + "\",\"startsAt\":\"" + MON_9 + "\",\"endsAt\":\""
                + MON_9.plusSeconds(60) + "\"}");
        assertEquals(400, both.statusCode());
        assertTrue(Kit.json(both).get("detail").asText().startsWith("assetTags:"), both.body());
        HttpResponse<String> unknown = kit.bookTags(List.of("NO-SUCH-TAG"), gil[0], MON_9, MON_9.plusSeconds(60));
        assertEquals(404, unknown.statusCode());
        assertTrue(Kit.json(unknown).get("detail").asText().contains("NO-SUCH-TAG"), unknown.body());
        assertEquals(400, rc.admin("POST", "/api/v1/bookings", "{\"assetTags\":5}").statusCode());
        assertEquals(403, rc.as(rc.newUserToken("technician"), "GET", "/api/v1/bookings", null).statusCode());
    }
}
