package io.rollcall.agent.schedule;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.rollcall.common.report.Sections;
import io.rollcall.common.wire.Hashes;
import io.rollcall.common.wire.WireJson;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SHA-256 of each present section's wire JSON, keyed by the section's wire name. For {@code removableMedia} only
 * the connected list is hashed: events are new by definition and travel with whatever report is next.
 *
 * <p>Map entries are hashed in key order: the records copy their maps with {@code Map.copyOf}, whose iteration order
 * is salted per JVM, so the wire order differs from one process to the next. The resident service's workers are
 * separate processes, and without this every hourly delta carried the security section (its {@code reasons} map)
 * although nothing had changed.
 */
public final class SectionHashes {
    private static final ObjectMapper CANONICAL = WireJson.mapper().copy()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private SectionHashes() {
    }

    public static Map<String, String> of(Sections s) {
        Map<String, String> h = new LinkedHashMap<>();
        put(h, "os", s.os());
        put(h, "hardware", s.hardware());
        put(h, "software", s.software());
        put(h, "removableMedia", s.removableMedia() == null ? null : s.removableMedia().connected());
        put(h, "accounts", s.accounts());
        put(h, "screenLock", s.screenLock());
        put(h, "security", s.security());
        return h;
    }

    private static void put(Map<String, String> h, String name, Object section) {
        if (section != null) {
            h.put(name, Hashes.sha256Hex(canonicalJson(section)));
        }
    }

    /** The wire JSON with every map's entries in key order. */
    static byte[] canonicalJson(Object section) {
        try {
            return CANONICAL.writeValueAsBytes(section);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise " + section.getClass().getSimpleName(), e);
        }
    }
}
