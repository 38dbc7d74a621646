package io.rollcall.collector.findings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.rollcall.collector.findings.rules.SoftwareUnapprovedRule;
import io.rollcall.common.report.SoftwareItem;
import io.rollcall.common.sample.SampleReports;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Answers kept by the argument's identity: the same instance is answered from memory, an equal but other instance and
 * an instance pushed out by newer ones are computed again; the unapproved rule gives the same verdict either way.
 */
class IdentityMemoTest {
    private static final Instant NOW = Instant.parse("2026-12-01T08:00:00Z");

    @Test
    void theSameInstanceIsComputedOnceAnEqualOneOrAnEvictedOneAgain() {
        IdentityMemo<List<String>, Integer> memo = new IdentityMemo<>(2);
        AtomicInteger calls = new AtomicInteger();
        List<String> a = List.of("x", "y");
        java.util.function.Function<List<String>, Integer> size = l -> {
            calls.incrementAndGet();
            return l.size();
        };
        assertEquals(2, memo.get(a, size));
        assertEquals(2, memo.get(a, size));
        assertEquals(1, calls.get(), "the same instance: from memory");
        memo.get(new ArrayList<>(a), l -> calls.incrementAndGet());
        assertEquals(2, calls.get(), "an equal list that is another instance is computed");
        memo.get(List.of("z"), l -> calls.incrementAndGet());
        memo.get(a, l -> calls.incrementAndGet());
        assertEquals(4, calls.get(), "two newer instances pushed the first out of two slots");
    }

    @Test
    void theUnapprovedRuleAnswersAnImagesListOnceAndTheSameAsComputed() {
        List<SoftwareItem> image = SampleReports.software(4, 60, NOW);
        AtomicInteger judged = new AtomicInteger();
        List<Catalogue.Judged> once = Catalogue.empty().judge(image);
        Catalogue shared = new Catalogue() {
            @Override
            public java.util.Optional<Decision> decisionFor(SoftwareItem item) {
                return java.util.Optional.empty();
            }

            @Override
            public List<Catalogue.Judged> judge(List<SoftwareItem> software) {
                judged.incrementAndGet();
                return once; // as CatalogueService answers one list instance: one judged instance
            }
        };
        SoftwareUnapprovedRule rule = new SoftwareUnapprovedRule(shared);
        DeviceFacts facts = new DeviceFacts(java.util.UUID.randomUUID(),
                io.rollcall.common.report.Sections.EMPTY.withSoftware(image), NOW, List.of(), false);
        List<Verdict> first = rule.evaluate(facts, Policy.defaults(), NOW);
        List<Verdict> second = rule.evaluate(facts, Policy.defaults(), NOW);
        assertSame(first, second);
        assertEquals(new SoftwareUnapprovedRule(Catalogue.empty()).evaluate(facts, Policy.defaults(), NOW), first);
        assertEquals(2, judged.get(), "asked of the catalogue for each report, which answers one instance");
        assertEquals(true, ((Number) first.get(0).evidence().get("unreviewedTitles")).intValue() > 20);
    }
}
