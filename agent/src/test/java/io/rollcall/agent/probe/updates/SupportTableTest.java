package io.rollcall.agent.probe.updates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SupportTableTest {
    @TempDir
    Path dir;

    @Test
    void bundledTableCoversTheReleasesSchoolsRun() {
        SupportTable t = SupportTable.bundled();
        assertEquals("bundled", t.origin());
        for (String build : new String[]{"19045", "22000", "22621", "22631", "26100", "26200"}) {
            assertTrue(t.find("windows", build, "home-pro").isPresent(), build + " home-pro");
            assertTrue(t.find("windows", build, "enterprise-education").isPresent(), build + " enterprise-education");
        }
        for (String mac : new String[]{"13", "14", "15", "26"}) {
            assertTrue(t.find("macos", mac, null).isPresent(), "macOS " + mac);
        }
        for (String linux : new String[]{"debian:11", "debian:12", "debian:13", "ubuntu:20.04", "ubuntu:22.04",
            "ubuntu:24.04"}) {
            assertTrue(t.find("linux", linux, null).isPresent(), linux);
        }
    }

    @Test
    void educationEditionsAreServicedLongerThanHomeAndPro() {
        SupportTable t = SupportTable.bundled();
        for (String build : new String[]{"22000", "22621", "22631", "26100", "26200"}) {
            LocalDate pro = t.find("windows", build, "home-pro").orElseThrow().ends();
            LocalDate edu = t.find("windows", build, "enterprise-education").orElseThrow().ends();
            assertEquals(pro.plusYears(1).getYear(), edu.getYear(), build);
        }
        assertEquals(LocalDate.parse("2026-11-10"), t.find("windows", "22631", "enterprise-education")
                .orElseThrow().ends());
        assertEquals(LocalDate.parse("2025-10-14"), t.find("windows", "19045", "home-pro").orElseThrow().ends());
    }

    @Test
    void aNewerOverrideFileReplacesTheBundledTable() throws IOException {
        Path f = write("""
                {"tableDate": "2027-03-01", "releases": [
                  {"os": "macos", "key": "27", "release": "macOS 27", "ends": "2029-09-15"}]}""");
        SupportTable t = SupportTable.bundled().withOverride(f);
        assertEquals("2027-03-01", t.tableDate());
        assertEquals(f.toString(), t.origin());
        assertEquals(LocalDate.parse("2029-09-15"), t.find("macos", "27", null).orElseThrow().ends());
        assertFalse(t.find("macos", "14", null).isPresent(), "the override replaces the table whole");
    }

    @Test
    void anOlderOverrideIsIgnoredAndTheOriginSaysWhy() throws IOException {
        Path f = write("""
                {"tableDate": "2024-01-01", "releases": [
                  {"os": "macos", "key": "14", "release": "macOS 14", "ends": "2030-01-01"}]}""");
        SupportTable t = SupportTable.bundled().withOverride(f);
        assertEquals(SupportTable.bundled().tableDate(), t.tableDate());
        assertTrue(t.origin().contains("not newer"), t.origin());
    }

    @Test
    void aBrokenOverrideIsIgnoredNamingTheBadField() throws IOException {
        Path f = write("""
                {"tableDate": "2030-01-01", "releases": [
                  {"os": "windows", "key": "26100", "edition": "pro", "release": "Windows 11 24H2", "ends": "2027-10-12"}]}""");
        SupportTable t = SupportTable.bundled().withOverride(f);
        assertEquals(SupportTable.bundled().tableDate(), t.tableDate());
        assertTrue(t.origin().contains("releases[0].edition"), t.origin());
    }

    @Test
    void aMissingOverrideKeepsTheTableSilently() {
        SupportTable b = SupportTable.bundled();
        assertSame(b, b.withOverride(dir.resolve("absent.json")));
    }

    @Test
    void badDatesAreRejectedWithTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SupportTable.parse(
                "{\"tableDate\":\"2026-13-01\",\"releases\":[]}".getBytes(StandardCharsets.UTF_8), "x"));
        assertTrue(e.getMessage().contains("tableDate"), e.getMessage());
    }

    private Path write(String json) throws IOException {
        Path f = dir.resolve("os-support.json");
        Files.writeString(f, json);
        return f;
    }
}
