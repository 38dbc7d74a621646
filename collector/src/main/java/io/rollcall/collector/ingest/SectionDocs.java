package io.rollcall.collector.ingest;

import com.fasterxml.jackson.core.type.TypeReference;
import io.rollcall.collector.db.Docs;
import io.rollcall.common.report.AccountsSection;
import io.rollcall.common.report.HardwareInfo;
import io.rollcall.common.report.OsInfo;
import io.rollcall.common.report.RemovableMedia;
import io.rollcall.common.report.ScreenLockSection;
import io.rollcall.common.report.SecuritySection;
import io.rollcall.common.report.Sections;
import io.rollcall.common.report.SoftwareItem;
import io.rollcall.common.wire.Hashes;
import io.rollcall.common.wire.ReportCodec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits a report's sections into the documents the collector stores (one per section) and puts
 * stored documents back together. Removable media is stored as what is connected now; its events
 * go to their own table.
 */
public final class SectionDocs {
    public static final String OS = "os";
    public static final String HARDWARE = "hardware";
    public static final String SOFTWARE = "software";
    public static final String MEDIA = "removableMedia";
    public static final String ACCOUNTS = "accounts";
    public static final String SCREEN_LOCK = "screenLock";
    public static final String SECURITY = "security";
    public static final List<String> ALL = List.of(OS, HARDWARE, SOFTWARE, MEDIA, ACCOUNTS, SCREEN_LOCK, SECURITY);

    private static final TypeReference<List<SoftwareItem>> SOFTWARE_LIST = new TypeReference<>() {
    };

    private SectionDocs() {
    }

    /** The sections present in {@code s}, by name, as the values to store (media without events). */
    public static Map<String, Object> present(Sections s) {
        Map<String, Object> out = new LinkedHashMap<>();
        put(out, OS, s.os());
        put(out, HARDWARE, s.hardware());
        put(out, SOFTWARE, s.software());
        put(out, MEDIA, s.removableMedia() == null ? null : new RemovableMedia(s.removableMedia().connected(), List.of()));
        put(out, ACCOUNTS, s.accounts());
        put(out, SCREEN_LOCK, s.screenLock());
        put(out, SECURITY, s.security());
        return out;
    }

    /**
     * The hash that decides whether a section changed: SHA-256 of its canonical JSON, except for the
     * software list, which is digested field by field. Re-serialising ~1,000 packages (a timestamp
     * each) only to hash them cost more than parsing them. A list an agent sent is stored under the span digest of
     * its bytes instead ({@code ReportCodec.Decoded#softwareDigest}, see {@code IngestService}); this field hash is
     * for lists decoded without one (the OCS interop path).
     */
    @SuppressWarnings("unchecked")
    public static String hash(String name, Object section) {
        if (name.equals(SOFTWARE)) {
            return softwareHash((List<SoftwareItem>) section);
        }
        return Hashes.sha256Hex(ReportCodec.toJson(section));
    }

    static String softwareHash(List<SoftwareItem> items) {
        java.security.MessageDigest md;
        try {
            md = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(16);
        for (SoftwareItem it : items) {
            field(md, it.name());
            field(md, it.version());
            field(md, it.publisher());
            field(md, it.location());
            field(md, it.source() == null ? null : it.source().name());
            buf.clear();
            if (it.installedAt() == null) {
                buf.putLong(Long.MIN_VALUE).putLong(0);
            } else {
                buf.putLong(it.installedAt().getEpochSecond()).putLong(it.installedAt().getNano());
            }
            md.update(buf.array(), 0, 16);
        }
        return java.util.HexFormat.of().formatHex(md.digest());
    }

    /** Length-prefixed so ("ab","c") and ("a","bc") digest differently; -1 marks null. */
    private static void field(java.security.MessageDigest md, String v) {
        if (v == null) {
            md.update(new byte[] {-1, -1, -1, -1});
            return;
        }
        byte[] b = v.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int n = b.length;
        md.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
        md.update(b);
    }

    /** Sets one stored section on {@code s}. */
    public static Sections with(Sections s, String name, byte[] doc) {
        return switch (name) {
            case OS -> s.withOs(Docs.decode(doc, OsInfo.class));
            case HARDWARE -> s.withHardware(Docs.decode(doc, HardwareInfo.class));
            case SOFTWARE -> s.withSoftware(Docs.decode(doc, SOFTWARE_LIST));
            case MEDIA -> s.withRemovableMedia(Docs.decode(doc, RemovableMedia.class));
            case ACCOUNTS -> s.withAccounts(Docs.decode(doc, AccountsSection.class));
            case SCREEN_LOCK -> s.withScreenLock(Docs.decode(doc, ScreenLockSection.class));
            case SECURITY -> s.withSecurity(Docs.decode(doc, SecuritySection.class));
            default -> s;
        };
    }

    /** Whether section {@code name} is present in {@code s}. */
    public static boolean has(Sections s, String name) {
        return switch (name) {
            case OS -> s.os() != null;
            case HARDWARE -> s.hardware() != null;
            case SOFTWARE -> s.software() != null;
            case MEDIA -> s.removableMedia() != null;
            case ACCOUNTS -> s.accounts() != null;
            case SCREEN_LOCK -> s.screenLock() != null;
            case SECURITY -> s.security() != null;
            default -> false;
        };
    }

    private static void put(Map<String, Object> out, String name, Object value) {
        if (value != null) {
            out.put(name, value);
        }
    }
}
