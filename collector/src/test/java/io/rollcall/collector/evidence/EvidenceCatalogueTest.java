package io.rollcall.collector.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.collector.findings.Rule;
import io.rollcall.collector.findings.RuleEngine;
import io.rollcall.collector.http.ApiException;
import io.rollcall.common.report.Sections;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The shipped mapping covers every rule the engine runs and every field a report carries; the term calendar. */
class EvidenceCatalogueTest {
    private final ControlCatalogue shipped = ControlCatalogue.shipped();

    @Test
    void everyRuleOfTheEngineMapsToAtLeastOneControl() {
        List<String> unmapped = new ArrayList<>();
        for (Rule r : RuleEngine.defaults().rules()) {
            ControlCatalogue.Mapping m = shipped.shippedMapping("rule:" + r.id());
            if (m == null || m.controls().isEmpty()) {
                unmapped.add(r.id());
            }
        }
        assertEquals(List.of(), unmapped, "rules without evidence mapping");
        assertTrue(RuleEngine.defaults().rules().size() >= 18);
    }

    @Test
    void everyReportFieldIsCoveredByItsOwnEntryOrItsSections() {
        List<String> uncovered = new ArrayList<>();
        for (RecordComponent section : Sections.class.getRecordComponents()) {
            for (String field : fields(section.getGenericType())) {
                ControlCatalogue.Mapping m = ControlCatalogue.coverFor(shipped.mappings(), section.getName(), field);
                if (m == null || m.controls().isEmpty()) {
                    uncovered.add(section.getName() + "." + field);
                }
            }
        }
        assertEquals(List.of(), uncovered);
    }

    @Test
    void theCyberEssentialsControlsAndTheFourteenDayLimitAreThere() {
        Map<String, ControlCatalogue.Control> c = shipped.byId();
        for (String id : List.of("ce.firewalls", "ce.secure-configuration", "ce.user-access-control",
                "ce.malware-protection", "ce.security-update-management", "ce.security-update-management.14-days",
                "ce.security-update-management.unsupported")) {
            assertNotNull(c.get(id), id);
        }
        assertTrue(c.get("ce.security-update-management.14-days").text().contains("14 days"));
        assertEquals(List.of("ce.security-update-management.14-days", "ce.security-update-management",
                "dfe.licensed-and-patched"), shipped.shippedMapping("rule:security.updates-overdue").controls());
        ControlCatalogue.Source ce = shipped.sources().get(0);
        assertTrue(ce.edition().contains("v3.2") && ce.edition().contains("Willow"), ce.edition());
        assertFalse(ce.verified(), "written offline: the catalogue must say it was not checked");
    }

    @Test
    void aMappingToAnUnknownControlIsRefusedWhenLoaded() {
        var controls = shipped.controls();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ControlCatalogue(
                shipped.sources(), controls, List.of(new ControlCatalogue.Mapping("rule:x", List.of("ce.nope"), ""))));
        assertTrue(e.getMessage().contains("ce.nope"), e.getMessage());
    }

    @Test
    void everyDayFallsInExactlyOneTermAndTermsFollowEachOther() {
        Terms t = Terms.DEFAULT;
        assertEquals("2026-autumn", t.termOf(LocalDate.of(2026, 12, 6)).id());
        assertEquals("2026/27", t.termOf(LocalDate.of(2026, 12, 6)).academicYear());
        assertEquals("2026-summer", t.previous(t.termOf(LocalDate.of(2026, 12, 6))).id());
        assertEquals(LocalDate.of(2026, 8, 31), t.previous(t.termOf(LocalDate.of(2026, 9, 1))).end());
        assertEquals("2027-spring", t.termOf(LocalDate.of(2027, 4, 19)).id());
        assertEquals("2027-summer", t.termOf(LocalDate.of(2027, 4, 20)).id());
        assertEquals("2026/27", t.termOf(LocalDate.of(2027, 4, 20)).academicYear());
        Terms late = new Terms("01-05", "05-01", "09-04");
        assertEquals("2026-autumn", late.termOf(LocalDate.of(2027, 1, 2)).id(), "before spring starts: still autumn");
        assertEquals(LocalDate.of(2027, 1, 4), late.termOf(LocalDate.of(2027, 1, 2)).end());
        for (LocalDate d = LocalDate.of(2026, 1, 1); d.isBefore(LocalDate.of(2028, 1, 1)); d = d.plusDays(1)) {
            Terms.Term term = late.termOf(d);
            assertTrue(!d.isBefore(term.start()) && !d.isAfter(term.end()), d + " in " + term);
            assertEquals(term.start().minusDays(1), late.previous(term).end());
        }
        ApiException e = assertThrows(ApiException.class, () -> new Terms("01-01", "13-01", "09-01"));
        assertTrue(e.getMessage().contains("summerStarts"), e.getMessage());
        e = assertThrows(ApiException.class, () -> new Terms("05-01", "04-20", "09-01"));
        assertTrue(e.getMessage().contains("order"), e.getMessage());
    }

    /** A section's field names: a record's components, or a list's element record's components. */
    private static List<String> fields(Type t) {
        Class<?> c = t instanceof ParameterizedType p && p.getRawType() == List.class
                ? (Class<?>) p.getActualTypeArguments()[0] : (Class<?>) (t instanceof ParameterizedType p2 ? p2.getRawType() : t);
        List<String> out = new ArrayList<>();
        if (c.isRecord()) {
            for (RecordComponent rc : c.getRecordComponents()) {
                out.add(rc.getName());
            }
        }
        assertFalse(out.isEmpty(), "section type " + t + " has no fields to map");
        return out;
    }

    static final Set<String> SECTIONS = Set.of("os", "hardware", "software", "removableMedia", "accounts", "screenLock",
            "security");
}
