package io.rollcall.agent.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.agent.os.CommandResult;
import io.rollcall.agent.os.CommandRunner;
import io.rollcall.common.report.SoftwareItem;
import io.rollcall.common.report.SoftwareSource;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The whole Linux scan on the machine the build runs on (the agent's real target: the build host is Debian). */
class LinuxScannerRealMachineTest {
    private static ScanResult result;

    @BeforeAll
    static void scanOnce() {
        Scanner scanner = SystemScanner.create(new ScanOptions("test-salt", Pattern.compile("^[a-z]+\\.[a-z]+$")));
        scanner.scan(); // warm up class loading so the figure below is a steady-state scan
        long start = System.nanoTime();
        result = scanner.scan();
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("LinuxScanner: %d ms, %d software items, %d accounts, %d media, errors %s%n", ms,
                result.sections().software().size(), result.sections().accounts().users().size(),
                result.sections().removableMedia().connected().size(), result.errors());
    }

    @Test
    void reportsLinuxWithKernelAndHostname() {
        assertEquals("linux", result.sections().os().family());
        assertNotNull(result.sections().os().build());
        assertNotNull(result.sections().os().hostname());
    }

    @Test
    void alwaysHasAHardwareUuid() {
        assertNotNull(result.sections().hardware().hardwareUuid());
        assertTrue(Set.of("smbios", "machine-id", "generated").contains(result.sections().hardware().identitySource()));
    }

    /**
     * dpkg-query -W lists every package not purged, including removed ones whose conffiles remain (status letter c);
     * the probe reports software present on disk, so it must match dpkg-query minus the c and n rows, name for name.
     */
    @Test
    void dpkgPackagesMatchWhatDpkgQueryListsAsPresent() {
        CommandResult r = CommandRunner.system().run(
                List.of("/usr/bin/dpkg-query", "-W", "-f=${db:Status-Abbrev}\\t${binary:Package}\\n"), Duration.ofSeconds(20));
        assertTrue(r.ok(), "dpkg-query must run on this Debian build host: " + r.failure());
        Set<String> expected = r.stdout().stream()
                .filter(l -> l.length() > 2 && l.charAt(1) != 'c' && l.charAt(1) != 'n')
                .map(l -> l.substring(l.indexOf('\t') + 1).replaceFirst(":.*$", ""))
                .collect(Collectors.toSet());
        List<SoftwareItem> dpkg = result.sections().software().stream()
                .filter(i -> i.source() == SoftwareSource.DPKG).toList();
        long expectedRows = r.stdout().stream()
                .filter(l -> l.length() > 2 && l.charAt(1) != 'c' && l.charAt(1) != 'n').count();
        assertEquals(expectedRows, dpkg.size());
        assertEquals(expected, dpkg.stream().map(SoftwareItem::name).collect(Collectors.toSet()));
    }

    @Test
    void everySectionButSecurityIsCollected() {
        assertNotNull(result.sections().software());
        assertNotNull(result.sections().removableMedia());
        assertNotNull(result.sections().accounts());
        assertNotNull(result.sections().screenLock());
        assertNotNull(result.sections().screenLock().effective());
    }

    /** The security section is always there on Linux; whatever cannot be verified says why. */
    @Test
    void securitySectionIsPresentAndEveryUnknownHasAReason() {
        var sec = result.sections().security();
        assertNotNull(sec, "security section: " + result.errors());
        for (var e : java.util.Map.of("diskEncryption", sec.diskEncryption(), "firewallEnabled", sec.firewallEnabled(),
                "osUpToDate", sec.osUpToDate()).entrySet()) {
            if (e.getValue() == io.rollcall.common.report.Tri.UNKNOWN) {
                assertNotNull(sec.reasons().get(e.getKey()), e.getKey() + " is unknown without a reason");
            }
        }
    }
}
