package io.rollcall.agent.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.common.report.Sections;
import io.rollcall.common.report.SecuritySection;
import io.rollcall.common.report.Tri;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A section's hash must not depend on the order a JVM iterates its maps in ({@code Map.copyOf} is salted per
 * process), or each short-lived worker would see a change and send the section again in every delta.
 */
class SectionHashesOrderTest {
    private static Sections security(Map<String, String> reasons) {
        return Sections.EMPTY.withSecurity(new SecuritySection(Tri.NO, Tri.YES, List.of(), Tri.UNKNOWN, reasons));
    }

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
        String a = new String(SectionHashes.canonicalJson(security(one)), StandardCharsets.UTF_8);
        assertEquals(a, new String(SectionHashes.canonicalJson(security(other)), StandardCharsets.UTF_8));
        assertTrue(a.contains("{\"antivirus\":\"none found\",\"diskEncryption\":\"not on dm-crypt\","
                + "\"osUpToDate\":\"supported until 2028\"}"), a);
        assertEquals(SectionHashes.of(security(one)), SectionHashes.of(security(other)));
        other.put("antivirus", "ClamAV");
        assertNotEquals(SectionHashes.of(security(one)), SectionHashes.of(security(other)));
    }

    @Test
    void aSectionsHashIsItsWireJsonAsTheAgentSendsIt() throws Exception {
        Sections s = security(Map.of("firewallEnabled", "nft not readable"));
        java.io.ByteArrayOutputStream wire = new java.io.ByteArrayOutputStream();
        io.rollcall.common.wire.ReportWriter.writeSections(s, wire);
        assertEquals(SectionHashes.digest(wire.toByteArray()), SectionHashes.of(s).get("security"));
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(wire.toByteArray());
        assertTrue(SectionHashes.of(s).get("security").startsWith("c" + Long.toHexString(crc.getValue()) + "-"));
        assertEquals(List.of("security"), List.copyOf(SectionHashes.of(s).keySet()), "absent sections are not hashed");
        // a one-character change, and the same bytes in another order, both read as changed
        Sections other = security(Map.of("firewallEnabled", "nft not readablf"));
        assertNotEquals(SectionHashes.of(s), SectionHashes.of(other));
        assertNotEquals(SectionHashes.digest("ab".getBytes(StandardCharsets.UTF_8)),
                SectionHashes.digest("ba".getBytes(StandardCharsets.UTF_8)));
    }
}
