package io.rollcall.agent.probe.updates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.agent.os.windows.ListFormatWmi;
import io.rollcall.agent.os.windows.RegExportRegistry;
import io.rollcall.agent.probe.Fixtures;
import io.rollcall.common.report.OsUpdates;
import io.rollcall.common.report.Tri;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class WindowsOsUpdatesTest {

    private static OsUpdatesReading read(String reg, String qfe, String now) {
        ListFormatWmi wmi = new ListFormatWmi();
        if (qfe != null) {
            wmi.answer(WindowsOsUpdates.CIMV2, WindowsOsUpdates.QFE, Fixtures.of("windows/updates/" + qfe));
        }
        return new WindowsOsUpdates(RegExportRegistry.of(Fixtures.of("windows/updates/" + reg)), wmi,
                Clock.fixed(Instant.parse(now), ZoneOffset.UTC), ZoneOffset.UTC, SupportTable.bundled()).read();
    }

    @Test
    void windows11Version23H2EducationLeftServicingOnTenNovember2026() {
        OsUpdatesReading r = read("currentversion-23h2-education.reg", "qfe-monthly.txt", "2026-12-06T09:00:00Z");
        assertEquals(Tri.NO, r.upToDate(), r.reason());
        assertEquals(OsUpdates.END_OF_SERVICING, r.facts().support());
        assertEquals(LocalDate.parse("2026-11-10"), r.facts().supportEnds());
        assertEquals("Windows 11 23H2", r.facts().release());
        assertTrue(r.reason().contains("enterprise-education"), r.reason());
    }

    @Test
    void theEndDateIsTheLastServicedDay() {
        OsUpdatesReading r = read("currentversion-23h2-education.reg", null, "2026-11-10T23:00:00Z");
        assertEquals(OsUpdates.SUPPORTED, r.facts().support());
        r = read("currentversion-23h2-education.reg", null, "2026-11-11T00:00:00Z");
        assertEquals(OsUpdates.END_OF_SERVICING, r.facts().support());
    }

    @Test
    void homeAndProEditionsOf24H2EndedAYearBeforeEducation() {
        OsUpdatesReading r = read("currentversion-24h2-pro.reg", "qfe-monthly.txt", "2026-12-06T09:00:00Z");
        assertEquals(OsUpdates.END_OF_SERVICING, r.facts().support());
        assertEquals(LocalDate.parse("2026-10-13"), r.facts().supportEnds());
    }

    @Test
    void theLastSecurityUpdateCountsNotANewerServicingStackUpdate() {
        OsUpdatesReading r = read("currentversion-25h2-education.reg", "qfe-monthly.txt", "2026-12-06T09:00:00Z");
        assertEquals(Instant.parse("2026-11-27T00:00:00Z"), r.facts().lastUpdateAt());
        assertTrue(r.reason().contains("KB5066835"), r.reason());
        assertEquals(Tri.YES, r.upToDate(), r.reason());
        assertEquals("Win32_QuickFixEngineering", r.facts().source());
    }

    @Test
    void aCumulativeUpdateThreeWeeksOldIsOverdue() {
        OsUpdatesReading r = read("currentversion-25h2-education.reg", "qfe-monthly.txt", "2026-12-19T09:00:00Z");
        assertEquals(Tri.NO, r.upToDate(), r.reason());
        assertTrue(r.reason().contains("22 days ago"), r.reason());
    }

    @Test
    void hexadecimalFiletimeInstallDatesAreRead() {
        OsUpdatesReading r = read("currentversion-25h2-education.reg", "qfe-filetime.txt", "2025-11-20T09:00:00Z");
        assertEquals(Instant.parse("2025-11-12T00:00:00Z"), r.facts().lastUpdateAt());
    }

    @Test
    void qfeDatesAreLocalMidnight() {
        assertEquals(Instant.parse("2026-11-26T23:00:00Z"),
                WindowsOsUpdates.installedOn("11/27/2026", ZoneId.of("Europe/Paris")));
    }

    @Test
    void noHotfixClassLeavesTheLastUpdateUnknown() {
        OsUpdatesReading r = read("currentversion-25h2-education.reg", null, "2026-12-06T09:00:00Z");
        assertEquals(Tri.UNKNOWN, r.upToDate());
        assertTrue(r.reason().contains("Win32_QuickFixEngineering unavailable"), r.reason());
    }

    @Test
    void editionGroups() {
        assertEquals("home-pro", WindowsOsUpdates.edition("Core"));
        assertEquals("home-pro", WindowsOsUpdates.edition("ProfessionalEducation"));
        assertEquals("enterprise-education", WindowsOsUpdates.edition("Education"));
        assertEquals("ltsc", WindowsOsUpdates.edition("EnterpriseS"));
        assertEquals(null, WindowsOsUpdates.edition("ServerStandard"));
    }

    @Test
    void withoutWmiTheNewestInstalledCumulativeUpdateInTheServicingStoreCounts() {
        RegExportRegistry registry = RegExportRegistry.of(Fixtures.of("windows/updates/currentversion-25h2-education.reg"),
                Fixtures.of("windows/updates/cbs-rollups.reg"));
        OsUpdatesReading r = new WindowsOsUpdates(registry, new ListFormatWmi(),
                Clock.fixed(Instant.parse("2026-12-06T09:00:00Z"), ZoneOffset.UTC), ZoneOffset.UTC,
                SupportTable.bundled()).read();
        // December's package waits for a reboot (0x60) and a newer non-cumulative package does not count
        assertEquals(Instant.parse("2026-11-27T03:14:15Z"), r.facts().lastUpdateAt());
        assertEquals("Component Based Servicing", r.facts().source());
        assertTrue(r.reason().contains("26200.7462"), r.reason());
        assertEquals(Tri.YES, r.upToDate(), r.reason());
    }
}
