package io.rollcall.collector.desk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.collector.support.TestCollector;
import io.rollcall.common.wire.WireJson;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batches through the HTTP API against the real database: the desk check's verdicts, a batch that goes out whole
 * or not at all (naming every item that cannot go), one acknowledgement over the batch, the batch receipt read
 * back, returns by scanning with a damaged item going to repair, and a set lent as one with its partial return.
 */
class BatchLoansTest {
    @TempDir
    static Path dir;
    static TestCollector rc;
    static String due = Instant.now().plus(7, ChronoUnit.DAYS).toString();

    @BeforeAll
    static void start() throws Exception {
        rc = new TestCollector(dir).start(0);
    }

    @AfterAll
    static void stop() {
        rc.close();
    }

    static JsonNode ok(int status, HttpResponse<String> res) throws Exception {
        assertEquals(status, res.statusCode(), res.body());
        return WireJson.mapper().readTree(res.body());
    }

    static List<String> assets(String prefix, int n) throws Exception {
        List<String> tags = new ArrayList<>();
        String run = UUID.randomUUID().toString().substring(0, 6);
        for (int i = 1; i <= n; i++) {
            String tag = prefix + "-" + run + "-" + i;
            ok(201, rc.admin("POST", "/api/v1/assets", "{\"tag\":\"" + tag + "\",\"type\":\"camera\",\"make\":\"Canon\","
                    + "\"model\":\"EOS 250D\",\"serial\":\"CAM" + run + i + "\"}"));
            tags.add(tag);
        }
        return tags;
    }

    static String person(String name) throws Exception {
        return ok(201, rc.admin("POST", "/api/v1/people", "{\"staffId\":\"S" + UUID.randomUUID().toString().substring(0, 8)
                + "\",\"name\":\"" + name + "\",\"department\":\"Art\"}")).get("id").asText();
    }

    static String json(List<String> tags) {
        return "[" + String.join(",", tags.stream().map(t -> "\"" + t + "\"").toList()) + "]";
    }

    static HttpResponse<String> lend(List<String> tags, String person) throws Exception {
        return rc.admin("POST", "/api/v1/loans/batch", "{\"personId\":\"" + person + "\",\"tags\":" + json(tags)
                + ",\"dueAt\":\"" + due + "\",\"conditionOut\":\"good, in its bag\"}");
    }

    @Test
    void deskCheckSaysWhatEachScanIsAndWhetherItCanGo() throws Exception {
        List<String> tags = assets("CHK", 3);
        String ann = person("Ann Check");
        ok(201, lend(List.of(tags.get(0)), ann));
        ok(200, rc.admin("POST", "/api/v1/assets/" + tags.get(1) + "/status", "{\"status\":\"repair\"}"));

        JsonNode onLoan = ok(200, rc.adminGet("/api/v1/desk/check?mode=lend&tag=" + tags.get(0)));
        assertFalse(onLoan.get("ok").asBoolean());
        assertTrue(onLoan.get("reason").asText().startsWith("on loan to Ann Check, due "), onLoan.toString());
        JsonNode repair = ok(200, rc.adminGet("/api/v1/desk/check?mode=lend&tag=" + tags.get(1)));
        assertEquals("in repair", repair.get("reason").asText());
        JsonNode free = ok(200, rc.adminGet("/api/v1/desk/check?mode=lend&tag=" + tags.get(2)));
        assertTrue(free.get("ok").asBoolean());
        assertEquals("camera Canon EOS 250D", free.get("description").asText());
        JsonNode unknown = ok(200, rc.adminGet("/api/v1/desk/check?mode=lend&tag=NOPE-" + UUID.randomUUID()));
        assertFalse(unknown.get("known").asBoolean());
        assertTrue(unknown.get("reason").asText().startsWith("unknown tag"), unknown.toString());
        // for a return it is the other way round
        assertTrue(ok(200, rc.adminGet("/api/v1/desk/check?mode=return&tag=" + tags.get(0))).get("ok").asBoolean());
        assertEquals("not on loan: in stock",
                ok(200, rc.adminGet("/api/v1/desk/check?mode=return&tag=" + tags.get(2))).get("reason").asText());
        HttpResponse<String> bad = rc.adminGet("/api/v1/desk/check?mode=borrow&tag=X");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("mode: was 'borrow'"), bad.body());
    }

    @Test
    void aBatchGoesOutWholeOrNotAtAllAndTheRefusalNamesEveryItem() throws Exception {
        List<String> tags = assets("ALL", 4);
        String ann = person("Ann Whole");
        String bob = person("Bob Other");
        ok(201, lend(List.of(tags.get(1)), bob));
        ok(200, rc.admin("POST", "/api/v1/assets/" + tags.get(2) + "/status", "{\"status\":\"repair\"}"));

        HttpResponse<String> refused = lend(tags, ann);
        assertEquals(409, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("'" + tags.get(1) + "' is on loan to Bob Other"), refused.body());
        assertTrue(refused.body().contains("'" + tags.get(2) + "' is repair"), refused.body());
        // nothing of the batch went out: the free items are still in stock
        assertEquals("in-stock", ok(200, rc.adminGet("/api/v1/assets/" + tags.get(0))).get("status").asText());
        assertEquals("in-stock", ok(200, rc.adminGet("/api/v1/assets/" + tags.get(3))).get("status").asText());

        HttpResponse<String> twice = lend(List.of(tags.get(0), tags.get(0)), ann);
        assertEquals(400, twice.statusCode());
        assertTrue(twice.body().contains("'" + tags.get(0) + "' is in the batch twice"), twice.body());
        HttpResponse<String> notArray = rc.admin("POST", "/api/v1/loans/batch", "{\"personId\":\"" + ann
                + "\",\"tags\":\"" + tags.get(0) + "\",\"dueAt\":\"" + due + "\"}");
        assertEquals(400, notArray.statusCode());
        assertTrue(notArray.body().contains("tags: must be an array"), notArray.body());
    }

    @Test
    void oneAcknowledgementAndOneReceiptCoverTheBatchAndReturnsRecordEachItemsCondition() throws Exception {
        List<String> tags = assets("KIT", 3);
        String ann = person("Ann Batch");
        JsonNode batch = ok(201, lend(tags, ann));
        String id = batch.get("id").asText();
        assertEquals(3, batch.get("count").asInt());
        assertTrue(batch.path("set").isMissingNode() || batch.get("set").isNull(), "tags from no set make a batch of no set");

        JsonNode acked = ok(200, rc.admin("POST", "/api/v1/loans/batches/" + id + "/acknowledge", "{\"typedName\":\"Ann Batch\"}"));
        assertEquals(3, acked.get("acknowledged").asInt());
        for (JsonNode item : acked.get("items")) {
            JsonNode ack = item.get("acknowledgement");
            assertEquals("Ann Batch", ack.get("typedName").asText());
            assertTrue(ack.get("termsIntact").asBoolean());
            assertEquals(64, ack.get("sha256").asText().length());
        }
        assertEquals(409, rc.admin("POST", "/api/v1/loans/batches/" + id + "/acknowledge", "{\"typedName\":\"Ann Batch\"}")
                .statusCode(), "acknowledged once");

        JsonNode back = ok(200, rc.admin("POST", "/api/v1/loans/returns", "{\"receivedBy\":\"Desk\",\"items\":["
                + "{\"tag\":\"" + tags.get(0) + "\"},"
                + "{\"tag\":\"" + tags.get(1) + "\",\"conditionIn\":\"cracked screen\",\"damaged\":true}]}"));
        assertEquals(2, back.get("returned").size());
        assertEquals("good", back.get("returned").get(0).get("conditionIn").asText());
        assertEquals("repair", back.get("returned").get(1).get("assetStatus").asText());
        JsonNode progress = back.get("batches").get(0);
        assertEquals(2, progress.get("back").asInt());
        assertEquals(3, progress.get("items").asInt());
        assertEquals(tags.get(2), progress.get("stillOut").get(0).asText());
        assertEquals("repair", ok(200, rc.adminGet("/api/v1/assets/" + tags.get(1))).get("status").asText());
        assertEquals("in-stock", ok(200, rc.adminGet("/api/v1/assets/" + tags.get(0))).get("status").asText());

        HttpResponse<byte[]> pdf = rc.adminGetBytes("/api/v1/loans/batches/" + id + "/receipt");
        assertEquals(200, pdf.statusCode());
        assertEquals("application/pdf", pdf.headers().firstValue("Content-Type").orElse(""));
        try (PDDocument doc = Loader.loadPDF(pdf.body())) {
            String text = new PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
            assertTrue(text.contains("Equipment loan receipt: 3 items"), text);
            assertTrue(text.contains("Borrower: Ann Batch"), text);
            assertTrue(text.contains("Back so far: 2 of 3"), text);
            assertTrue(text.contains(tags.get(1)) && text.contains("condition: cracked screen"), text);
            assertTrue(text.contains(tags.get(2)) && text.contains("Still out."), text);
            assertTrue(text.contains("Acknowledged for 3 of 3 items by typing the name \"Ann Batch\""), text);
        }
    }

    @Test
    void aReturnOfAnythingNotOnLoanRecordsNothingAndADamagedItemMustSayHow() throws Exception {
        List<String> tags = assets("RET", 2);
        String ann = person("Ann Return");
        ok(201, lend(List.of(tags.get(0)), ann));
        HttpResponse<String> refused = rc.admin("POST", "/api/v1/loans/returns", "{\"items\":[{\"tag\":\"" + tags.get(0)
                + "\"},{\"tag\":\"" + tags.get(1) + "\"}]}");
        assertEquals(409, refused.statusCode());
        assertTrue(refused.body().contains("'" + tags.get(1) + "' is not on loan (in-stock)"), refused.body());
        assertEquals("on-loan", ok(200, rc.adminGet("/api/v1/assets/" + tags.get(0))).get("status").asText(),
                "the good item was not returned either");
        HttpResponse<String> how = rc.admin("POST", "/api/v1/loans/returns", "{\"items\":[{\"tag\":\"" + tags.get(0)
                + "\",\"damaged\":true}]}");
        assertEquals(400, how.statusCode());
        assertTrue(how.body().contains("items[0].conditionIn: say what is damaged"), how.body());
    }

    @Test
    void aSetIsLentAsOneAndItsPageShowsThePartialReturn() throws Exception {
        List<String> tags = assets("SET", 5);
        String name = "Camera kit " + UUID.randomUUID();
        JsonNode set = ok(201, rc.admin("POST", "/api/v1/sets", "{\"name\":\"" + name + "\",\"kind\":\"kit\","
                + "\"location\":\"Art store\",\"tags\":" + json(tags) + "}"));
        String id = set.get("id").asText();
        assertEquals(5, set.get("members").asInt());
        assertEquals(409, rc.admin("POST", "/api/v1/sets", "{\"name\":\"" + name + "\"}").statusCode(), "names are unique");
        HttpResponse<String> elsewhere = rc.admin("POST", "/api/v1/sets", "{\"name\":\"Other " + UUID.randomUUID()
                + "\",\"tags\":[\"" + tags.get(0) + "\"]}");
        assertEquals(409, elsewhere.statusCode());
        assertTrue(elsewhere.body().contains("already in set '" + name + "'"), elsewhere.body());

        String trip = person("Tom Trip");
        JsonNode batch = ok(201, rc.admin("POST", "/api/v1/sets/" + id + "/lend", "{\"personId\":\"" + trip
                + "\",\"dueAt\":\"" + due + "\"}"));
        assertEquals(5, batch.get("count").asInt());
        assertEquals(name, batch.get("set").get("name").asText());
        ok(200, rc.admin("POST", "/api/v1/loans/returns", "{\"items\":[{\"tag\":\"" + tags.get(0) + "\"},{\"tag\":\""
                + tags.get(1) + "\"},{\"tag\":\"" + tags.get(2) + "\"}]}"));

        JsonNode view = ok(200, rc.adminGet("/api/v1/sets/" + id));
        JsonNode latest = view.get("latestLoan");
        assertEquals(3, latest.get("back").asInt());
        assertEquals(5, latest.get("items").asInt());
        assertEquals(List.of(tags.get(3), tags.get(4)), List.of(latest.get("stillOut").get(0).asText(),
                latest.get("stillOut").get(1).asText()));
        assertEquals(3, view.get("counts").get("in-stock").asInt());
        assertEquals(2, view.get("counts").get("on-loan").asInt());
        JsonNode out = view.get("items").get(4);
        assertEquals("Tom Trip", out.get("loan").get("borrower").asText());

        // a set with loan history is kept; its members can still be removed
        assertEquals(409, rc.admin("DELETE", "/api/v1/sets/" + id, null).statusCode());
        assertEquals(204, rc.admin("DELETE", "/api/v1/sets/" + id + "/members/" + tags.get(0), null).statusCode());
        assertEquals(4, ok(200, rc.adminGet("/api/v1/sets/" + id)).get("members").asInt());

        // labels for the set, and a refusal naming an unknown tag
        HttpResponse<byte[]> labels = rc.adminGetBytes("/api/v1/labels.pdf?set=" + id);
        assertEquals(200, labels.statusCode());
        try (PDDocument doc = Loader.loadPDF(labels.body())) {
            String text = new PDFTextStripper().getText(doc);
            for (String t : tags.subList(1, 5)) {
                assertTrue(text.contains(t), text);
            }
            assertFalse(text.contains(tags.get(0)), "removed from the set, so not on its sheet");
        }
        HttpResponse<String> unknown = rc.adminGet("/api/v1/labels.pdf?tags=" + tags.get(0) + ",NOPE-1");
        assertEquals(404, unknown.statusCode());
        assertTrue(unknown.body().contains("no asset tagged 'NOPE-1'"), unknown.body());
    }
}
