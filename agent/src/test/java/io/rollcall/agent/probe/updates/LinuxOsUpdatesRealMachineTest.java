package io.rollcall.agent.probe.updates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.agent.os.FileSource;
import io.rollcall.agent.probe.os.LinuxOsProbe;
import io.rollcall.common.report.OsUpdates;
import io.rollcall.common.report.Tri;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Linux update check on the machine the build runs on (a Debian 12 host with apt history). */
class LinuxOsUpdatesRealMachineTest {
    private static OsUpdatesReading reading;
    private static Instant now;

    @BeforeAll
    static void readOnce() {
        now = Instant.now();
        reading = new LinuxOsUpdates(FileSource.system(), Clock.systemUTC(), ZoneId.systemDefault(),
                SupportTable.bundled()).read();
        System.out.printf("LinuxOsUpdates on this machine: %s, %s%n  %s%n", reading.upToDate(), reading.facts(),
                reading.reason());
    }

    @Test
    void theReleaseFromOsReleaseIsFoundInTheTable() throws IOException {
        Map<String, String> os = LinuxOsProbe.parseOsRelease(Files.readAllLines(Path.of("/etc/os-release")));
        var row = SupportTable.bundled().find("linux", os.get("ID") + ":" + os.get("VERSION_ID"), null);
        assertTrue(row.isPresent(), "this build host's release must be in the table: " + os);
        assertEquals(row.get().release(), reading.facts().release());
        assertEquals(row.get().ends(), reading.facts().supportEnds());
        assertNotEquals(OsUpdates.UNKNOWN, reading.facts().support());
        assertEquals("2026-12-01", reading.facts().supportTableVersion());
    }

    /** The date reported must be the start of an apt run in history.log that upgraded packages. */
    @Test
    void lastUpdateIsTheStartOfAnUpgradeRunInTheRealHistoryLog() throws IOException {
        List<String> log = Files.readAllLines(Path.of("/var/log/apt/history.log"));
        assertTrue(log.stream().anyMatch(l -> l.startsWith("Upgrade:")), "this build host's apt history has upgrades");
        Instant at = reading.facts().lastUpdateAt();
        assertNotNull(at, reading.reason());
        assertFalse(at.isAfter(now));
        String start = "Start-Date: " + DateTimeFormatter.ofPattern("yyyy-MM-dd  HH:mm:ss")
                .format(at.atZone(ZoneId.systemDefault()));
        int i = log.indexOf(start);
        assertTrue(i >= 0, start + " must be in history.log");
        boolean upgraded = false;
        for (int j = i + 1; j < log.size() && !log.get(j).startsWith("Start-Date:"); j++) {
            upgraded |= log.get(j).startsWith("Upgrade:");
        }
        assertTrue(upgraded, "the run at " + start + " upgraded packages");
        for (int j = i + 1; j < log.size(); j++) {
            if (log.get(j).startsWith("Upgrade:")) {
                int k = j;
                while (!log.get(k).startsWith("Start-Date:")) {
                    k--;
                }
                assertTrue(k <= i, "no later upgrade run than " + start + ", found one at " + log.get(k));
            }
        }
    }

    @Test
    void theVerdictFollowsTheFourteenDayRule() {
        boolean old = reading.facts().lastUpdateAt().isBefore(now.minus(UpdateVerdict.MAX_AGE));
        if (old || OsUpdates.END_OF_SERVICING.equals(reading.facts().support())) {
            assertEquals(Tri.NO, reading.upToDate(), reading.reason());
        } else {
            assertNotEquals(Tri.NO, reading.upToDate(), reading.reason());
        }
        assertTrue(reading.reason().contains("limit 14 days"), reading.reason());
    }
}
