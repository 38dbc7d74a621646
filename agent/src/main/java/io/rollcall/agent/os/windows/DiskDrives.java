package io.rollcall.agent.os.windows;

import java.util.List;

/**
 * The disk drives Windows sees now, as WMI {@code Win32_DiskDrive} lists them ({@link WmiDiskDrives}), behind a seam
 * so probes run against recorded values.
 */
public interface DiskDrives {

    /**
     * One drive.
     *
     * @param name          e.g. "\\\\.\\PHYSICALDRIVE1"
     * @param model         Win32_DiskDrive.Model, e.g. "SanDisk Cruzer Blade USB Device"
     * @param serial        Win32_DiskDrive.SerialNumber as WMI gives it: the USB serial, the same as hex of its ASCII,
     *                      or that with each byte pair swapped, depending on driver and Windows version; blank when none
     * @param sizeBytes     size in bytes; 0 when unknown or no medium is in the drive
     * @param diskType      "Removable" (MediaType "Removable Media"), "HDD" ("Fixed hard disk media") or "Unknown"
     * @param pnpDeviceId   e.g. "USBSTOR\DISK&amp;VEN_SANDISK&amp;PROD_CRUZER_BLADE&amp;REV_1.00\4C530001230101118302&amp;0"
     *                      or, for a UASP disk or an internal NVMe drive alike, "SCSI\DISK&amp;VEN_…"; null when unknown
     * @param interfaceType "USB", "SCSI", "IDE", …; null when unknown
     * @param mediaLoaded   whether a medium is in the drive (false for an empty card reader); null when unknown
     */
    record Drive(String name, String model, String serial, long sizeBytes, String diskType, String pnpDeviceId,
                 String interfaceType, Boolean mediaLoaded) {

        public Drive(String name, String model, String serial, long sizeBytes, String diskType) {
            this(name, model, serial, sizeBytes, diskType, null, null, null);
        }

        /**
         * Whether a medium is in the drive: Windows reports an empty card reader with MediaLoaded false or with no
         * size (some drivers say loaded and leave Size null).
         */
        public boolean hasMedium() {
            return !Boolean.FALSE.equals(mediaLoaded) && sizeBytes > 0;
        }
    }

    /** The drives present now; may throw when WMI cannot be queried. */
    List<Drive> list();
}
