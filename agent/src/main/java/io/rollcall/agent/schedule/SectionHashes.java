package io.rollcall.agent.schedule;

import io.rollcall.common.report.Sections;
import io.rollcall.common.wire.Hashes;
import io.rollcall.common.wire.ReportCodec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SHA-256 of each present section's wire JSON, keyed by the section's wire name. For {@code removableMedia} only
 * the connected list is hashed: events are new by definition and travel with whatever report is next.
 */
public final class SectionHashes {
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
            h.put(name, Hashes.sha256Hex(ReportCodec.toJson(section)));
        }
    }
}
