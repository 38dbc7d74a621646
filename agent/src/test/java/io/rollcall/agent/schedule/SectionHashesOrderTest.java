package io.rollcall.agent.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A section's hash must not depend on the order a JVM iterates its maps in ({@code Map.copyOf} is salted per
 * process), or each short-lived worker would see a change and send the section again in every delta.
 */
class SectionHashesOrderTest {
    @Test
    void mapsAreHashedInKeyOrderWhateverTheirIterationOrder() {
        Map<String, String> one = new LinkedHashMap<>();
        one.put("osUpToDate", "supported until 2028");
        one.put("antivirus", "none found");
        one.put("diskEncryption", "not on dm-crypt");
        Map<String, String> other = new LinkedHashMap<>();
        other.put("diskEncryption", "not on dm-crypt");
        other.put("osUpToDate", "supported until 2028");
        other.put("antivirus", "none found");
        String a = new String(SectionHashes.canonicalJson(one), StandardCharsets.UTF_8);
        assertEquals(a, new String(SectionHashes.canonicalJson(other), StandardCharsets.UTF_8));
        assertEquals("{\"antivirus\":\"none found\",\"diskEncryption\":\"not on dm-crypt\","
                + "\"osUpToDate\":\"supported until 2028\"}", a);
        other.put("antivirus", "ClamAV");
        assertNotEquals(a, new String(SectionHashes.canonicalJson(other), StandardCharsets.UTF_8));
    }
}
