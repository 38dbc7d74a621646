package io.rollcall.agent.probe.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.rollcall.agent.os.CommandResult;
import io.rollcall.agent.os.CommandRunner;
import io.rollcall.agent.probe.Fixtures;
import io.rollcall.common.report.MediaDevice;
import io.rollcall.common.report.MediaKind;
import io.rollcall.common.report.Tri;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** diskutil's plist output from fixtures; diskutil itself is mocked at the process boundary. */
class MacMediaProbeTest {
    private final CommandRunner commands = mock(CommandRunner.class);

    private void diskutil(List<String> args, String fixture) throws Exception {
        List<String> out = Files.readAllLines(Fixtures.of("macos/plist/" + fixture));
        when(commands.run(eq(args), any(Duration.class))).thenReturn(new CommandResult(0, out, null));
    }

    private static final List<String> LIST = List.of("/usr/sbin/diskutil", "list", "-plist", "external", "physical");
    private static final List<String> IOREG = List.of("/usr/sbin/ioreg", "-a", "-r", "-c", "IOUSBHostDevice", "-l");

    private void stick() throws Exception {
        diskutil(List.of("/usr/sbin/diskutil", "info", "-plist", "disk4"), "diskutil-info-disk4.plist");
        diskutil(List.of("/usr/sbin/diskutil", "info", "-plist", "disk4s1"), "diskutil-info-disk4s1.plist");
    }

    private void ioregFails() {
        when(commands.run(eq(IOREG), any(Duration.class))).thenReturn(CommandResult.failed("could not start ioreg"));
    }

    @Test
    void aUsbStickPluggedInGetsItsUsbIdsAndSerialFromIoreg() throws Exception {
        diskutil(LIST, "diskutil-list-external-physical.plist");
        stick();
        diskutil(IOREG, "ioreg-usb-host-devices.plist");
        List<MediaDevice> media = new MacMediaProbe(commands).connected();
        assertEquals(List.of(new MediaDevice(MediaKind.USB_STORAGE, "0781", "5581", "SanDisk", "SanDisk 3.2Gen1",
                "4C530001230817114103", 30752636928L, "msdos", Tri.NO)), media);
        assertEquals("0781:5581:4C530001230817114103", media.get(0).identityKey());
    }

    @Test
    void aThunderboltDiskWithoutUsbParentIsAnExternalDiskNotUsbStorage() throws Exception {
        diskutil(LIST, "diskutil-list-external-usb-and-thunderbolt.plist");
        stick();
        diskutil(List.of("/usr/sbin/diskutil", "info", "-plist", "disk5"), "diskutil-info-disk5.plist");
        when(commands.run(eq(List.of("/usr/sbin/diskutil", "info", "-plist", "disk5s2")), any(Duration.class)))
                .thenReturn(CommandResult.failed("volume details not captured for this fixture"));
        diskutil(IOREG, "ioreg-usb-host-devices.plist");
        List<MediaDevice> media = new MacMediaProbe(commands).connected();
        assertEquals(List.of(MediaKind.USB_STORAGE, MediaKind.EXTERNAL_DISK), media.stream().map(MediaDevice::kind).toList());
        assertEquals("4C530001230817114103", media.get(0).serial());
        assertEquals(null, media.get(1).serial(), "no USB parent, so no USB serial");
    }

    @Test
    void whenIoregCannotRunTheStickIsListedFromDiskutilWithoutIds() throws Exception {
        diskutil(LIST, "diskutil-list-external-usb-and-thunderbolt.plist");
        stick();
        diskutil(List.of("/usr/sbin/diskutil", "info", "-plist", "disk5"), "diskutil-info-disk5.plist");
        when(commands.run(eq(List.of("/usr/sbin/diskutil", "info", "-plist", "disk5s2")), any(Duration.class)))
                .thenReturn(CommandResult.failed("volume details not captured for this fixture"));
        ioregFails();
        List<MediaDevice> media = new MacMediaProbe(commands).connected();
        assertEquals(new MediaDevice(MediaKind.USB_STORAGE, null, null, null, "SanDisk 3.2Gen1", null,
                30752636928L, "msdos", Tri.NO), media.get(0));
        assertEquals(List.of(MediaKind.USB_STORAGE, MediaKind.EXTERNAL_DISK), media.stream().map(MediaDevice::kind).toList());
    }

    @Test
    void whenDiskutilInfoFailsIoregStillNamesTheStick() throws Exception {
        diskutil(LIST, "diskutil-list-external-physical.plist");
        diskutil(IOREG, "ioreg-usb-host-devices.plist");
        for (String disk : List.of("disk4", "disk4s1")) {
            when(commands.run(eq(List.of("/usr/sbin/diskutil", "info", "-plist", disk)), any(Duration.class)))
                    .thenReturn(CommandResult.failed("diskutil did not finish within 15000 ms"));
        }
        MediaDevice d = new MacMediaProbe(commands).connected().get(0);
        assertEquals(MediaKind.USB_STORAGE, d.kind());
        assertEquals("4C530001230817114103", d.serial());
        assertEquals(30752636928L, d.capacityBytes());
    }

    @Test
    void nothingPluggedInIsAnEmptyList() throws Exception {
        diskutil(List.of("/usr/sbin/diskutil", "list", "-plist", "external", "physical"),
                "diskutil-list-external-none.plist");
        assertEquals(List.of(), new MacMediaProbe(commands).connected());
    }

    @Test
    void whenInfoAndIoregFailTheDiskIsStillListedFromTheListOutput() throws Exception {
        diskutil(LIST, "diskutil-list-external-physical.plist");
        ioregFails();
        for (String disk : List.of("disk4", "disk4s1")) {
            when(commands.run(eq(List.of("/usr/sbin/diskutil", "info", "-plist", disk)), any(Duration.class)))
                    .thenReturn(CommandResult.failed("diskutil did not finish within 15000 ms"));
        }
        MediaDevice d = new MacMediaProbe(commands).connected().get(0);
        assertEquals(30752636928L, d.capacityBytes());
        assertEquals(Tri.UNKNOWN, d.encrypted());
    }

    @Test
    void diskutilMissingFailsWithTheReason() {
        when(commands.run(any(), any(Duration.class))).thenReturn(CommandResult.failed("could not start /usr/sbin/diskutil"));
        assertTrue(assertThrows(IllegalStateException.class, () -> new MacMediaProbe(commands).connected())
                .getMessage().contains("could not start"));
    }
}
