package io.rollcall.agent.probe.software;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.agent.os.CommandResult;
import io.rollcall.agent.os.CommandRunner;
import io.rollcall.agent.os.FileSource;
import io.rollcall.agent.probe.Fixtures;
import io.rollcall.common.report.SoftwareItem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dpkg cache answers exactly what a fresh read of dpkg answers, and a change dpkg makes is always read again. */
class DpkgCacheTest {
    private static final CommandRunner NO_TOOLS = (command, env, timeout) -> CommandResult.failed("not here");
    @TempDir
    Path root;
    @TempDir
    Path state;

    @BeforeEach
    void dpkgDatabase() throws Exception {
        Fixtures.write(root, "/var/lib/dpkg/status", Files.readString(Fixtures.resource("dpkg/status")));
        for (String list : List.of("bash.list", "libc6:amd64.list", "vlc.list")) {
            Path p = Fixtures.write(root, "/var/lib/dpkg/info/" + list, "/usr\n");
            Files.setLastModifiedTime(p, FileTime.from(Instant.parse("2026-03-01T10:15:30.123456789Z")));
        }
    }

    private List<SoftwareItem> fresh() {
        return new LinuxSoftwareProbe(FileSource.rootedAt(root), NO_TOOLS).read().items();
    }

    private List<SoftwareItem> cached() {
        return new LinuxSoftwareProbe(FileSource.rootedAt(root), NO_TOOLS, new DpkgCache(root, state)).read().items();
    }

    @Test
    void aScanFromTheCacheGivesTheSameSectionAsAFreshScan() {
        List<SoftwareItem> expected = fresh();
        assertTrue(expected.size() >= 3, "fixture packages: " + expected);
        assertEquals(expected, cached()); // read dpkg, kept
        assertTrue(Files.isRegularFile(state.resolve(DpkgCache.FILE_NAME)));
        assertEquals(expected, cached()); // from the cache
    }

    @Test
    void anUnchangedDatabaseIsNotParsedAgain() {
        DpkgCache cache = new DpkgCache(root, state);
        List<SoftwareItem> first = cached();
        List<SoftwareItem> again = cache.items(() -> {
            throw new AssertionError("dpkg was read although nothing changed");
        });
        assertEquals(first, again);
    }

    @Test
    void anInstalledPackageIsNoticed() throws Exception {
        cached();
        Path status = root.resolve("var/lib/dpkg/status");
        // as dpkg does it: status-new renamed over status
        Path next = Files.writeString(status.resolveSibling("status-new"), Files.readString(status)
                + "\nPackage: gimp\nStatus: install ok installed\nVersion: 2.10.34-1\n"
                + "Maintainer: Debian GIMP Team <pkg-gimp-maintainers@lists.alioth.debian.org>\nArchitecture: amd64\n");
        Files.move(next, status, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        List<SoftwareItem> after = cached();
        assertTrue(after.stream().anyMatch(i -> i.name().equals("gimp")), "gimp missing: " + after);
        assertEquals(fresh(), after);
    }

    @Test
    void aChangedFileOfTheSameSizeAndTimeInfoIsNoticedThroughTheInfoDirectory() throws Exception {
        List<SoftwareItem> before = cached();
        // a reinstall of the same version: status keeps its size, the .list file is rewritten and renamed into info/
        Path status = root.resolve("var/lib/dpkg/status");
        FileTime statusTime = Files.getLastModifiedTime(status);
        Path info = root.resolve("var/lib/dpkg/info");
        Path list = Files.writeString(info.resolve("vlc.list-new"), "/usr\n");
        Files.setLastModifiedTime(list, FileTime.from(Instant.parse("2026-06-01T08:00:00Z")));
        Files.move(list, info.resolve("vlc.list"), StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(status, statusTime);
        Files.setLastModifiedTime(info, FileTime.from(Instant.parse("2026-06-01T08:00:00Z")));
        List<SoftwareItem> after = cached();
        assertNotEquals(before, after);
        assertEquals(Instant.parse("2026-06-01T08:00:00Z"),
                after.stream().filter(i -> i.name().equals("vlc")).findFirst().orElseThrow().installedAt());
        assertEquals(fresh(), after);
    }

    @Test
    void aDamagedCacheFileIsReadAgainFromDpkg() throws Exception {
        List<SoftwareItem> expected = cached();
        Path file = state.resolve(DpkgCache.FILE_NAME);
        List<String> lines = Files.readAllLines(file);
        Files.write(file, List.of(lines.get(0), "only\ttwo"));
        assertEquals(expected, cached());
        Files.writeString(file, "something else entirely\n");
        assertEquals(expected, cached());
    }

    @Test
    void fieldsWithTabsBackslashesAndNullsSurviveTheFile() {
        for (String s : new String[] {"a\tb", "c:\\path\\N", "\\N", "line\nbreak", "plain", ""}) {
            assertEquals(s, DpkgCache.unescape(DpkgCache.escape(s)));
        }
        assertNull(DpkgCache.unescape(DpkgCache.escape(null)));
    }
}
