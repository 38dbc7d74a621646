package io.rollcall.agent.os.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.agent.os.windows.DiskDrives.Drive;
import io.rollcall.agent.probe.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

class WmiDiskDrivesTest {

    private static List<Drive> drives(String fixture) {
        return new WmiDiskDrives(new ListFormatWmi().answer("ROOT\\CIMV2", "Win32_DiskDrive",
                Fixtures.of("windows/media/" + fixture))).list();
    }

    @Test
    void aRealLaptopsNvmeDriveIsReadWithItsScsiPnpDeviceIdAndRawSerial() {
        assertEquals(List.of(new Drive("\\\\.\\PHYSICALDRIVE0", "PC300 NVMe SK hynix 512GB", "ACE4_2E61_9000_7804.",
                512105932800L, "HDD", "SCSI\\DISK&VEN_NVME&PROD_PC300_NVME_SK_HY\\5&6FF0B86&0&000000", "SCSI", true)),
                drives("glpi-latitude-7480-diskdrive.txt"));
    }

    @Test
    void anEmptyCardReaderHasNoMedium() {
        Drive reader = drives("diskdrive-t7-empty-reader.txt").get(2);
        assertEquals("Generic- SD/MMC USB Device", reader.model());
        assertEquals("Removable", reader.diskType());
        assertEquals(0, reader.sizeBytes());
        assertFalse(reader.hasMedium());
        assertTrue(drives("diskdrive-reader-with-card.txt").get(1).hasMedium());
    }

    @Test
    void aReaderThatSaysLoadedButHasNoSizeHasNoMedium() {
        assertFalse(new Drive("\\\\.\\PHYSICALDRIVE2", "Generic- SD/MMC USB Device", "", 0, "Removable", null, "USB",
                true).hasMedium());
    }

    @Test
    void wmiFailingIsAnErrorTheProbeFallsBackFrom() {
        assertThrows(IllegalStateException.class, () -> new WmiDiskDrives(new ListFormatWmi()).list());
    }
}
