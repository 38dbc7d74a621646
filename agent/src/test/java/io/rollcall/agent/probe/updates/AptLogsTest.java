package io.rollcall.agent.probe.updates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.agent.probe.Fixtures;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AptLogsTest {

    @Test
    void lastUpgradeInARealDebianHistoryLogIsTheOnlyUpgradeRun() {
        Optional<Instant> at = AptLogs.lastUpgrade(Fixtures.lines("updates/apt-history-debian9.log"),
                ZoneOffset.UTC);
        // installs and removals after it are not updates
        assertEquals(Optional.of(Instant.parse("2019-07-10T16:38:08Z")), at);
    }

    @Test
    void historyTimesAreLocalTime() {
        Optional<Instant> at = AptLogs.lastUpgrade(Fixtures.lines("updates/apt-history-debian9.log"),
                ZoneId.of("Europe/London"));
        assertEquals(Optional.of(Instant.parse("2019-07-10T15:38:08Z")), at);
    }

    @Test
    void anUpgradeRunThatEndedInAnErrorDoesNotCount() {
        List<String> log = List.of("Start-Date: 2026-11-02  06:00:01", "Commandline: apt-get -y upgrade",
                "Upgrade: libssl3:amd64 (3.0.19-1~deb12u2, 3.0.19-1~deb12u3)",
                "Error: Sub-process /usr/bin/dpkg returned an error code (1)", "End-Date: 2026-11-02  06:00:09", "",
                "Start-Date: 2026-11-01  06:00:01", "Upgrade: tzdata:amd64 (2025b-0+deb12u1, 2025b-0+deb12u2)",
                "End-Date: 2026-11-01  06:00:04");
        assertEquals(Optional.of(Instant.parse("2026-11-01T06:00:01Z")), AptLogs.lastUpgrade(log, ZoneOffset.UTC));
    }

    @Test
    void dryRunOfUnattendedUpgradesInstallsNothing() {
        AptLogs.Unattended u = AptLogs.unattended(Fixtures.lines("updates/unattended-upgrades.log"),
                ZoneOffset.UTC);
        // the real run at 20:43 installed; the --dry-run at 22:44 also logs "All upgrades installed"
        assertEquals(Optional.of(Instant.parse("2025-03-13T20:43:39Z")), u.lastInstalled());
        assertTrue(u.lastNothingToDo().isEmpty());
    }

    @Test
    void aRunThatFoundNothingIsRecordedApart() {
        AptLogs.Unattended u = AptLogs.unattended(Fixtures.lines("updates/unattended-upgrades-nothing.log"),
                ZoneOffset.UTC);
        assertTrue(u.lastInstalled().isEmpty());
        assertEquals(Optional.of(Instant.parse("2025-03-20T06:31:05Z")), u.lastNothingToDo());
    }
}
