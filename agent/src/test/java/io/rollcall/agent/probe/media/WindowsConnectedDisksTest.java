package io.rollcall.agent.probe.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.agent.os.windows.DiskDrives.Drive;
import io.rollcall.agent.os.windows.ListFormatWmi;
import io.rollcall.agent.os.windows.RegExportRegistry;
import io.rollcall.agent.os.windows.WmiDiskDrives;
import io.rollcall.agent.probe.Fixtures;
import io.rollcall.agent.probe.media.WindowsUsbTree.Seen;
import io.rollcall.common.report.MediaDevice;
import io.rollcall.common.report.MediaKind;
import io.rollcall.common.report.Tri;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Live drives (recorded Win32_DiskDrive) joined to the recorded device tree. */
class WindowsConnectedDisksTest {
    private final List<Seen> usbstor = new WindowsUsbTree(
            RegExportRegistry.of(Fixtures.of("windows/media/usbstor.reg"))).read();
    private final List<Seen> uaspTree = new WindowsUsbTree(
            RegExportRegistry.of(Fixtures.of("windows/media/enum-uasp-phones-reader.reg"))).read();

    private static List<Drive> wmic(String fixture) {
        return new WmiDiskDrives(new ListFormatWmi().answer("ROOT\\CIMV2", "Win32_DiskDrive",
                Fixtures.of("windows/media/" + fixture))).list();
    }

    /** A SanDisk stick as WMI may list it, with only the serial to join on (as OSHI gave it, no PNPDeviceID). */
    private static Drive sandisk(String serial) {
        return new Drive("\\\\.\\PHYSICALDRIVE1", "SanDisk Cruzer Blade USB Device", serial, 15631122432L, "Removable");
    }

    private MediaDevice joinedSandisk(String serial) {
        List<MediaDevice> out = WindowsConnectedDisks.join(List.of(sandisk(serial)), usbstor);
        assertEquals(1, out.size(), out.toString());
        return out.get(0);
    }

    @Test
    void aSerialAsUsbstorHasItJoins() {
        assertEquals("0781", joinedSandisk("4C530001230101118302").vendorId());
    }

    @Test
    void aSerialGivenAsHexOfItsAsciiJoins() {
        MediaDevice d = joinedSandisk("3443353330303031323330313031313138333032");
        assertEquals("0781", d.vendorId());
        assertEquals("4C530001230101118302", d.serial(), "reported as USBSTOR knows it");
    }

    @Test
    void aSerialWithItsCharacterPairsSwappedJoins() {
        assertEquals("0781", joinedSandisk("C4350010321010113820").vendorId());
    }

    @Test
    void aSerialAsHexOfTheSwappedAsciiJoins() {
        // hex of "C4350010321010113820"
        assertEquals("0781", joinedSandisk("4334333530303130333231303130313133383230").vendorId());
    }

    @Test
    void aSerialPaddedWithSpacesJoins() {
        assertEquals("0781", joinedSandisk("  4C530001230101118302 ").vendorId());
    }

    @Test
    void anUnrelatedSerialDoesNotJoinButTheStickIsStillUsbStorageByItsModel() {
        MediaDevice d = joinedSandisk("0000000000001234");
        assertEquals(MediaKind.USB_STORAGE, d.kind());
        assertNull(d.vendorId());
    }

    @Test
    void serialFormsCoverRawSwappedAndHexDecoded() {
        assertEquals(List.of("E0D55EA5", "0E5DE55A"), List.copyOf(WindowsConnectedDisks.serialForms("e0d55ea5 ")));
        assertEquals(List.of("34433533", "43345333", "4C53", "C435"),
                List.copyOf(WindowsConnectedDisks.serialForms("34433533")));
        assertNull(WindowsConnectedDisks.hexAscii("ACE4_2E61"));
        assertNull(WindowsConnectedDisks.hexAscii("FFFE"), "not printable ASCII");
    }

    @Test
    void aUaspT7PluggedInIsUsbStorageJoinedByPnpDeviceIdAndTheNvmeDriveAndEmptyReaderAreLeftOut() {
        assertEquals(List.of(new MediaDevice(MediaKind.USB_STORAGE, "04e8", "4001", "Samsung",
                "Samsung PSSD T7 SCSI Disk Device", "S5SXNG0R200946X", 1000202273280L, null, Tri.UNKNOWN)),
                WindowsConnectedDisks.join(wmic("diskdrive-t7-empty-reader.txt"), uaspTree));
    }

    @Test
    void aCardInTheBuiltInUsbReaderIsAnSdCardWithoutTheReadersIdsOrSerial() {
        assertEquals(List.of(new MediaDevice(MediaKind.SD_CARD, null, null, null, "Generic- SD/MMC", null,
                63864569856L, null, Tri.UNKNOWN)),
                WindowsConnectedDisks.join(wmic("diskdrive-reader-with-card.txt"), uaspTree));
    }

    @Test
    void anEmptyReaderUnknownToTheTreeIsStillNeverUsbStorage() {
        Drive empty = new Drive("\\\\.\\PHYSICALDRIVE2", "Realtek USB3.0-CRW USB Device", "201006010301", 0,
                "Removable", "USBSTOR\\DISK&VEN_REALTEK&PROD_USB3.0-CRW&REV_1.00\\201006010301&0", "USB", false);
        assertEquals(List.of(), WindowsConnectedDisks.join(List.of(empty), List.of()));
    }

    @Test
    void aRealLaptopWithOnlyItsNvmeDriveHasNoRemovableMedia() {
        assertTrue(WindowsConnectedDisks.join(wmic("glpi-latitude-7480-diskdrive.txt"), uaspTree).isEmpty());
    }
}
