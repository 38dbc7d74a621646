package io.rollcall.agent.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.rollcall.agent.os.CommandResult;
import io.rollcall.agent.os.CommandRunner;
import io.rollcall.agent.os.windows.DiskDrives;
import io.rollcall.agent.os.windows.LocalAccountsSource;
import io.rollcall.agent.os.windows.Registry;
import io.rollcall.agent.os.windows.UserHives;
import io.rollcall.agent.os.windows.Wmi;
import io.rollcall.agent.probe.ScanResult;
import io.rollcall.common.report.Sections;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The Windows and macOS seams (registry, WMI, Netapi32, disk drives, commands) behind their recorders, with Mockito
 * standing in for the operating system: each read is recorded with its arguments and typed answer, passed through
 * unchanged, and a replay gives the probe back exactly what the OS gave.
 */
class RecordingSeamsTest {
    private static final String SID = "S-1-5-21-1004336348-1177238915-682003330-1001";
    private static final String DESKTOP = "HKU\\" + SID + "\\Control Panel\\Desktop";
    private static final long FAKE_TIME = 0;

    private final long[] clock = {FAKE_TIME};
    private final Recorder recorder = new Recorder(io.rollcall.agent.probe.ProbeSeams.REAL, () -> clock[0] += 1_500_000);

    @Test
    void registryReadsAreRecordedWithTheirTypesAndReplayIdentically() {
        Registry os = mock(Registry.class);
        when(os.subKeys("HKU")).thenReturn(List.of(".DEFAULT", SID, SID + "_Classes", "S-1-5-18"));
        Map<String, Object> desktop = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        desktop.put("ScreenSaveActive", "1");
        desktop.put("ScreenSaveTimeOut", "600");
        desktop.put("DelayLockInterval", 5);
        desktop.put("LastUpdated", 133_500_000_000_000_000L);
        desktop.put("UserPreferencesMask", new byte[]{(byte) 0x9e, 0x1e, 0x07, (byte) 0x80});
        desktop.put("MultiUILanguageId", List.of("en-GB", "cy-GB"));
        when(os.values(DESKTOP)).thenReturn(desktop);

        Registry recorded = recorder.registry("screenLock", os);
        assertEquals(List.of(SID), UserHives.userSids(recorded), "a real reader through the recorder");
        assertEquals(desktop, recorded.values(DESKTOP));
        verify(os, times(1)).values(DESKTOP);

        List<SourceRecord> records = recorder.records();
        assertEquals(2, records.size());
        assertEquals(List.of("registry", "subKeys", "HKU"), List.of(records.get(0).seam(), records.get(0).op(),
                records.get(0).args().get(0)));
        assertEquals(1500, records.get(1).micros());
        var values = records.get(1).result().path("values");
        assertEquals("600", values.path("ScreenSaveTimeOut").path("sz").asText());
        assertEquals(5, values.path("DelayLockInterval").path("int").asInt());

        Map<String, Object> back = new Replay(records).registry("screenLock", null).values(DESKTOP.toLowerCase());
        assertEquals(5, back.get("delaylockinterval"), "a REG_DWORD comes back an Integer, names case-insensitive");
        assertEquals(133_500_000_000_000_000L, back.get("LastUpdated"));
        assertEquals("600", back.get("ScreenSaveTimeOut"), "a REG_SZ number stays a string");
        assertArrayEquals((byte[]) desktop.get("UserPreferencesMask"), (byte[]) back.get("UserPreferencesMask"));
        assertEquals(List.of("en-GB", "cy-GB"), back.get("MultiUILanguageId"));
        assertEquals(List.of(".DEFAULT", SID, SID + "_Classes", "S-1-5-18"),
                new Replay(records).registry("screenLock", null).subKeys("HKU"));
    }

    @Test
    void wmiQueriesAreRecordedWithNamespaceClassPropertiesAndFailures() {
        Wmi os = mock(Wmi.class);
        List<String> props = List.of("DriveLetter", "ProtectionStatus", "ConversionStatus");
        when(os.select("ROOT\\CIMV2\\Security\\MicrosoftVolumeEncryption", "Win32_EncryptableVolume", props))
                .thenReturn(new Wmi.Result(List.of(Map.of("DriveLetter", "C:", "ProtectionStatus", 1L,
                        "ConversionStatus", 0L)), null));
        when(os.select("ROOT\\SecurityCenter2", "AntiVirusProduct", List.of("displayName", "productState")))
                .thenReturn(Wmi.Result.failed("WMI ROOT\\SecurityCenter2 AntiVirusProduct: 0x8004100E"));
        Wmi recorded = recorder.wmi("security", os);
        recorded.select("ROOT\\CIMV2\\Security\\MicrosoftVolumeEncryption", "Win32_EncryptableVolume", props);
        recorded.select("ROOT\\SecurityCenter2", "AntiVirusProduct", List.of("displayName", "productState"));

        List<SourceRecord> records = recorder.records();
        assertEquals(List.of("ROOT\\CIMV2\\Security\\MicrosoftVolumeEncryption", "Win32_EncryptableVolume",
                "DriveLetter", "ProtectionStatus", "ConversionStatus"), records.get(0).args());
        String text = Explanation.of(records, new ScanResult(Sections.EMPTY, List.of())).toText();
        assertTrue(text.contains("wmi select ROOT\\CIMV2\\Security\\MicrosoftVolumeEncryption Win32_EncryptableVolume"
                + " (DriveLetter, ProtectionStatus, ConversionStatus) → 1 row"), text);
        assertTrue(text.contains("| ConversionStatus = 0"), text);
        assertTrue(text.contains("→ 0 rows, failed: WMI ROOT\\SecurityCenter2 AntiVirusProduct: 0x8004100E"), text);

        Wmi replayed = new Replay(records).wmi("security", null);
        Wmi.Result r = replayed.select("ROOT\\CIMV2\\Security\\MicrosoftVolumeEncryption", "Win32_EncryptableVolume",
                props);
        assertEquals(Map.of("DriveLetter", "C:", "ProtectionStatus", 1L, "ConversionStatus", 0L), r.rows().get(0));
        assertEquals("WMI ROOT\\SecurityCenter2 AntiVirusProduct: 0x8004100E", replayed.select("ROOT\\SecurityCenter2",
                "AntiVirusProduct", List.of("displayName", "productState")).failure());
    }

    @Test
    void netapiFailureIsRecordedThenRethrownAndDisksAreRecorded() {
        LocalAccountsSource os = mock(LocalAccountsSource.class);
        when(os.users()).thenThrow(new IllegalStateException("NetUserEnum: access denied (5)"));
        when(os.administratorSids()).thenReturn(List.of("S-1-5-21-1-2-3-500", "S-1-12-1-111-222-333-444"));
        LocalAccountsSource recorded = recorder.localAccounts("accounts", os);
        assertThrows(IllegalStateException.class, recorded::users);
        assertEquals(2, recorded.administratorSids().size());
        DiskDrives disks = mock(DiskDrives.class);
        when(disks.list()).thenReturn(List.of(new DiskDrives.Drive("\\\\.\\PHYSICALDRIVE1",
                "Samsung PSSD T7 SCSI Disk Device", "S6WZNS0T123456A", 500_107_862_016L, "HDD")));
        recorder.diskDrives("removableMedia", disks).list();

        List<SourceRecord> records = recorder.records();
        assertEquals("NetUserEnum: access denied (5)", records.get(0).result().path("error").asText());
        Replay replay = new Replay(records);
        var e = assertThrows(IllegalStateException.class, () -> replay.localAccounts("accounts", null).users());
        assertEquals("NetUserEnum: access denied (5)", e.getMessage());
        assertEquals("S6WZNS0T123456A", replay.diskDrives("removableMedia", null).list().get(0).serial(),
                "serials are kept: the media probe joins on them");
    }

    @Test
    void macCommandsAreRecordedWithEnvironmentExitCodeAndOutput() {
        CommandRunner os = mock(CommandRunner.class);
        when(os.run(eq(List.of("/usr/bin/fdesetup", "status")), eq(Map.of()), any(Duration.class)))
                .thenReturn(new CommandResult(0, List.of("FileVault is On.",
                        "Encryption in progress: Percent completed = 42.1"), null));
        when(os.run(eq(List.of("/usr/sbin/sysadminctl", "-screenLock", "status")), eq(Map.of("LANG", "C")),
                any(Duration.class))).thenReturn(CommandResult.failed("timed out after 5 s"));
        CommandRunner recorded = recorder.commands("security", os);
        assertEquals(0, recorded.run(List.of("/usr/bin/fdesetup", "status"), Duration.ofSeconds(5)).exitCode());
        recorded.run(List.of("/usr/sbin/sysadminctl", "-screenLock", "status"), Map.of("LANG", "C"),
                Duration.ofSeconds(5));

        List<SourceRecord> records = recorder.records();
        assertEquals("C", records.get(1).result().path("env").path("LANG").asText());
        String text = Explanation.of(records, new ScanResult(Sections.EMPTY, List.of())).toText();
        assertTrue(text.contains("command /usr/bin/fdesetup status → exit 0, 2 lines"), text);
        assertTrue(text.contains("| Encryption in progress: Percent completed = 42.1"), text);
        assertTrue(text.contains("exit -1, 0 lines, 0 B, failed: timed out after 5 s"), text);
        CommandResult back = new Replay(records).commands("security", null)
                .run(List.of("/usr/bin/fdesetup", "status"), Duration.ofSeconds(5));
        assertEquals(List.of("FileVault is On.", "Encryption in progress: Percent completed = 42.1"), back.stdout());
    }

    @Test
    void windowsAccountNamesAndProfileFoldersAreRedacted() {
        Registry os = mock(Registry.class);
        String profile = "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList\\" + SID;
        when(os.values(profile)).thenReturn(Map.of("ProfileImagePath", "C:\\Users\\jsmith.SCHOOL"));
        LocalAccountsSource accounts = mock(LocalAccountsSource.class);
        when(accounts.users()).thenReturn(List.of(
                new LocalAccountsSource.NetUser("Administrator", "S-1-5-21-1-2-3-500", true, true, null),
                new LocalAccountsSource.NetUser("Tegan", "S-1-5-21-1-2-3-1002", false, true, null)));
        recorder.registry("accounts", os).values(profile);
        recorder.localAccounts("accounts", accounts).users();
        Redactor r = Redactor.from(recorder.records(), null);
        String out = r.apply("C:\\Users\\jsmith.SCHOOL\\NTUSER.DAT; jsmith@school; TEGAN; Administrator");
        assertFalse(out.toLowerCase().contains("jsmith") || out.toLowerCase().contains("tegan"), out);
        assertTrue(out.endsWith("; Administrator"), "built-in names are nobody's: " + out);
    }
}
