package io.rollcall.agent.os.windows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@link DiskDrives} from WMI {@code Win32_DiskDrive}. Read directly rather than through OSHI's disk stores because
 * OSHI neither gives the PNPDeviceID (needed to tell a USB-attached SCSI disk from an internal NVMe drive, both
 * "SCSI") nor keeps the serial as WMI gave it (it hex-decodes some, which breaks the join to USBSTOR).
 */
public final class WmiDiskDrives implements DiskDrives {
    static final List<String> PROPERTIES = List.of("DeviceID", "Model", "SerialNumber", "Size", "MediaType",
            "PNPDeviceID", "InterfaceType", "MediaLoaded");

    private final Wmi wmi;

    public WmiDiskDrives(Wmi wmi) {
        this.wmi = wmi;
    }

    @Override
    public List<Drive> list() {
        Wmi.Result r = wmi.select("ROOT\\CIMV2", "Win32_DiskDrive", PROPERTIES);
        if (r.failure() != null) {
            throw new IllegalStateException(r.failure());
        }
        List<Drive> out = new ArrayList<>();
        for (Map<String, Object> row : r.rows()) {
            out.add(drive(row));
        }
        return out;
    }

    static Drive drive(Map<String, Object> row) {
        Long size = Wmi.asLong(row.get("Size"));
        return new Drive(text(row, "DeviceID"), text(row, "Model"), text(row, "SerialNumber"),
                size == null ? 0 : size, diskType(text(row, "MediaType")), text(row, "PNPDeviceID"),
                text(row, "InterfaceType"), Wmi.asBoolean(row.get("MediaLoaded")));
    }

    private static String text(Map<String, Object> row, String name) {
        Object v = row.get(name);
        return v == null ? null : v.toString();
    }

    /** Win32_DiskDrive.MediaType ("Removable Media", "Fixed hard disk media", …) in the words OSHI used. */
    static String diskType(String mediaType) {
        if (mediaType == null) {
            return "Unknown";
        }
        String m = mediaType.toLowerCase(java.util.Locale.ROOT);
        return m.startsWith("removable") ? "Removable" : m.startsWith("fixed") ? "HDD" : "Unknown";
    }
}
