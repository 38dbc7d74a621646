package io.rollcall.common.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.common.report.Account;
import io.rollcall.common.report.AccountKind;
import io.rollcall.common.report.AccountsSection;
import io.rollcall.common.report.HardwareInfo;
import io.rollcall.common.report.OsInfo;
import io.rollcall.common.report.Report;
import io.rollcall.common.report.ReportKind;
import io.rollcall.common.report.ScreenLockSection;
import io.rollcall.common.report.ScreenLockSetting;
import io.rollcall.common.report.Sections;
import io.rollcall.common.report.SettingSource;
import io.rollcall.common.report.SoftwareItem;
import io.rollcall.common.report.SoftwareSource;
import io.rollcall.common.report.Tri;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class ReportCodecTest {
    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    private final ReportCodec codec = new ReportCodec(Clock.fixed(NOW, ZoneOffset.UTC));

    static Report sample(int packages) {
        List<SoftwareItem> sw = new ArrayList<>();
        for (int i = 0; i < packages; i++) {
            sw.add(new SoftwareItem("pkg-" + i, "1.0." + i, "Debian", NOW.minusSeconds(i), SoftwareSource.DPKG, "pkg-" + i + ":amd64"));
        }
        Sections s = Sections.EMPTY
                .withOs(new OsInfo("linux", "Debian GNU/Linux", "12", "6.1.0", "x86_64", "lab-01"))
                .withHardware(new HardwareInfo("4c4c4544-0031-3510-8052-b4c04f4e3732", "smbios", "ABC123", "Dell", "Latitude", 8L << 30, "i5"))
                .withSoftware(sw)
                .withAccounts(new AccountsSection(List.of(new Account("jane.doe", null, AccountKind.LOCAL, true, false, Tri.YES, NOW, 3, true, true)), Tri.NO))
                .withScreenLock(new ScreenLockSection(List.of(new ScreenLockSetting("jane.doe", Tri.YES, 300, Tri.UNKNOWN, 0, SettingSource.DEFAULT, null)), null));
        return new Report(1, UUID.randomUUID(), UUID.randomUUID(), "0.1.0", NOW, ReportKind.FULL, s, null);
    }

    @Test
    void gzippedReportRoundTripsWithTriStatesIntact() throws Exception {
        Report r = sample(3);
        Report back = codec.decode(ReportCodec.toGzipJson(r), "gzip");
        assertEquals(r, back);
        String json = new String(ReportCodec.toJson(r), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"passwordRequired\":\"unknown\""), json);
        assertTrue(json.contains("\"lockEnabled\":true"), json);
    }

    @Test
    void wrongTypeIsMalformedAndNamesTheField() {
        String json = new String(ReportCodec.toJson(sample(1)), StandardCharsets.UTF_8).replace("\"schema\":1", "\"schema\":\"1\"");
        WireException e = assertThrows(WireException.class, () -> codec.decode(json.getBytes(StandardCharsets.UTF_8), null));
        assertEquals(WireException.Problem.MALFORMED, e.problem());
        assertEquals("schema", e.field());
    }

    @Test
    void overlongPackageNameIsRefusedWithFieldAndLimit() {
        Report r = sample(2);
        List<SoftwareItem> sw = new ArrayList<>(r.sections().software());
        sw.set(1, new SoftwareItem("x".repeat(600), "1", null, null, SoftwareSource.DPKG, null));
        Report bad = new Report(1, r.reportId(), r.deviceId(), "0.1.0", NOW, ReportKind.FULL, r.sections().withSoftware(sw), null);
        WireException e = assertThrows(WireException.class, () -> codec.decode(ReportCodec.toJson(bad), null));
        assertEquals("sections.software[1].name", e.field());
        assertTrue(e.detail().contains("limit is 512"), e.detail());
    }

    @Test
    void arrayLongerThanTheLimitStopsTheTokenizer() {
        StringBuilder sb = new StringBuilder("{\"schema\":1,\"junk\":[");
        for (int i = 0; i <= Limits.MAX_ARRAY_ELEMENTS; i++) {
            sb.append(i == 0 ? "0" : ",0");
        }
        sb.append("]}");
        WireException e = assertThrows(WireException.class, () -> codec.decode(sb.toString().getBytes(StandardCharsets.UTF_8), null));
        assertEquals(WireException.Problem.TOO_LARGE, e.problem());
        assertTrue(e.detail().contains("more than 20000 elements"), e.detail());
    }

    @Test
    void unknownArraysAreCountedEvenWhenSkipped() {
        StringBuilder sb = new StringBuilder("{\"skipped\":[[");
        for (int i = 0; i <= Limits.MAX_ARRAY_ELEMENTS; i++) {
            sb.append(i == 0 ? "{}" : ",{}");
        }
        sb.append("]],\"schema\":1}");
        WireException e = assertThrows(WireException.class, () -> codec.decode(sb.toString().getBytes(StandardCharsets.UTF_8), null));
        assertEquals(WireException.Problem.TOO_LARGE, e.problem());
    }

    @Test
    void deepNestingIsRefused() {
        String json = "{\"a\":".repeat(40) + "1" + "}".repeat(40);
        WireException e = assertThrows(WireException.class, () -> codec.decode(json.getBytes(StandardCharsets.UTF_8), null));
        assertEquals(WireException.Problem.TOO_LARGE, e.problem());
    }

    @Test
    void hugeStringIsRefusedByTheTokenizer() {
        String json = "{\"schema\":1,\"agentVersion\":\"" + "a".repeat(Limits.MAX_STRING_CHARS + 1) + "\"}";
        WireException e = assertThrows(WireException.class, () -> codec.decode(json.getBytes(StandardCharsets.UTF_8), null));
        assertEquals(WireException.Problem.TOO_LARGE, e.problem());
    }

    @Test
    void gzipBombStopsAtTheInflationLimit() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                gz.write(zeros);
            }
        }
        assertTrue(bytes.size() < Limits.MAX_WIRE_BYTES);
        WireException e = assertThrows(WireException.class, () -> codec.decode(bytes.toByteArray(), "gzip"));
        assertEquals(WireException.Problem.TOO_LARGE, e.problem());
    }

    @Test
    void duplicateKeysAndTrailingGarbageAreMalformed() {
        assertEquals(WireException.Problem.MALFORMED, assertThrows(WireException.class,
                () -> codec.decode("{\"schema\":1,\"schema\":1}".getBytes(StandardCharsets.UTF_8), null)).problem());
        byte[] ok = ReportCodec.toJson(sample(1));
        byte[] trailing = (new String(ok, StandardCharsets.UTF_8) + " {}").getBytes(StandardCharsets.UTF_8);
        assertEquals(WireException.Problem.MALFORMED, assertThrows(WireException.class, () -> codec.decode(trailing, null)).problem());
    }

    @Test
    void unsupportedEncodingIsRefused() {
        assertEquals(WireException.Problem.UNSUPPORTED, assertThrows(WireException.class,
                () -> codec.decode(new byte[] {1}, "br")).problem());
    }

    @Test
    void personalAccountMustNotCarryItsName() {
        Report r = sample(1);
        Sections s = r.sections().withAccounts(new AccountsSection(
                List.of(new Account("dad", null, AccountKind.LOCAL, false, false, Tri.YES, null, null, true, false)), Tri.NO));
        Report bad = new Report(1, r.reportId(), r.deviceId(), "0.1.0", NOW, ReportKind.FULL, s, null);
        WireException e = assertThrows(WireException.class, () -> codec.decode(ReportCodec.toJson(bad), null));
        assertEquals("sections.accounts.users[0].name", e.field());
    }

    @Test
    void collectedFarInTheFutureIsInvalid() {
        Report r = sample(1);
        Report bad = new Report(1, r.reportId(), r.deviceId(), "0.1.0", NOW.plusSeconds(3 * 86400), ReportKind.FULL, r.sections(), null);
        WireException e = assertThrows(WireException.class, () -> codec.decode(ReportCodec.toJson(bad), null));
        assertEquals("collectedAt", e.field());
    }
}
