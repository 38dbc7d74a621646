package io.rollcall.agent.probe.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.rollcall.agent.os.CommandResult;
import io.rollcall.agent.os.CommandRunner;
import io.rollcall.agent.os.windows.RegExportRegistry;
import io.rollcall.agent.probe.Fixtures;
import io.rollcall.common.report.MediaAction;
import io.rollcall.common.report.MediaDevice;
import io.rollcall.common.report.MediaEvent;
import io.rollcall.common.report.MediaKind;
import io.rollcall.common.report.Tri;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** wevtutil's XML of the Partition/Diagnostic log from a fixture; wevtutil itself mocked at the process boundary. */
class WindowsPartitionLogTest {
    private final CommandRunner commands = mock(CommandRunner.class);

    private void wevtutil() throws Exception {
        List<String> xml = Files.readAllLines(Fixtures.of("windows/media/partition-diagnostic-1006.xml"));
        when(commands.run(eq(WindowsPartitionLog.COMMAND), any(Duration.class)))
                .thenReturn(new CommandResult(0, xml, null));
    }

    private static MediaEvent at(List<MediaEvent> events, String instant) {
        return events.stream().filter(e -> e.at().equals(Instant.parse(instant))).findFirst()
                .orElseThrow(() -> new AssertionError(instant + " not in " + events));
    }

    @Test
    void wevtutilIsRunByAbsolutePathWithATimeoutForEvent1006NewestFirst() throws Exception {
        wevtutil();
        WindowsPartitionLog.read(commands);
        verify(commands).run(eq(List.of("C:\\Windows\\System32\\wevtutil.exe", "qe",
                "Microsoft-Windows-Partition/Diagnostic", "/q:*[System[(EventID=1006)]]", "/f:xml", "/c:500",
                "/rd:true")), eq(Duration.ofSeconds(30)));
    }

    @Test
    void usbDisksAreConnectedWhileTheyHaveAPartitionTableAndDisconnectedWhenItIsEmpty() throws Exception {
        wevtutil();
        List<MediaEvent> events = WindowsPartitionLog.read(commands);
        MediaDevice sandisk = new MediaDevice(MediaKind.USB_STORAGE, "0781", "5567", "SanDisk", "Cruzer Blade",
                "4C530001230101118302", 15631122432L, null, Tri.UNKNOWN);
        assertEquals(new MediaEvent(Instant.parse("2024-02-20T10:15:30.1234567Z"), MediaAction.CONNECTED, sandisk),
                at(events, "2024-02-20T10:15:30.1234567Z"));
        MediaEvent out = at(events, "2024-02-20T11:40:02Z");
        assertEquals(MediaAction.DISCONNECTED, out.action());
        assertEquals("4C530001230101118302", out.device().serial());
    }

    @Test
    void aUaspDiskTakesIdsAndUsbSerialFromItsParentIdNotTheSsdSerial() throws Exception {
        wevtutil();
        MediaDevice t7 = at(WindowsPartitionLog.read(commands), "2024-03-11T08:05:02.3Z").device();
        assertEquals(new MediaDevice(MediaKind.USB_STORAGE, "04e8", "4001", "Samsung", "PSSD T7", "S5SXNG0R200946X",
                1000202273280L, null, Tri.UNKNOWN), t7);
    }

    @Test
    void theInternalNvmeDriveLoggedAtBootIsNotMedia() throws Exception {
        wevtutil();
        assertTrue(WindowsPartitionLog.read(commands).stream()
                .noneMatch(e -> e.at().equals(Instant.parse("2024-03-11T07:58:03.1Z"))));
    }

    @Test
    void aCardReaderGivesSdCardEventsOnlyForACardAndNotItsEmptyBootArrival() throws Exception {
        wevtutil();
        List<MediaEvent> cards = WindowsPartitionLog.read(commands).stream()
                .filter(e -> e.device().kind() == MediaKind.SD_CARD).toList();
        assertEquals(List.of(Instant.parse("2024-03-11T09:30:00Z"), Instant.parse("2024-03-11T09:45:00Z")),
                cards.stream().map(MediaEvent::at).toList());
        assertEquals(List.of(MediaAction.CONNECTED, MediaAction.DISCONNECTED),
                cards.stream().map(MediaEvent::action).toList());
        assertEquals(new MediaDevice(MediaKind.SD_CARD, null, null, "Generic-", "SD/MMC", null, 63864569856L, null,
                Tri.UNKNOWN), cards.get(0).device());
    }

    @Test
    void eventsComeOldestFirst() throws Exception {
        wevtutil();
        List<MediaEvent> events = WindowsPartitionLog.read(commands);
        assertEquals(8, events.size(), events.toString());
        assertEquals(Instant.parse("2024-01-05T09:00:00.441Z"), events.get(0).at());
    }

    @Test
    void aLogThatCannotBeReadGivesNoEvents() {
        when(commands.run(eq(WindowsPartitionLog.COMMAND), any(Duration.class)))
                .thenReturn(new CommandResult(15007, List.of(), null)); // channel not found
        assertEquals(List.of(), WindowsPartitionLog.read(commands));
        assertEquals(List.of(), WindowsPartitionLog.parse("<Event><System><TimeCreated SystemTime='2024"));
    }

    @Test
    void historyMergesTheLogWithTheDeviceTreeKeepingOnePlugOnce() throws Exception {
        wevtutil();
        WindowsMediaProbe probe = new WindowsMediaProbe(RegExportRegistry.of(
                Fixtures.of("windows/media/usbstor.reg"), Fixtures.of("windows/media/enum-uasp-phones-reader.reg")),
                () -> List.of(), commands);
        List<MediaEvent> history = probe.history();
        List<Instant> sandisk = history.stream().filter(e -> "4C530001230101118302".equals(e.device().serial()))
                .map(MediaEvent::at).toList();
        // registry: first 02-01, arrival 03-10 13:02:10, removal 14:40:55; log adds the 02-20 plug, its 03-10 pair is
        // the registry's own plug a second later
        assertEquals(List.of(Instant.parse("2024-02-01T09:15:00Z"), Instant.parse("2024-02-20T10:15:30.1234567Z"),
                Instant.parse("2024-02-20T11:40:02Z"), Instant.parse("2024-03-10T13:02:10Z"),
                Instant.parse("2024-03-10T14:40:55Z")), sandisk);
        assertEquals(1, history.stream().filter(e -> "S5SXNG0R200946X".equals(e.device().serial())
                && e.at().isAfter(Instant.parse("2024-03-11T08:00:00Z"))).count(), "the T7's plug, once");
        assertTrue(history.stream().anyMatch(e -> "0700039A2C3D4E5F".equals(e.device().serial())),
                "a stick the device tree no longer holds is still in the history");
        assertTrue(history.stream().noneMatch(e -> e.device().kind() == MediaKind.SD_CARD
                && e.at().isBefore(Instant.parse("2024-03-11T09:00:00Z"))), "no boot-time reader arrivals");
    }

    @Test
    void aRealLogHoldingOnlyTheInternalNvmeDriveGivesNoMediaEvents() throws Exception {
        String real = Files.readString(Fixtures.of("windows/media/real-partition-diagnostic-nvme-only.xml"));
        assertEquals(List.of(), WindowsPartitionLog.parse(real));
        // the same real records read as events once the disk is said to hang off USB: the layout itself is understood
        String onUsb = real.replace("<Data Name=\"BusType\">17</Data>", "<Data Name=\"BusType\">7</Data>")
                .replaceAll("<Data Name=\"ParentId\">[^<]*</Data>",
                        "<Data Name=\"ParentId\">USB\\\\VID_0781&amp;PID_5581\\\\4C530001230817114103</Data>");
        List<MediaEvent> events = WindowsPartitionLog.parse(onUsb);
        assertEquals(5, events.size());
        assertEquals(new MediaEvent(Instant.parse("2024-11-14T16:15:45.833349Z"), MediaAction.CONNECTED,
                new MediaDevice(MediaKind.USB_STORAGE, "0781", "5581", "NULL", "MLD M300 NVMe SSD",
                        "4C530001230817114103", 1024209543168L, null, Tri.UNKNOWN)), events.get(0));
    }
}
