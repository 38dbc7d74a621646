package io.rollcall.collector.people;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Coverage-guided fuzzing of the MIS staff import ({@code POST /api/v1/people/import}): the CSV is whatever the
 * export (or whoever edited it) wrote. The contract of {@link StaffCsv#parse}: it never throws; every refused line
 * has a reason; every accepted row has a staff id and a name within their limits; the refusal the API answers with
 * can be built. Inputs: {@code src/test/resources/io/rollcall/collector/people/StaffCsvFuzzTestInputs/parse/}.
 */
class StaffCsvFuzzTest {

    @FuzzTest
    void parse(byte[] body) {
        String text;
        try { // as PeopleHandlers does: bytes that are not UTF-8 are a 400 before the parser sees them
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return;
        }
        StaffCsv.Parsed p = StaffCsv.parse(text);
        assertNotNull(p);
        assertTrue(p.rows().size() + p.errors().size() <= StaffCsv.MAX_ROWS + 1, "more rows than the limit");
        for (StaffCsv.LineError e : p.errors()) {
            assertTrue(e.line() >= 0, "negative line number");
            assertFalse(e.reason() == null || e.reason().isBlank(), "a refused line without a reason");
        }
        for (StaffCsv.Row r : p.rows()) {
            Person person = r.person();
            assertTrue(person.staffId() != null && !person.staffId().isBlank() && person.staffId().length() <= 64,
                    "bad staff id accepted: " + person.staffId());
            assertTrue(person.name() != null && !person.name().isBlank(), "a row without a name accepted");
            assertTrue(person.status().equals("active") || person.status().equals("leaver"), person.status());
        }
        if (!p.errors().isEmpty()) {
            Map<String, Object> refusal = PeopleService.refusal(p);
            assertNotNull(refusal.get("detail"));
        }
    }
}
