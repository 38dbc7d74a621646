package io.rollcall.collector.people;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.collector.support.TestCollector;
import io.rollcall.common.wire.WireJson;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MIS staff export through {@code POST /api/v1/people/import}. */
class PeopleImportTest {
    @TempDir
    static Path dir;
    static TestCollector rc;

    static final String EXPORT = "\uFEFFStaff Code,First Name,Surname,Email Address,Dept,Leaving Date,Room\r\n"
            + "A100,Ada,Lovelace,ada@school.example,Maths,,M1\r\n"
            + "A101,Alan,\"Turing, OBE\",alan@school.example,Computing,,C2\r\n"
            + "A102,Grace,Hopper,grace@school.example,Computing,31/08/2024,C3\r\n";

    @BeforeAll
    static void start() throws Exception {
        rc = new TestCollector(dir).start(0);
    }

    @AfterAll
    static void stop() {
        rc.close();
    }

    static HttpResponse<String> upload(String query, String csv) throws Exception {
        return rc.adminBody("POST", "/api/v1/people/import" + query, "text/csv", csv);
    }

    static JsonNode people(String query) throws Exception {
        return WireJson.mapper().readTree(rc.adminGet("/api/v1/people" + query).body()).get("items");
    }

    @Test
    void importMapsColumnsByNameAndReimportUpdatesInsteadOfDuplicating() throws Exception {
        HttpResponse<String> first = upload("", EXPORT);
        assertEquals(200, first.statusCode(), first.body());
        JsonNode r = WireJson.mapper().readTree(first.body());
        assertEquals(3, r.get("created").asInt());
        assertEquals("Room", r.get("ignoredColumns").get(0).asText());
        JsonNode grace = people("?q=A102").get(0);
        assertEquals("Grace Hopper", grace.get("name").asText());
        assertEquals("leaver", grace.get("status").asText());
        assertEquals("2024-08-31", grace.get("leftOn").asText());
        assertEquals("Alan Turing, OBE", people("?q=A101").get(0).get("name").asText());

        String changed = EXPORT.replace("Maths,,M1", "Science,,M1");
        JsonNode again = WireJson.mapper().readTree(upload("", changed).body());
        assertEquals(0, again.get("created").asInt());
        assertEquals(1, again.get("updated").asInt());
        assertEquals(2, again.get("unchanged").asInt());
        assertEquals(1, people("?q=A100").size());
        assertEquals("Science", people("?q=A100").get(0).get("department").asText());
    }

    @Test
    void aFileWithBadRowsIsRefusedWithEveryLineAndNothingIsApplied() throws Exception {
        String bad = "Staff ID,Name,Email,Status\n"
                + "B200,Good Person,good@school.example,active\n"
                + "B201,Bad Mail,not-an-address,active\n"
                + "B202,Fine Person,fine@school.example,active\n"
                + ",No Id,noid@school.example,active\n"
                + "B200,Twice,twice@school.example,retired\n";
        HttpResponse<String> res = upload("", bad);
        assertEquals(400, res.statusCode(), res.body());
        JsonNode body = WireJson.mapper().readTree(res.body());
        JsonNode lines = body.get("lines");
        assertEquals(3, lines.size(), body.toString());
        assertEquals(3, lines.get(0).get("line").asInt());
        assertTrue(lines.get(0).get("reason").asText().contains("email"));
        assertEquals(5, lines.get(1).get("line").asInt());
        assertEquals(6, lines.get(2).get("line").asInt());
        assertTrue(lines.get(2).get("reason").asText().contains("line 2"), lines.toString());
        assertTrue(lines.get(2).get("reason").asText().contains("status"), lines.toString());
        assertTrue(body.get("detail").asText().startsWith("nothing was imported"));
        assertEquals(0, people("?q=B20").size());
    }

    @Test
    void dryRunPreviewsWithoutWritingAndWrongInputIsRefused() throws Exception {
        String csv = "Employee ID,Full Name\nC300,Preview Only\n";
        JsonNode preview = WireJson.mapper().readTree(upload("?dryRun=true", csv).body());
        assertTrue(preview.get("dryRun").asBoolean());
        assertEquals("created", preview.get("rows").get(0).get("outcome").asText());
        assertEquals(0, people("?q=C300").size());

        assertEquals(415, rc.adminBody("POST", "/api/v1/people/import", "application/json", "{}").statusCode());
        HttpResponse<String> noId = upload("", "Name,Email\nX,x@school.example\n");
        assertEquals(400, noId.statusCode());
        assertTrue(noId.body().contains("line 1"), noId.body());
        assertEquals(400, upload("", "").statusCode());
    }
}
