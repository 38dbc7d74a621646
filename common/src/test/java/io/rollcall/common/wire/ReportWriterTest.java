package io.rollcall.common.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.common.report.Account;
import io.rollcall.common.report.AccountKind;
import io.rollcall.common.report.AccountsSection;
import io.rollcall.common.report.Antivirus;
import io.rollcall.common.report.Diagnostics;
import io.rollcall.common.report.HardwareInfo;
import io.rollcall.common.report.MediaAction;
import io.rollcall.common.report.MediaDevice;
import io.rollcall.common.report.MediaEvent;
import io.rollcall.common.report.MediaKind;
import io.rollcall.common.report.OsInfo;
import io.rollcall.common.report.OsUpdates;
import io.rollcall.common.report.ProbeError;
import io.rollcall.common.report.RemovableMedia;
import io.rollcall.common.report.Report;
import io.rollcall.common.report.ReportKind;
import io.rollcall.common.report.ScreenLockSection;
import io.rollcall.common.report.ScreenLockSetting;
import io.rollcall.common.report.SecuritySection;
import io.rollcall.common.report.Sections;
import io.rollcall.common.report.SettingSource;
import io.rollcall.common.report.Tri;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ReportWriterTest {
    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    /** The collector's decoder: limits, validation and all. */
    private final ReportCodec collector = new ReportCodec(Clock.fixed(NOW, ZoneOffset.UTC));

    /** Quotes, backslashes, control characters (not NUL: the collector refuses it, PostgreSQL cannot store it), a line separator, accents, CJK and an emoji (a surrogate pair). */
    private static final String AWKWARD = "Zoë's \"quoted\" \\path\\ tab\t nl\n cr\r bell\u0007 ls\u2028 中文 🎒";

    static Report everySectionFilled(ReportKind kind) {
        String hash = "ab".repeat(32);
        MediaDevice stick = new MediaDevice(MediaKind.USB_STORAGE, "0781", "5581", AWKWARD, "Ultra \"Fit\"", "4C53\u00e9",
                32_000_000_000L, "vfat", Tri.UNKNOWN);
        MediaDevice phone = new MediaDevice(MediaKind.MTP, null, null, null, null, null, null, null, Tri.NO);
        Sections s = Sections.EMPTY
                .withOs(new OsInfo("linux", "Debian GNU/Linux", "12 (bookworm)", "6.1.0-18-amd64", "x86_64", AWKWARD))
                .withHardware(new HardwareInfo("4c4c4544-0031-3510-8052-b4c04f4e3732", "smbios", null, "LENOVO", AWKWARD,
                        16L << 30, "Intel(R) Core(TM) i5"))
                .withSoftware(SoftwareTableTest.awkward())
                .withRemovableMedia(new RemovableMedia(List.of(stick, phone), List.of(
                        new MediaEvent(NOW.minusSeconds(60), MediaAction.CONNECTED, stick),
                        new MediaEvent(NOW.minusMillis(1500), MediaAction.DISCONNECTED, phone))))
                .withAccounts(new AccountsSection(List.of(
                        new Account("jane.doe", null, AccountKind.DOMAIN, true, false, Tri.YES, NOW.minusSeconds(3600), 212,
                                true, true, Boolean.FALSE),
                        new Account(null, hash, AccountKind.LOCAL, false, true, Tri.UNKNOWN, null, null, false, false, null),
                        new Account(AWKWARD, null, AccountKind.CLOUD, false, false, Tri.NO, NOW.minusNanos(5), 0, true, true,
                                Boolean.TRUE)), Tri.UNKNOWN))
                .withScreenLock(new ScreenLockSection(List.of(
                        new ScreenLockSetting("jane.doe", Tri.YES, 300, Tri.YES, 0, SettingSource.POLICY, null),
                        new ScreenLockSetting(hash, Tri.UNKNOWN, null, Tri.UNKNOWN, null, SettingSource.UNKNOWN, AWKWARD)),
                        new ScreenLockSetting(null, Tri.NO, 0, Tri.NO, 5, SettingSource.POWER, "worst of two")))
                .withSecurity(new SecuritySection(Tri.NO, Tri.UNKNOWN,
                        List.of(new Antivirus(AWKWARD, Tri.YES, Tri.UNKNOWN), new Antivirus("ClamAV", Tri.NO, Tri.NO)),
                        Tri.UNKNOWN, Map.of("diskEncryption", AWKWARD, "firewallEnabled", "nft not readable"),
                        new OsUpdates("Debian 12", OsUpdates.SUPPORTED, LocalDate.of(2028, 6, 30), "2026-11-01",
                                NOW.minusSeconds(86_400), 3, "apt-history")));
        Diagnostics d = new Diagnostics(4, 1, 2, 3, List.of(new ProbeError("screenlock", AWKWARD)));
        return switch (kind) {
            case FULL -> new Report(1, UUID.randomUUID(), UUID.randomUUID(), "0.1.0 \"β\"", NOW.minusNanos(123_456_789),
                    kind, s, d);
            // a delta carries only what changed
            case DELTA -> new Report(1, UUID.randomUUID(), UUID.randomUUID(), "0.1.0", NOW, kind,
                    Sections.EMPTY.withSoftware(s.software()).withRemovableMedia(s.removableMedia()).withSecurity(s.security()), d);
            case HEARTBEAT -> new Report(1, UUID.randomUUID(), UUID.randomUUID(), "0.1.0", NOW, kind, Sections.EMPTY, d);
        };
    }

    @ParameterizedTest
    @EnumSource(ReportKind.class)
    void writesWhatTheCollectorDecodesToAnEqualReport(ReportKind kind) throws Exception {
        Report r = everySectionFilled(kind);
        assertEquals(r, collector.decode(ReportCodec.encodeForSending(r), "gzip"));
        assertEquals(r, collector.decode(plain(r), null));
    }

    /** Catches a field added to a record but not to the writer: databind writes every component. */
    @ParameterizedTest
    @EnumSource(ReportKind.class)
    void writesTheSameJsonAsDatabindWould(ReportKind kind) throws Exception {
        Report r = everySectionFilled(kind);
        JsonNode streamed = WireJson.mapper().readTree(plain(r));
        JsonNode databind = WireJson.mapper().readTree(WireJson.tableMapper().writeValueAsBytes(r));
        assertEquals(databind, streamed);
        if (kind == ReportKind.FULL) {
            assertTrue(streamed.get("sections").get("software").isObject(), "software goes as a table");
            assertTrue(streamed.toString().contains("\\u0007"), "a control character is escaped, not written raw");
        }
    }

    private static byte[] plain(Report r) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReportWriter.write(r, out);
        return out.toByteArray();
    }
}
