package io.rollcall.agent.probe.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.agent.os.windows.DiskDrives;
import io.rollcall.agent.os.windows.DiskDrives.Drive;
import io.rollcall.agent.os.windows.RegExportRegistry;
import io.rollcall.agent.probe.Fixtures;
import io.rollcall.common.report.MediaAction;
import io.rollcall.common.report.MediaDevice;
import io.rollcall.common.report.MediaEvent;
import io.rollcall.common.report.MediaKind;
import io.rollcall.common.report.Tri;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowsMediaProbeTest {
    private static final Drive SYSTEM_SSD = new Drive("\\\\.\\PHYSICALDRIVE0",
            "Samsung SSD 980 PRO 1TB (Standard disk drives)", "0025_38B5_11C0_4A2E.", 1000202273280L, "HDD");
    private static final Drive KINGSTON = new Drive("\\\\.\\PHYSICALDRIVE1",
            "Kingston DataTraveler 3.0 USB Device (Standard disk drives)", "E0D55EA57414F3B0A9420C5B", 30943995904L,
            "Removable");
    private static final Drive SANDISK = new Drive("\\\\.\\PHYSICALDRIVE2",
            "SanDisk Cruzer Blade USB Device (Standard disk drives)", "4C530001230101118302", 15631122432L, "Removable");
    private static final Drive SD_CARD = new Drive("\\\\.\\PHYSICALDRIVE3", "SDXC Card (Standard disk drives)", "",
            63864569856L, "Removable");

    /** The OSHI seam, answering what the test says is plugged in and counting how often it is asked. */
    private static final class FakeDrives implements DiskDrives {
        List<Drive> now = List.of();
        int calls;

        @Override
        public List<Drive> list() {
            calls++;
            return now;
        }
    }

    private final RegExportRegistry usbstor = RegExportRegistry.of(Fixtures.of("windows/media/usbstor.reg"));
    private final FakeDrives drives = new FakeDrives();
    /** WMI unavailable: connected is inferred from the USBSTOR times. */
    private final WindowsMediaProbe probe = new WindowsMediaProbe(usbstor, () -> {
        throw new IllegalStateException("WMI: COM exception");
    });

    @Test
    void drivesConnectedNowAreJoinedToUsbstorBySerialAndFixedDisksLeftOut() {
        drives.now = List.of(SYSTEM_SSD, KINGSTON);
        assertEquals(List.of(new MediaDevice(MediaKind.USB_STORAGE, "0951", "1666", "Kingston",
                "Kingston DataTraveler 3.0 USB Device", "E0D55EA57414F3B0A9420C5B", 30943995904L, null, Tri.UNKNOWN)),
                new WindowsMediaProbe(usbstor, drives).connected());
    }

    @Test
    void aStickListedNowCountsEvenWhenUsbstorTimesLagAndIsAskedForAgain() {
        drives.now = List.of(KINGSTON, SANDISK);
        WindowsMediaProbe p = new WindowsMediaProbe(usbstor, drives);
        assertEquals(List.of("E0D55EA57414F3B0A9420C5B", "4C530001230101118302"),
                p.connected().stream().map(MediaDevice::serial).toList());
        assertEquals("0781", p.connected().get(1).vendorId());
        assertEquals(2, drives.calls, "times and drives disagree, so the list is not kept");
    }

    @Test
    void theDriveListIsKeptWhileUsbstorTimesDoNotChange() {
        drives.now = List.of(SYSTEM_SSD, KINGSTON);
        WindowsMediaProbe p = new WindowsMediaProbe(usbstor, drives);
        List<MediaDevice> first = p.connected();
        assertEquals(first, p.connected());
        assertEquals(first, p.connected());
        assertEquals(1, drives.calls);
    }

    @Test
    void aCardInTheBuiltInReaderIsAnSdCardWithoutSerial() {
        drives.now = List.of(SD_CARD);
        assertEquals(List.of(new MediaDevice(MediaKind.SD_CARD, null, null, null, "SDXC Card", null, 63864569856L,
                null, Tri.UNKNOWN)), new WindowsMediaProbe(usbstor, drives).connected());
    }

    @Test
    void aUsbDiskUsbstorDoesNotKnowIsStillUsbStorageByItsModel() {
        drives.now = List.of(new Drive("\\\\.\\PHYSICALDRIVE1", "WD My Passport 25E2 USB Device (Standard disk drives)",
                "575837314141", 2000365289472L, "HDD"));
        MediaDevice d = new WindowsMediaProbe(usbstor, drives).connected().get(0);
        assertEquals(MediaKind.USB_STORAGE, d.kind());
        assertEquals("WD My Passport 25E2", d.product());
        assertEquals("575837314141", d.serial());
    }

    @Test
    void onlyTheStickArrivedAfterItsLastRemovalIsConnected() {
        List<MediaDevice> connected = probe.connected();
        assertEquals(1, connected.size(), connected.toString());
        MediaDevice kingston = connected.get(0);
        assertEquals("0951", kingston.vendorId());
        assertEquals("1666", kingston.productId());
        assertEquals("Kingston", kingston.vendor());
        assertEquals("E0D55EA57414F3B0A9420C5B", kingston.serial());
    }

    @Test
    void stickSeenYesterdayButNotNowIsInTheHistoryWithItsTimes() {
        List<MediaEvent> sandisk = probe.history().stream()
                .filter(e -> "4C530001230101118302".equals(e.device().serial())).toList();
        assertEquals(List.of(Instant.parse("2024-02-01T09:15:00Z"), Instant.parse("2024-03-10T13:02:10Z"),
                Instant.parse("2024-03-10T14:40:55Z")), sandisk.stream().map(MediaEvent::at).toList());
        assertEquals(List.of(MediaAction.CONNECTED, MediaAction.CONNECTED, MediaAction.DISCONNECTED),
                sandisk.stream().map(MediaEvent::action).toList());
        assertEquals("0781", sandisk.get(0).device().vendorId());
        assertTrue(probe.connected().stream().noneMatch(d -> "4C530001230101118302".equals(d.serial())));
    }

    @Test
    void deviceWithoutSerialHasNoneAndNoRecordedTimesGiveNoEvents() {
        assertNull(WindowsUsbTree.serial("7&2a7c9b2d&0&000000264001&0"));
        assertTrue(probe.history().stream().noneMatch(e -> "STORAGE DEVICE".equals(e.device().product())
                || e.device().product().startsWith("Generic")));
        assertEquals(6, probe.history().size());
    }

    @Test
    void firstConnectedIsTheFirstInstallDate0065NotTheInstallDate0064WhichADriverReinstallRewrites() {
        List<Instant> sandisk = probe.history().stream().filter(e -> "4C530001230101118302".equals(e.device().serial()))
                .map(MediaEvent::at).toList();
        assertTrue(sandisk.contains(Instant.parse("2024-02-01T09:15:00Z")), sandisk.toString());
        assertFalse(sandisk.contains(Instant.parse("2024-03-01T08:00:00Z")), "0064 is not a connection");
    }

    private final RegExportRegistry uaspTree = RegExportRegistry.of(
            Fixtures.of("windows/media/enum-uasp-phones-reader.reg"));

    @Test
    void aPhoneInMtpModeIsConnectedBesideTheUaspDiskWmiLists() {
        drives.now = List.of(new Drive("\\\\.\\PHYSICALDRIVE1", "Samsung PSSD T7 SCSI Disk Device",
                "E823_8FA6_BF53_0001_001B_448B_4A1C_2E3F.", 1000202273280L, "Unknown",
                "SCSI\\DISK&VEN_SAMSUNG&PROD_PSSD_T7&REV_0\\8&2C6D1F3A&0&000000", "SCSI", true));
        List<MediaDevice> now = new WindowsMediaProbe(uaspTree, drives).connected();
        assertEquals(List.of(MediaKind.USB_STORAGE, MediaKind.MTP), now.stream().map(MediaDevice::kind).toList());
        assertEquals("S5SXNG0R200946X", now.get(0).serial());
        assertEquals("MTP USB Device", now.get(1).product());
    }

    @Test
    void withoutWmiTheTimesGiveTheUaspDiskAndThePhoneButNeverTheBuiltInCardReader() {
        List<MediaDevice> now = new WindowsMediaProbe(uaspTree, () -> {
            throw new IllegalStateException("WMI: COM exception");
        }).connected();
        assertEquals(List.of("S5SXNG0R200946X", "R58M12ABCDE"), now.stream().map(MediaDevice::serial).toList());
        assertTrue(now.stream().noneMatch(d -> "0bda".equals(d.vendorId())));
    }

    @Test
    void theCardReadersBootArrivalsAreNotInTheHistoryButThePhonesPlugsAre() {
        List<MediaEvent> history = new WindowsMediaProbe(uaspTree, drives).history();
        assertTrue(history.stream().noneMatch(e -> "0bda".equals(e.device().vendorId())), history.toString());
        assertEquals(List.of(MediaAction.CONNECTED, MediaAction.CONNECTED, MediaAction.DISCONNECTED),
                history.stream().filter(e -> e.device().kind() == MediaKind.PTP).map(MediaEvent::action).toList());
    }
}
