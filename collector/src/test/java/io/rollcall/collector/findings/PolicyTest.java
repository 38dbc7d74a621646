package io.rollcall.collector.findings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void defaultsFollowTheCisBenchmarksAndDesign() {
        Policy p = Policy.defaults();
        assertEquals(900, p.screenLockMaxIdleSeconds());
        assertEquals(1200, p.screenLockMaxIdleSecondsMac());
        assertEquals(5, p.screenLockMaxGraceSeconds());
        assertEquals(14, p.staleDays());
        assertEquals(7, p.staleDaysOnLoan());
        assertEquals(30, p.mediaWindowDays());
        assertEquals(Severity.MEDIUM, p.complianceSeverity());
        assertEquals(Severity.LOW, p.unknownSeverity());
        assertTrue(p.approvedMedia().isEmpty());
        assertTrue(p.problems().isEmpty());
    }

    @Test
    void validateRefusesNegativeIdleSecondsNamingTheField() {
        Policy p = new Policy(null, -1, null, null, null, null, null, null, null, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, p::validate);
        assertEquals("screenLockMaxIdleSeconds was -1, must be 1 to 86400 seconds", e.getMessage());
    }

    @Test
    void validateListsEveryProblem() {
        Policy p = new Policy(null, null, null, -5, 0, null, -1, null, null,
                List.of(new ApprovedMedia(" ", null, null, "anything")));
        assertEquals(List.of("screenLockMaxGraceSeconds was -5, must be 0 to 3600 seconds",
                "staleDays was 0, must be 1 to 365 days", "mediaWindowDays was -1, must be 0 to 365 days",
                "approvedMedia[0] has no serial, vendorId or productId, so it would approve every medium"),
                p.problems());
    }

    @Test
    void thresholdsAboveTheirRangeAreRefusedNamingTheRange() {
        Policy p = new Policy(null, 90_000, null, null, 400, 366, null, null, null, null);
        assertEquals(List.of("screenLockMaxIdleSeconds was 90000, must be 1 to 86400 seconds",
                "staleDays was 400, must be 1 to 365 days", "staleDaysOnLoan was 366, must be 1 to 365 days"),
                p.problems());
    }

    @Test
    void jsonRoundTripKeepsEverySetting() throws Exception {
        Policy p = Policy.defaults().withRule("device.stale", new RuleSettings(false, Severity.HIGH, "AUP 3"))
                .withApprovedMedia(List.of(new ApprovedMedia("AAA", "0781", "5581", "office stick")));
        String text = json.writeValueAsString(p);
        assertTrue(text.contains("\"complianceSeverity\":\"medium\""), text);
        assertEquals(p, json.readValue(text, Policy.class));
    }

    @Test
    void partialJsonDocumentTakesDefaultsForWhatItLeavesOut() throws Exception {
        Policy p = json.readValue("{\"staleDays\":21,\"rules\":{\"media.unapproved\":{\"severity\":\"high\"}}}",
                Policy.class);
        assertEquals(21, p.staleDays());
        assertEquals(900, p.screenLockMaxIdleSeconds());
        assertEquals(Severity.HIGH, p.rule("media.unapproved").severity());
        assertTrue(p.enabled("media.unapproved"));
        assertEquals(Policy.defaults(), json.readValue("{}", Policy.class));
    }

    @Test
    void severityParsesWireNamesAndRefusesOthersNamingTheValue() {
        assertEquals(Severity.CRITICAL, Severity.parse("critical"));
        assertEquals("high", Severity.HIGH.wireName());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Severity.parse("urgent"));
        assertTrue(e.getMessage().contains("\"urgent\""), e.getMessage());
        JsonMappingException bad = assertThrows(JsonMappingException.class,
                () -> json.readValue("{\"unknownSeverity\":\"urgent\"}", Policy.class));
        assertTrue(bad.getMessage().contains("\"urgent\""), bad.getMessage());
        assertEquals(Map.of(), Policy.defaults().rules());
    }
}
