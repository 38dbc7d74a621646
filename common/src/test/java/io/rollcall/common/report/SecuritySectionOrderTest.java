package io.rollcall.common.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rollcall.common.wire.ReportCodec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The security section's reasons serialise in one order whatever order they were collected in: the agent decides
 * whether a delta carries a section by its hash, and a short-lived worker per delta compares hashes made in two
 * different JVMs. {@code Map.copyOf}'s order varies between JVMs (a per-JVM salt), so it cannot be the order.
 */
class SecuritySectionOrderTest {
    private static SecuritySection with(Map<String, String> reasons) {
        return new SecuritySection(Tri.YES, Tri.UNKNOWN, List.of(), Tri.NO, reasons);
    }

    @Test
    void reasonsIterateAndSerialiseInKeyOrderWhateverTheInsertionOrder() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            keys.add("reason-" + (char) ('a' + i));
        }
        byte[] first = null;
        Random random = new Random(7);
        for (int round = 0; round < 5; round++) {
            Collections.shuffle(keys, random);
            Map<String, String> collected = new LinkedHashMap<>();
            keys.forEach(k -> collected.put(k, "why " + k));
            SecuritySection s = with(collected);
            List<String> order = new ArrayList<>(s.reasons().keySet());
            List<String> sorted = new ArrayList<>(order);
            Collections.sort(sorted);
            assertEquals(sorted, order);
            byte[] json = ReportCodec.toJson(s);
            if (first == null) {
                first = json;
            }
            assertArrayEquals(first, json, "same facts, same bytes");
        }
    }

    @Test
    void aNullReasonIsStillRefused() {
        Map<String, String> bad = new HashMap<>();
        bad.put("firewall", null);
        assertThrows(NullPointerException.class, () -> with(bad));
    }
}
