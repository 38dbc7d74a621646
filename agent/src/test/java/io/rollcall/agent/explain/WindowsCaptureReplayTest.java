package io.rollcall.agent.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.agent.os.windows.CsvLocalAccounts;
import io.rollcall.agent.os.windows.DiskDrives;
import io.rollcall.agent.os.windows.ListFormatWmi;
import io.rollcall.agent.os.windows.LocalAccountsSource;
import io.rollcall.agent.os.windows.RegExportRegistry;
import io.rollcall.agent.os.windows.Registry;
import io.rollcall.agent.os.windows.Wmi;
import io.rollcall.agent.probe.Fixtures;
import io.rollcall.agent.probe.ProbeSeams;
import io.rollcall.agent.probe.ScanOptions;
import io.rollcall.agent.probe.ScanResult;
import io.rollcall.agent.probe.SystemScanner;
import io.rollcall.common.report.ScreenLockSetting;
import io.rollcall.common.report.SoftwareItem;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A capture from a Windows laptop, replayed here through the Windows probes as the factory builds them. The
 * "laptop" is the Windows fixtures (reg export, wmic and Get-LocalUser output) standing in for the OS at the seams.
 */
class WindowsCaptureReplayTest {
    private static final ScanOptions OPTIONS = new ScanOptions("salt-for-windows", null);
    @TempDir
    static Path tmp;
    static ScanResult live;
    static List<SourceRecord> records;

    /** The Windows OS at its seams, from the fixtures. */
    static ProbeSeams laptop() {
        Registry registry = RegExportRegistry.of(Fixtures.of("windows/profiles.reg"),
                Fixtures.of("windows/screenlock-users.reg"), Fixtures.of("windows/software.reg"),
                Fixtures.of("windows/firewall-on.reg"), Fixtures.of("windows/media/usbstor.reg"));
        Wmi wmi = new ListFormatWmi()
                .answer("ROOT\\CIMV2\\Security\\MicrosoftVolumeEncryption", "Win32_EncryptableVolume",
                        Fixtures.of("windows/wmi/encryptablevolume-c-on.txt"))
                .answer("ROOT\\SecurityCenter2", "AntiVirusProduct",
                        Fixtures.of("windows/wmi/antivirus-defender-only.txt"));
        LocalAccountsSource accounts = new CsvLocalAccounts(Fixtures.of("windows/local-users.csv"),
                Fixtures.of("windows/administrators.csv"));
        return new ProbeSeams() {
            @Override
            public Registry registry(String probe, Registry real) {
                return registry;
            }

            @Override
            public Wmi wmi(String probe, Wmi real) {
                return wmi;
            }

            @Override
            public LocalAccountsSource localAccounts(String probe, LocalAccountsSource real) {
                return accounts;
            }

            @Override
            public DiskDrives diskDrives(String probe, DiskDrives real) {
                return List::of;
            }
        };
    }

    @BeforeAll
    static void captureTheLaptop() {
        Recorder recorder = new Recorder(laptop(), System::nanoTime);
        live = SystemScanner.forSystem("windows", OPTIONS, null, recorder).scan();
        records = recorder.records();
    }

    @Test
    void theWindowsProbesReadTheRegistryWmiAndNetapiThroughTheRecorders() {
        assertTrue(records.stream().anyMatch(r -> r.seam().equals("registry") && r.probe().equals("software")));
        assertTrue(records.stream().anyMatch(r -> r.seam().equals("wmi") && r.probe().equals("security")));
        assertTrue(records.stream().anyMatch(r -> r.seam().equals("accounts") && r.op().equals("users")));
        assertFalse(live.sections().software().isEmpty());
        assertFalse(live.sections().screenLock().perAccount().isEmpty());
    }

    @Test
    void replayedSourcesGiveTheSameWindowsSections() {
        ScanResult replayed = SystemScanner.forSystem("windows", OPTIONS, null, new Replay(records)).scan();
        assertEquals(live.sections().software(), replayed.sections().software());
        assertEquals(live.sections().accounts(), replayed.sections().accounts());
        assertEquals(live.sections().screenLock(), replayed.sections().screenLock());
        assertEquals(live.sections().security(), replayed.sections().security());
        assertEquals(live.sections().removableMedia(), replayed.sections().removableMedia());
    }

    @Test
    void aRedactedWindowsCaptureKeepsTheReadingsAndLosesTheNames() throws Exception {
        Capture.Written w = Capture.write(tmp.resolve("win.zip"), records, live, "test", "windows", Instant.EPOCH);
        String all = String.join("\n", CaptureTest.unzip(w.file()).values()).toLowerCase(java.util.Locale.ROOT);
        live.sections().accounts().users().stream().filter(u -> u.nameHash() != null)
                .forEach(u -> assertFalse(all.contains(u.nameHash()), "a name hash"));
        ScanResult replayed = SystemScanner.forSystem("windows", OPTIONS, null, new Replay(Capture.read(w.file())))
                .scan();
        // jane.doe's per-user Zoom lives under her profile folder: the replay has it under the same placeholder
        Redactor redactor = Redactor.from(records, live.sections());
        assertEquals(live.sections().software().stream().map(i -> new SoftwareItem(i.name(), i.version(),
                i.publisher(), i.installedAt(), i.source(), redactor.apply(i.location()))).toList(),
                replayed.sections().software());
        assertTrue(replayed.sections().software().stream().anyMatch(i -> i.location().startsWith("C:\\Users\\user")));
        assertFalse(all.contains("jane.doe"));
        assertEquals(live.sections().security(), replayed.sections().security());
        List<ScreenLockSetting> x = live.sections().screenLock().perAccount();
        List<ScreenLockSetting> y = replayed.sections().screenLock().perAccount();
        assertEquals(x.size(), y.size());
        for (int i = 0; i < x.size(); i++) {
            assertEquals(x.get(i).idleSeconds(), y.get(i).idleSeconds());
            assertEquals(x.get(i).passwordRequired(), y.get(i).passwordRequired());
            assertEquals(x.get(i).source(), y.get(i).source());
        }
    }
}
