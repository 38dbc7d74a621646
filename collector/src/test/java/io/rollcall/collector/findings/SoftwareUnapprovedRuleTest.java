package io.rollcall.collector.findings;

import static io.rollcall.collector.findings.Fixtures.NOW;
import static io.rollcall.collector.findings.Fixtures.verdicts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.collector.findings.rules.SoftwareUnapprovedRule;
import io.rollcall.common.report.Sections;
import io.rollcall.common.report.SoftwareItem;
import io.rollcall.common.report.SoftwareSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SoftwareUnapprovedRuleTest {

    private static SoftwareItem item(String name) {
        return new SoftwareItem(name, "1.0", "Vendor", null, SoftwareSource.DPKG, null);
    }

    @Test
    void everyTitleIsUnreviewedUntilACatalogueExistsGivingOneVerdictPerDevice() {
        List<SoftwareItem> items = new ArrayList<>();
        IntStream.range(0, 30).forEach(i -> items.add(item(String.format("title-%02d", 29 - i))));
        items.add(item("title-05")); // a second version of one title counts once
        Verdict v = verdicts(Sections.EMPTY.withSoftware(items), SoftwareUnapprovedRule.ID).get(0);
        assertEquals("", v.subject());
        assertEquals(Severity.LOW, v.severity());
        assertEquals(30, v.evidence().get("unreviewedTitles"));
        List<?> titles = (List<?>) v.evidence().get("titles");
        assertEquals(20, titles.size());
        assertEquals("title-00", titles.get(0));
        assertEquals("title-19", titles.get(19));
    }

    @Test
    void titlesTheCatalogueHasDecidedAreNotUnreviewed() {
        Catalogue knowsFirefox = i -> "Firefox".equals(i.name())
                ? Optional.of(new Decision(Decision.Status.APPROVED, "browser", null)) : Optional.empty();
        RuleEngine engine = new RuleEngine(knowsFirefox);
        Sections s = Sections.EMPTY.withSoftware(List.of(item("Firefox")));
        assertTrue(engine.evaluate(Fixtures.facts(s), Policy.defaults(), NOW).isEmpty());
        Sections both = Sections.EMPTY.withSoftware(List.of(item("Firefox"), item("Steam")));
        assertEquals(List.of("Steam"), engine.evaluate(Fixtures.facts(both), Policy.defaults(), NOW).stream()
                .filter(v -> v.rule().equals(SoftwareUnapprovedRule.ID)).findFirst().orElseThrow().evidence()
                .get("titles"));
    }

    @Test
    void emptySoftwareListProducesNothing() {
        assertTrue(verdicts(Sections.EMPTY.withSoftware(List.of()), SoftwareUnapprovedRule.ID).isEmpty());
    }
}
