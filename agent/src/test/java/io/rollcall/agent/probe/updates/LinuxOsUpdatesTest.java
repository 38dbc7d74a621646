package io.rollcall.agent.probe.updates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.agent.os.FileSource;
import io.rollcall.agent.probe.Fixtures;
import io.rollcall.common.report.OsUpdates;
import io.rollcall.common.report.Tri;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Linux update check on a file tree laid out as on a Debian 12 machine, with real and composed logs. */
class LinuxOsUpdatesTest {
    private static final String SECURITY_LIST = "/var/lib/apt/lists/"
            + "deb.debian.org_debian-security_dists_bookworm-security_main_binary-amd64_Packages";
    @TempDir
    Path root;

    @BeforeEach
    void debian12() throws IOException {
        Fixtures.write(root, "/etc/os-release", String.join("\n", Fixtures.lines("os-release/debian-12")));
    }

    private OsUpdatesReading read(String now) {
        return new LinuxOsUpdates(FileSource.rootedAt(root), Clock.fixed(Instant.parse(now), ZoneOffset.UTC),
                ZoneOffset.UTC, SupportTable.bundled()).read();
    }

    private void history(String name, String day) throws IOException {
        Fixtures.write(root, "/var/log/apt/" + name, "Start-Date: " + day + "  06:10:00\n"
                + "Commandline: apt-get -y upgrade\nUpgrade: libssl3:amd64 (3.0.19-1~deb12u2, 3.0.19-1~deb12u3)\n"
                + "End-Date: " + day + "  06:10:30\n");
    }

    @Test
    void upgradedTenDaysAgoOnASupportedReleaseWithNoSecurityListIsUpToDate() throws IOException {
        history("history.log", "2026-11-26");
        OsUpdatesReading r = read("2026-12-06T10:00:00Z");
        assertEquals(Tri.YES, r.upToDate(), r.reason());
        assertEquals(new OsUpdates("Debian 12 (bookworm)", OsUpdates.SUPPORTED, java.time.LocalDate.parse("2028-06-30"),
                "2026-12-01", Instant.parse("2026-11-26T06:10:00Z"), null, "apt-history"), r.facts());
        assertTrue(r.reason().contains("pending security updates unknown"), r.reason());
    }

    @Test
    void lastUpgradeOlderThanFourteenDaysIsNotUpToDate() throws IOException {
        history("history.log", "2026-11-01");
        OsUpdatesReading r = read("2026-12-06T10:00:00Z");
        assertEquals(Tri.NO, r.upToDate());
        assertTrue(r.reason().contains("35 days ago"), r.reason());
    }

    @Test
    void rotatedGzippedHistoryIsReadWhenTheCurrentLogHasNoUpgrade() throws IOException {
        Fixtures.write(root, "/var/log/apt/history.log", "Start-Date: 2026-12-01  09:00:00\n"
                + "Install: htop:amd64 (3.2.2-2)\nEnd-Date: 2026-12-01  09:00:02\n");
        Path gz = root.resolve("var/log/apt/history.log.1.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(Files.readAllBytes(Fixtures.of("linux/updates/apt-history-debian9.log")));
        }
        OsUpdatesReading r = read("2026-12-06T10:00:00Z");
        assertEquals(Instant.parse("2019-07-10T16:38:08Z"), r.facts().lastUpdateAt());
        assertEquals(Tri.NO, r.upToDate());
    }

    @Test
    void unattendedUpgradesFindingNothingRecentlyKeepsAMachineWithAnOldUpgradeUpToDate() throws IOException {
        history("history.log", "2025-03-01");
        Files.createDirectories(root.resolve("var/log/unattended-upgrades"));
        Files.copy(Fixtures.of("linux/updates/unattended-upgrades-nothing.log"),
                root.resolve("var/log/unattended-upgrades/unattended-upgrades.log"));
        OsUpdatesReading r = read("2025-03-21T08:00:00Z");
        assertEquals(Tri.YES, r.upToDate(), r.reason());
        assertEquals(Instant.parse("2025-03-01T06:10:00Z"), r.facts().lastUpdateAt());
        assertTrue(r.reason().contains("found nothing left to install"), r.reason());
    }

    @Test
    void unattendedUpgradesNewerThanAptHistoryIsTheLastUpdate() throws IOException {
        history("history.log", "2025-03-01");
        Files.createDirectories(root.resolve("var/log/unattended-upgrades"));
        Files.copy(Fixtures.of("linux/updates/unattended-upgrades.log"),
                root.resolve("var/log/unattended-upgrades/unattended-upgrades.log"));
        OsUpdatesReading r = read("2025-03-20T08:00:00Z");
        assertEquals(Instant.parse("2025-03-13T20:43:39Z"), r.facts().lastUpdateAt());
        assertEquals("unattended-upgrades", r.facts().source());
    }

    @Test
    void pendingSecurityUpdatesAreCountedFromTheSecurityListAgainstDpkgStatus() throws IOException {
        history("history.log", "2026-12-01");
        security(Instant.parse("2026-12-05T06:00:00Z"));
        OsUpdatesReading r = read("2026-12-06T10:00:00Z");
        // libssl3 and curl are newer; openssl and tzdata equal, libc6 older (~rc1), nginx not installed,
        // exim4-base only config files
        assertEquals(2, r.facts().pendingSecurityUpdates());
        assertTrue(r.reason().contains("pending: curl, libssl3"), r.reason());
        // the lists are a day old, so these may be a day old: not yet overdue, but not "nothing pending" either
        assertEquals(Tri.UNKNOWN, r.upToDate(), r.reason());
    }

    @Test
    void securityUpdatesListedInListsOlderThanTheLimitAreOverdue() throws IOException {
        history("history.log", "2026-12-01");
        security(Instant.parse("2026-11-10T06:00:00Z"));
        OsUpdatesReading r = read("2026-12-06T10:00:00Z");
        assertEquals(Tri.NO, r.upToDate(), r.reason());
        assertTrue(r.reason().contains("available for more than the limit"), r.reason());
    }

    @Test
    void aReleaseNotInTheTableIsUnknownEvenWhenFreshlyUpdated() throws IOException {
        Fixtures.write(root, "/etc/os-release", "ID=linuxmint\nVERSION_ID=\"22\"\nPRETTY_NAME=\"Linux Mint 22\"\n");
        history("history.log", "2026-12-01");
        OsUpdatesReading r = read("2026-12-06T10:00:00Z");
        assertEquals(Tri.UNKNOWN, r.upToDate());
        assertEquals(OsUpdates.UNKNOWN, r.facts().support());
        assertNull(r.facts().supportEnds());
        assertTrue(r.reason().contains("Linux Mint 22 is not in the support table"), r.reason());
    }

    @Test
    void anEndedReleaseIsNotUpToDateHoweverRecentlyUpdated() throws IOException {
        Fixtures.write(root, "/etc/os-release", "ID=ubuntu\nVERSION_ID=\"20.04\"\nPRETTY_NAME=\"Ubuntu 20.04.6 LTS\"\n");
        history("history.log", "2026-12-05");
        OsUpdatesReading r = read("2026-12-06T10:00:00Z");
        assertEquals(Tri.NO, r.upToDate());
        assertEquals(OsUpdates.END_OF_SERVICING, r.facts().support());
        assertTrue(r.reason().contains("stopped getting security updates after 2025-05-31"), r.reason());
    }

    private void security(Instant fetched) throws IOException {
        Files.createDirectories(root.resolve("var/lib/dpkg"));
        Files.copy(Fixtures.of("linux/updates/dpkg-status"), root.resolve("var/lib/dpkg/status"));
        Path list = root.resolve(SECURITY_LIST.substring(1));
        Files.createDirectories(list.getParent());
        Files.copy(Fixtures.of("linux/updates/bookworm-security_main_binary-amd64_Packages"), list);
        Files.setLastModifiedTime(list, FileTime.from(fetched));
        // a compressed index and another suite's index are not read
        Fixtures.write(root, "/var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages",
                "Package: libc6\nVersion: 9.99-1\nArchitecture: amd64\n");
    }
}
