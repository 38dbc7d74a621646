package io.rollcall.agent.probe.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.agent.os.windows.RegExportRegistry;
import io.rollcall.agent.probe.Fixtures;
import io.rollcall.agent.probe.media.WindowsUsbTree.Seen;
import io.rollcall.common.report.MediaDevice;
import io.rollcall.common.report.MediaKind;
import io.rollcall.common.report.Tri;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The device tree read from {@code reg export} fixtures: composed cases and a real Windows 7 Enum\USB export. */
class WindowsUsbTreeTest {
    private final List<Seen> composed = new WindowsUsbTree(
            RegExportRegistry.of(Fixtures.of("windows/media/enum-uasp-phones-reader.reg"))).read();

    private Seen one(String instancePrefix) {
        List<Seen> found = composed.stream().filter(s -> s.instanceId().startsWith(instancePrefix)).toList();
        assertEquals(1, found.size(), instancePrefix + " in " + composed);
        return found.get(0);
    }

    @Test
    void aUaspDiskUnderScsiIsUsbStorageWithTheIdsAndSerialOfItsUaspStorUsbDevice() {
        Seen t7 = one("SCSI\\Disk&Ven_Samsung");
        assertEquals(new MediaDevice(MediaKind.USB_STORAGE, "04e8", "4001", "Samsung", "Samsung PSSD T7 SCSI Disk Device",
                "S5SXNG0R200946X", null, null, Tri.UNKNOWN), t7.device());
        assertEquals("SCSI\\Disk&Ven_Samsung&Prod_PSSD_T7&Rev_0\\8&2c6d1f3a&0&000000", t7.instanceId());
        assertEquals(Instant.parse("2024-01-15T08:30:02Z"), t7.firstInstall());
        assertEquals(Instant.parse("2024-03-11T08:05:01Z"), t7.lastArrival());
        assertTrue(t7.connected());
        assertFalse(t7.cardReader());
    }

    @Test
    void theInternalNvmeDriveUnderScsiIsNotRemovableMedia() {
        assertTrue(composed.stream().noneMatch(s -> s.instanceId().contains("NVMe")), composed.toString());
    }

    @Test
    void theBuiltInCardReaderIsMarkedAsAReader() {
        Seen reader = one("USBSTOR\\Disk&Ven_Generic-&Prod_SD/MMC");
        assertTrue(reader.cardReader());
        assertEquals("0bda", reader.device().vendorId());
        assertTrue(reader.connected(), "it arrived at boot and was never removed");
    }

    @Test
    void anAndroidPhoneInFileTransferModeIsMtpWithTheCompositeDevicesSerialAndTimes() {
        Seen phone = one("USB\\VID_04E8&PID_6860&MS_COMP_MTP");
        assertEquals(new MediaDevice(MediaKind.MTP, "04e8", "6860", null, "MTP USB Device", "R58M12ABCDE", null, null,
                Tri.UNKNOWN), phone.device());
        assertEquals(Instant.parse("2024-02-05T12:00:00Z"), phone.firstInstall());
        assertTrue(phone.connected());
        assertFalse(phone.storage());
    }

    @Test
    void thePhonesOwnerGivenNameIsNotReported() {
        assertTrue(composed.stream().noneMatch(s -> String.valueOf(s.device()).contains("Sam's")));
    }

    @Test
    void anIphoneIsPtpAndItsTimesSayItWasUnplugged() {
        Seen iphone = one("USB\\VID_05AC&PID_12A8&MI_00");
        assertEquals(new MediaDevice(MediaKind.PTP, "05ac", "12a8", "Apple Inc.", "Apple iPhone",
                "00008030001A2B3C4D5E6F70", null, null, Tri.UNKNOWN), iphone.device());
        assertEquals(Instant.parse("2024-03-01T14:00:00Z"), iphone.firstInstall());
        assertFalse(iphone.connected());
    }

    @Test
    void noOtherDeviceOfTheComposedTreeCountsAsMedia() {
        assertEquals(4, composed.size(), composed.toString()); // T7, reader, Galaxy, iPhone
    }

    @Test
    void aRealWindows7UsbTreeWithAWebcamAndAPhoneInMassStorageModeHasNoMtpOrPtpDevice() {
        // glpi-agent's real export: the webcam is class Image and the HTC's second interface is ADB, neither WPD
        List<Seen> real = new WindowsUsbTree(RegExportRegistry.of(Fixtures.of("windows/media/glpi-win7-enum-usb.reg")))
                .read();
        assertEquals(List.of(), real);
    }

    @Test
    void cardReaderNamesAreRecognisedAndStickNamesAreNot() {
        assertTrue(WindowsUsbTree.isCardReader("Disk&Ven_Generic-&Prod_SD/MMC&Rev_1.00"));
        assertTrue(WindowsUsbTree.isCardReader("Realtek USB3.0-CRW"));
        assertTrue(WindowsUsbTree.isCardReader("Generic- Multi-Card USB Device"));
        assertTrue(WindowsUsbTree.isCardReader(null, "Generic- USB3.0 CRW -SD USB Device"));
        assertFalse(WindowsUsbTree.isCardReader("SanDisk Cruzer Blade USB Device"));
        assertFalse(WindowsUsbTree.isCardReader("Samsung PSSD T7 SCSI Disk Device"));
        assertFalse(WindowsUsbTree.isCardReader("Kingston DataTraveler 3.0 USB Device"));
    }

    @Test
    void resourceStringsGiveTheirFallbackText() {
        assertEquals("MTP USB Device", WindowsUsbTree.resource("@wpdmtp.inf,%mtp.devicedesc%;MTP USB Device"));
        assertEquals("Galaxy A52", WindowsUsbTree.resource("Galaxy A52"));
        assertNull(WindowsUsbTree.resource(null));
    }

    @Test
    void aPhoneInMassStorageModeTakesTheIdsOfItsUsbstorDeviceNotOfTheCompositeWithTheSameSerial() {
        List<Seen> htc = new WindowsUsbTree(RegExportRegistry.of(Fixtures.of("windows/media/glpi-win7-enum-usb.reg"),
                Fixtures.of("windows/media/usbstor-htc-over-glpi-win7.reg"))).read();
        assertEquals(1, htc.size(), htc.toString());
        assertEquals(new MediaDevice(MediaKind.USB_STORAGE, "0bb4", "0ff9", "HTC", "HTC Android Phone USB Device",
                "SH09SPL06953", null, null, Tri.UNKNOWN), htc.get(0).device());
    }
}
