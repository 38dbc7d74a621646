package io.rollcall.collector.software;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.re2j.Pattern;
import io.rollcall.common.sample.SampleReports;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The anchored-prefix check in front of each rule's pattern never changes which rule matches, only how fast. */
class NamePrefixTest {
    @Test
    void thePrefixIsTheLiteralStartOfAnAnchoredPatternWithoutTopLevelAlternatives() {
        assertEquals("Microsoft Word", NormalisationRule.anchoredPrefix("^Microsoft Word(\\s+v?\\d[\\d.]*)?$"));
        assertEquals("Microsoft 365", NormalisationRule.anchoredPrefix("^Microsoft 365( Apps)?$"));
        assertEquals("7-Zip", NormalisationRule.anchoredPrefix("^7-Zip\\b"));
        assertEquals("Notepad++", NormalisationRule.anchoredPrefix("^Notepad\\+\\+"));
        assertEquals("Micro", NormalisationRule.anchoredPrefix("^Microx?soft"), "an optional character is left out");
        assertEquals("Micr", NormalisationRule.anchoredPrefix("^Micro{0,1}"), "so is one a count may leave out");
        assertEquals("Micro", NormalisationRule.anchoredPrefix("^Micro+soft"), "a + keeps at least one");
        assertEquals("", NormalisationRule.anchoredPrefix("^Microsoft 365$|^Office 365$"), "top-level alternative");
        assertEquals("Office ", NormalisationRule.anchoredPrefix("^Office (365|2021)"), "alternatives in a group");
        assertEquals("", NormalisationRule.anchoredPrefix("Zoom"), "not anchored");
        assertEquals("", NormalisationRule.anchoredPrefix("^(?i)zoom"));
        assertEquals("", NormalisationRule.anchoredPrefix("^[Zz]oom"));
        assertEquals(java.util.List.of("Signal", "signal-desktop"),
                NormalisationRule.anchoredPrefixes("^Signal$|^signal-desktop$"), "one per alternative");
        assertEquals(java.util.List.of(), NormalisationRule.anchoredPrefixes("^GIMP|gimp"),
                "an alternative without an anchor may match anything");
    }

    @Test
    void aNameOutsideTheAsciiRangeIsLeftToThePattern() {
        NormalisationRule.Compiled kelvin = new NormalisationRule("k", "Kodi", "kodi", null, "^Kodi", null, null,
                null, null, 0).compile(false);
        assertTrue(kelvin.mayMatchName("\u212Aodi"), "the Kelvin sign folds to k in RE2");
    }

    @Test
    void everyDictionaryRuleMatchesExactlyTheNamesItsPatternAloneMatches() {
        List<String> names = new ArrayList<>();
        for (long seed = 0; seed < 8; seed++) {
            SampleReports.software(seed, 850, Instant.EPOCH).forEach(i -> names.add(i.name()));
        }
        for (NormalisationRule r : Normaliser.dictionary()) {
            names.add(r.title());
            names.add(r.title().toUpperCase(java.util.Locale.ROOT));
            names.add(r.title().toLowerCase(java.util.Locale.ROOT) + " 2024");
            names.add(" " + r.title());
        }
        int skipped = 0;
        for (NormalisationRule r : Normaliser.dictionary()) {
            NormalisationRule.Compiled c = r.compile(false);
            Pattern alone = Pattern.compile(r.match(), Pattern.CASE_INSENSITIVE);
            for (String n : names) {
                boolean pattern = alone.matcher(n).find();
                boolean prefiltered = c.mayMatchName(n) && c.name().matcher(n).find();
                assertEquals(pattern, prefiltered, () -> r.id() + " on '" + n + "'");
                if (!c.mayMatchName(n)) {
                    skipped++;
                }
            }
        }
        assertTrue(skipped > names.size(), "the check spares the pattern for most names: " + skipped);
    }
}
