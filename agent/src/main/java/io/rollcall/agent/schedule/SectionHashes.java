package io.rollcall.agent.schedule;

import io.rollcall.common.report.RemovableMedia;
import io.rollcall.common.report.Sections;
import io.rollcall.common.wire.ReportWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A digest of each present section's wire JSON, keyed by the section's wire name: CRC-32, Adler-32 and the length,
 * which only decide whether a section changed since this device's last report (a wrong "unchanged" would hold a
 * section back until the daily full report, with a chance of about 2^-64 per change). Not SHA-256: the JDK's
 * checksums run as native code from the first call, where SHA-256 in a short-lived worker ran in the interpreter
 * and C1 and cost a cold scan a tenth of its CPU (BENCHMARKS.md, issue 13). The first delta after an upgrade from a
 * SHA-256 state sends every section once. For {@code removableMedia} only
 * the connected list is hashed: events are new by definition and travel with whatever report is next.
 *
 * <p>Written by the streaming {@link ReportWriter}, not databind: a worker that finds nothing changed then never
 * builds an {@code ObjectMapper} (about 400 classes in a cold JVM). The one map in a report, the security section's
 * {@code reasons}, is kept in key order by its record: {@code Map.copyOf}'s order is salted per JVM, and the resident
 * service's workers are separate processes; without that every hourly delta carried the security section.
 */
public final class SectionHashes {
    private SectionHashes() {
    }

    public static Map<String, String> of(Sections s) {
        Map<String, String> h = new LinkedHashMap<>();
        put(h, "os", s.os() == null ? null : Sections.EMPTY.withOs(s.os()));
        put(h, "hardware", s.hardware() == null ? null : Sections.EMPTY.withHardware(s.hardware()));
        put(h, "software", s.software() == null ? null : Sections.EMPTY.withSoftware(s.software()));
        put(h, "removableMedia", s.removableMedia() == null ? null
                : Sections.EMPTY.withRemovableMedia(new RemovableMedia(s.removableMedia().connected(), List.of())));
        put(h, "accounts", s.accounts() == null ? null : Sections.EMPTY.withAccounts(s.accounts()));
        put(h, "screenLock", s.screenLock() == null ? null : Sections.EMPTY.withScreenLock(s.screenLock()));
        put(h, "security", s.security() == null ? null : Sections.EMPTY.withSecurity(s.security()));
        return h;
    }

    private static void put(Map<String, String> h, String name, Sections only) {
        if (only != null) {
            h.put(name, digest(canonicalJson(only)));
        }
    }

    static String digest(byte[] json) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(json, 0, json.length);
        java.util.zip.Adler32 adler = new java.util.zip.Adler32();
        adler.update(json, 0, json.length);
        return "c" + Long.toHexString(crc.getValue()) + "-" + Long.toHexString(adler.getValue()) + "-"
                + Integer.toHexString(json.length);
    }

    /** The wire JSON of {@code only} as the agent sends it (the security section's reasons are kept in key order). */
    static byte[] canonicalJson(Sections only) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ReportWriter.writeSections(only, out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a section to memory", e);
        }
        return out.toByteArray();
    }
}
