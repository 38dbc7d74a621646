package io.rollcall.collector.loans;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.collector.support.MutableClock;
import io.rollcall.collector.support.TestCollector;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lending, acknowledgement, return, loss, views, receipts and the export through a real collector. */
class LoansTest {
    static final Instant START = Instant.parse("2025-03-10T09:00:00Z");
    @TempDir
    static Path dir;
    static TestCollector rc;
    static MutableClock clock = new MutableClock(START);
    static LoanApi api;

    @BeforeAll
    static void start() throws Exception {
        rc = new TestCollector(dir).start(0, c -> c.withLoans(c.loans().withSchoolName("Hillside Academy")), clock);
        api = new LoanApi(rc);
    }

    @AfterAll
    static void stop() {
        rc.close();
    }

    @Test
    void lendAcknowledgeAndReturnMoveTheAssetAndRecordWhoDidIt() throws Exception {
        String tag = api.asset("camera", "CAM-1");
        String person = api.person("Ada Lovelace", "ada@school.example");
        JsonNode loan = api.ok(201, api.lend(tag, person, "2025-03-20T16:00:00Z"));
        String id = loan.get("id").asText();
        assertEquals("out", loan.get("state").asText());
        JsonNode lent = api.ok(200, rc.adminGet("/api/v1/assets/" + tag));
        assertEquals("on-loan", lent.get("status").asText(), lent.toString());

        JsonNode ack = api.ok(200, rc.admin("POST", "/api/v1/loans/" + id + "/acknowledge", "{\"typedName\":\"Ada Lovelace\"}"))
                .get("acknowledgement");
        assertEquals(64, ack.get("sha256").asText().length());
        assertTrue(ack.get("termsIntact").asBoolean());
        assertEquals(409, rc.admin("POST", "/api/v1/loans/" + id + "/acknowledge", "{\"typedName\":\"Ada\"}").statusCode());

        JsonNode back = api.ok(200, rc.admin("POST", "/api/v1/loans/" + id + "/return",
                "{\"conditionIn\":\"scratched lens cap\",\"receivedBy\":\"J. Bursar\"}"));
        assertEquals("returned", back.get("state").asText());
        assertEquals("scratched lens cap", back.get("conditionIn").asText());
        assertEquals(409, rc.admin("POST", "/api/v1/loans/" + id + "/return", "{\"conditionIn\":\"x\"}").statusCode());

        JsonNode asset = api.ok(200, rc.adminGet("/api/v1/assets/" + tag));
        assertEquals("in-stock", asset.get("status").asText());
        JsonNode history = asset.get("history");
        assertEquals(3, history.size(), history.toString());
        assertEquals("on-loan", history.get(1).get("toStatus").asText());
        assertEquals("in-stock", history.get(2).get("toStatus").asText());
        assertEquals("first-run-admin", history.get(2).get("actor").asText());
        assertTrue(LoanApi.contains(api.loans("?state=returned"), id));
        assertFalse(LoanApi.contains(api.loans("?state=out"), id));
    }

    @Test
    void editingTheTermsTextOrTheLoanAfterAcknowledgementIsDetected() throws Exception {
        String tag = api.asset("phone", "PH-1");
        String id = api.ok(201, api.lend(tag, api.person("Alan Turing", null), "2025-04-01")).get("id").asText();
        api.ok(200, rc.admin("POST", "/api/v1/loans/" + id + "/acknowledge", "{\"typedName\":\"Alan Turing\"}"));

        // a new version of the terms through the API does not touch the version this loan was lent under
        api.ok(201, rc.admin("PUT", "/api/v1/loans/terms", "{\"text\":\"New terms: return on request.\"}"));
        assertTrue(api.ok(200, rc.adminGet("/api/v1/loans/" + id)).get("acknowledgement").get("termsIntact").asBoolean());

        String termsId = api.ok(200, rc.adminGet("/api/v1/loans/" + id)).get("termsVersion").asText();
        rc.collector().database().inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE loan_terms SET text = text || ' Quietly edited.' WHERE id = ?")) {
                ps.setObject(1, UUID.fromString(termsId));
                return ps.executeUpdate();
            }
        });
        assertFalse(api.ok(200, rc.adminGet("/api/v1/loans/" + id)).get("acknowledgement").get("termsIntact").asBoolean());
    }

    @Test
    void lostReportClosesTheLoanAndFlagsTheAsset() throws Exception {
        String tag = api.asset("phone", "PH-2");
        String id = api.ok(201, api.lend(tag, api.person("Grace Hopper", null), "2025-04-01")).get("id").asText();
        JsonNode l = api.ok(200, rc.admin("POST", "/api/v1/loans/" + id + "/lost", "{\"kind\":\"stolen\",\"note\":\"taken from car\"}"));
        assertEquals("stolen", l.get("state").asText());
        assertEquals("stolen", api.ok(200, rc.adminGet("/api/v1/assets/" + tag)).get("status").asText());
        assertEquals(409, api.lend(tag, api.person("Someone Else", null), "2025-04-01").statusCode());
        assertTrue(LoanApi.contains(api.loans("?state=lost"), id));
    }

    @Test
    void anAssetOnLoanCannotBeLentAgainAndALeaverCannotBorrow() throws Exception {
        String tag = api.asset("laptop", null);
        api.ok(201, api.lend(tag, api.person("First Borrower", null), "2025-04-01"));
        HttpResponse<String> second = api.lend(tag, api.person("Second Borrower", null), "2025-04-01");
        assertEquals(409, second.statusCode());
        assertTrue(second.body().contains("assetTag"), second.body());

        String leaver = api.ok(201, rc.admin("POST", "/api/v1/people",
                "{\"staffId\":\"LV1\",\"name\":\"Gone Already\",\"status\":\"leaver\",\"leftOn\":\"2025-02-28\"}")).get("id").asText();
        assertEquals(409, api.lend(api.asset("camera", null), leaver, "2025-04-01").statusCode());
    }

    @Test
    void badLendRequestsAreRefusedNamingTheFieldAndChangeNothing() throws Exception {
        String tag = api.asset("camera", null);
        String person = api.person("Careful Person", null);
        assertTrue(api.lend(tag, person, "2020-01-01T00:00:00Z").body().contains("dueAt"));
        assertTrue(api.lend(tag, "not-a-uuid", "2025-04-01").body().contains("personId"));
        assertEquals(404, api.lend(tag, UUID.randomUUID().toString(), "2025-04-01").statusCode());
        assertEquals(400, rc.admin("POST", "/api/v1/loans", "{\"assetTag\":").statusCode());
        assertEquals("in-stock", api.ok(200, rc.adminGet("/api/v1/assets/" + tag)).get("status").asText());
        assertEquals(0, api.loans("?asset=" + tag).size());
    }

    @Test
    void viewsShowOverdueDueSoonHoldingsAndLeaversStillHoldingKit() throws Exception {
        String soonTag = api.asset("camera", null);
        String lateTag = api.asset("camera", null);
        String laterTag = api.asset("camera", null);
        String person = api.person("View Person", null);
        String soon = api.ok(201, api.lend(soonTag, person, clock.instant().plus(Duration.ofDays(3)).toString())).get("id").asText();
        String late = api.ok(201, api.lend(lateTag, person, clock.instant().plus(Duration.ofHours(2)).toString())).get("id").asText();
        String later = api.ok(201, api.lend(laterTag, person, clock.instant().plus(Duration.ofDays(30)).toString())).get("id").asText();
        clock.advance(Duration.ofHours(3));
        try {
            assertTrue(LoanApi.contains(api.loans("?state=overdue"), late));
            assertFalse(LoanApi.contains(api.loans("?state=overdue"), soon));
            assertTrue(LoanApi.contains(api.loans("?state=due-soon"), soon));
            assertFalse(LoanApi.contains(api.loans("?state=due-soon"), later));
            assertTrue(LoanApi.contains(api.loans("?state=out"), later));
            assertEquals(3, api.ok(200, rc.adminGet("/api/v1/people/" + person + "/holdings")).get("items").size());
            assertEquals(400, rc.adminGet("/api/v1/loans?state=lent").statusCode());

            JsonNode p = api.ok(200, rc.adminGet("/api/v1/people/" + person));
            api.ok(200, rc.admin("PUT", "/api/v1/people/" + person, "{\"staffId\":\"" + p.get("staffId").asText()
                    + "\",\"name\":\"View Person\",\"status\":\"leaver\",\"leftOn\":\"2025-03-09\"}"));
            JsonNode leavers = api.ok(200, rc.adminGet("/api/v1/people?status=leaver&holdsKit=true")).get("items");
            boolean found = false;
            for (JsonNode n : leavers) {
                found |= n.get("id").asText().equals(person) && n.get("holding").asInt() == 3;
                assertTrue(n.get("holding").asInt() > 0);
            }
            assertTrue(found, leavers.toString());
        } finally {
            clock.advance(Duration.ofHours(-3));
        }
    }

    @Test
    void receiptsAreRealPdfsWithTheSchoolAssetBorrowerTermsAndHash() throws Exception {
        String tag = api.asset("laptop", "RCPT-1");
        String terms = api.ok(200, rc.adminGet("/api/v1/loans/terms")).get("text").asText().replaceAll("\\s+", " ");
        String id = api.ok(201, api.lend(tag, api.person("Mary Somerville", null), "2025-03-28T16:00:00Z")).get("id").asText();
        String hash = api.ok(200, rc.admin("POST", "/api/v1/loans/" + id + "/acknowledge", "{\"typedName\":\"Mary Somerville\"}"))
                .get("acknowledgement").get("sha256").asText();
        HttpResponse<byte[]> issue = rc.adminGetBytes("/api/v1/loans/" + id + "/receipt");
        assertEquals(200, issue.statusCode());
        assertEquals("application/pdf", issue.headers().firstValue("Content-Type").orElse(""));
        String text = text(issue.body());
        assertTrue(text.contains("Hillside Academy"), text);
        assertTrue(text.contains("Equipment loan receipt"), text);
        assertTrue(text.contains(tag) && text.contains("RCPT-1") && text.contains("Mary Somerville"), text);
        assertTrue(text.contains("10 Mar 2025") && text.contains("28 Mar 2025"), text);
        assertTrue(text.contains("good, charger included"), text);
        assertTrue(text.contains(terms), text);
        assertTrue(text.contains(hash), text);
        assertEquals(409, rc.adminGetBytes("/api/v1/loans/" + id + "/receipt?kind=return").statusCode());

        api.ok(200, rc.admin("POST", "/api/v1/loans/" + id + "/return", "{\"conditionIn\":\"dent on lid\",\"receivedBy\":\"Office\"}"));
        String ret = text(rc.adminGetBytes("/api/v1/loans/" + id + "/receipt").body());
        assertTrue(ret.contains("Equipment return receipt") && ret.contains("dent on lid") && ret.contains("Office"), ret);
        assertTrue(ret.contains(hash), ret);
    }

    @Test
    void loansExportIsCsvWithOneRowPerLoanAndNoFormulaCells() throws Exception {
        String tag = api.asset("camera", "=HYPERLINK(\\\"x\\\")");
        api.ok(201, api.lend(tag, api.person("Export Person", null), "2025-04-01"));
        HttpResponse<String> res = rc.adminGet("/api/v1/exports/loans.csv?state=out");
        assertEquals(200, res.statusCode());
        assertTrue(res.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        var records = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new java.io.StringReader(res.body())).getRecords();
        CSVRecord row = records.stream().filter(r -> r.get("asset_tag").equals(tag)).findFirst().orElseThrow();
        assertEquals("Export Person", row.get("borrower"));
        assertEquals("out", row.get("state"));
        assertTrue(row.get("serial").startsWith("'="), row.get("serial"));
    }

    static String text(byte[] pdf) throws Exception {
        try (PDDocument d = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(d).replaceAll("\\s+", " ");
        }
    }
}
