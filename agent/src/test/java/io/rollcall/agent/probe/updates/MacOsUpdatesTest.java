package io.rollcall.agent.probe.updates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.rollcall.agent.os.CommandResult;
import io.rollcall.agent.os.CommandRunner;
import io.rollcall.agent.os.FileSource;
import io.rollcall.agent.os.mac.Plist;
import io.rollcall.agent.probe.Fixtures;
import io.rollcall.common.report.OsUpdates;
import io.rollcall.common.report.Tri;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MacOsUpdatesTest {
    @TempDir
    Path root;
    private final CommandRunner commands = mock(CommandRunner.class);

    private void swVers(String version) {
        when(commands.run(eq(List.of(MacOsUpdates.SW_VERS, "-productVersion")), any(Duration.class)))
                .thenReturn(new CommandResult(0, List.of(version), null));
    }

    private void history() {
        when(commands.run(eq(List.of(MacOsUpdates.SOFTWAREUPDATE, "--history")), any(Duration.class)))
                .thenReturn(new CommandResult(0, Fixtures.lines("../macos/updates/softwareupdate-history.txt"), null));
    }

    private void installHistory(String fixture) throws IOException {
        Path p = root.resolve("Library/Receipts/InstallHistory.plist");
        Files.createDirectories(p.getParent());
        Files.copy(Fixtures.of(fixture), p);
    }

    private OsUpdatesReading read(String now) {
        return new MacOsUpdates(FileSource.rootedAt(root), commands, Clock.fixed(Instant.parse(now), ZoneOffset.UTC),
                ZoneOffset.UTC, SupportTable.bundled()).read();
    }

    @Test
    void configDataDownloadsAreNotOsUpdatesInARealInstallHistory() throws IOException {
        var entries = Plist.roots(Files.readAllBytes(Fixtures.of("macos/updates/InstallHistory-osx109.plist")));
        var last = MacOsUpdates.lastOsUpdate(entries).orElseThrow();
        // XProtectPlistConfigData and friends came later (Dec 2013, Jan 2014) but are not OS updates
        assertEquals("OS X 10.9 (13A603)", last.name());
        assertEquals(Instant.parse("2013-11-12T02:59:35Z"), last.at());
    }

    @Test
    void realInstallHistoryOfAnOldMacIsOverdueAndItsReleaseUnknown() throws IOException {
        installHistory("macos/updates/InstallHistory-osx109.plist");
        swVers("10.9");
        OsUpdatesReading r = read("2014-02-01T00:00:00Z");
        assertEquals(Tri.NO, r.upToDate(), r.reason());
        assertEquals(OsUpdates.UNKNOWN, r.facts().support());
        assertEquals("InstallHistory.plist", r.facts().source());
        assertNull(r.facts().pendingSecurityUpdates());
    }

    @Test
    void softwareupdateHistoryIsUsedWhenThePlistCannotBeReadAndSafariIsNotAnOsUpdate() {
        swVers("14.5");
        history();
        OsUpdatesReading r = read("2024-06-12T00:00:00Z");
        assertEquals(Instant.parse("2024-05-14T19:41:07Z"), r.facts().lastUpdateAt());
        assertEquals("softwareupdate --history", r.facts().source());
        assertTrue(r.reason().contains("macOS Sonoma 14.5 14.5"), r.reason());
        // 29 days since macOS 14.5, although XProtect and MRT data arrived days ago
        assertEquals(Tri.NO, r.upToDate(), r.reason());
    }

    @Test
    void sonomaIsPastItsEstimatedEndInDecember2026() {
        swVers("14.7.6");
        history();
        OsUpdatesReading r = read("2026-12-06T00:00:00Z");
        assertEquals(OsUpdates.END_OF_SERVICING, r.facts().support());
        assertTrue(r.reason().contains("an estimated date"), r.reason());
        assertEquals(Tri.NO, r.upToDate());
    }

    @Test
    void tahoeUpdatedLastWeekIsUpToDate() throws IOException {
        Files.createDirectories(root.resolve("Library/Receipts"));
        Files.writeString(root.resolve("Library/Receipts/InstallHistory.plist"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <plist version="1.0"><array><dict>
                <key>date</key><date>2026-11-30T18:02:11Z</date>
                <key>displayName</key><string>macOS Tahoe 26.1</string>
                <key>displayVersion</key><string>26.1</string>
                <key>processName</key><string>softwareupdated</string>
                </dict></array></plist>""");
        swVers("26.1");
        OsUpdatesReading r = read("2026-12-06T00:00:00Z");
        assertEquals(Tri.YES, r.upToDate(), r.reason());
        assertEquals("macOS 26 Tahoe", r.facts().release());
    }

    @Test
    void aMacOsNewerThanTheTableIsTakenAsSupported() {
        swVers("27.1");
        history();
        OsUpdatesReading r = read("2026-12-06T00:00:00Z");
        assertEquals(OsUpdates.SUPPORTED, r.facts().support());
        assertTrue(r.reason().contains("newer than every release"), r.reason());
    }
}
