package io.rollcall.agent.os.windows;

import java.util.List;

/**
 * The disk drives Windows sees now, as OSHI lists them ({@code HWDiskStore}, read from WMI {@code Win32_DiskDrive}),
 * behind a seam so probes run against recorded values.
 */
public interface DiskDrives {

    /**
     * One drive.
     *
     * @param name      e.g. "\\\\.\\PHYSICALDRIVE1"
     * @param model     OSHI's "Model Manufacturer", e.g. "SanDisk Cruzer Blade USB Device (Standard disk drives)"
     * @param serial    Win32_DiskDrive.SerialNumber, decoded by OSHI when Windows gives it as hex; blank when none
     * @param sizeBytes size in bytes; 0 when unknown
     * @param diskType  OSHI's reading of Win32_DiskDrive.MediaType: "Removable", "HDD" or "Unknown"
     */
    record Drive(String name, String model, String serial, long sizeBytes, String diskType) {
    }

    /** The drives present now; may throw when WMI cannot be queried. */
    List<Drive> list();
}
