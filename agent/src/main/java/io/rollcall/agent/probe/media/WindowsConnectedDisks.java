package io.rollcall.agent.probe.media;

import io.rollcall.agent.os.windows.DiskDrives.Drive;
import io.rollcall.common.report.MediaDevice;
import io.rollcall.common.report.MediaKind;
import io.rollcall.common.report.Tri;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The removable drives present now on Windows: OSHI's drive list joined to the USBSTOR entries by serial number, so a
 * connected stick carries the USB ids and names Windows recorded for it. Pure.
 */
final class WindowsConnectedDisks {
    private WindowsConnectedDisks() {
    }

    /**
     * The drives that are removable media, each as USBSTOR knows it when the serials match. A drive is USB storage
     * when USBSTOR knows its serial or its model says "USB" (Windows names USB disks "… USB Device"); a removable
     * drive that is not USB is an SD card in a built-in reader; fixed internal disks are left out.
     */
    static List<MediaDevice> join(List<Drive> drives, List<WindowsMediaProbe.Seen> usbstor) {
        Map<String, MediaDevice> bySerial = new HashMap<>();
        for (WindowsMediaProbe.Seen s : usbstor) {
            if (s.device().serial() != null) {
                bySerial.putIfAbsent(s.device().serial().toUpperCase(Locale.ROOT), s.device());
            }
        }
        List<MediaDevice> out = new ArrayList<>();
        for (Drive d : drives) {
            String serial = d.serial() == null || d.serial().isBlank() ? null : d.serial().strip();
            MediaDevice known = serial == null ? null : bySerial.get(serial.toUpperCase(Locale.ROOT));
            Long size = d.sizeBytes() > 0 ? d.sizeBytes() : null;
            if (known != null) {
                out.add(new MediaDevice(MediaKind.USB_STORAGE, known.vendorId(), known.productId(), known.vendor(),
                        known.product(), known.serial(), size, null, Tri.UNKNOWN));
                continue;
            }
            String model = d.model() == null ? "" : d.model();
            MediaKind kind = model.toUpperCase(Locale.ROOT).contains("USB") ? MediaKind.USB_STORAGE
                    : "Removable".equalsIgnoreCase(d.diskType()) ? MediaKind.SD_CARD : null;
            if (kind != null) {
                out.add(new MediaDevice(kind, null, null, null, product(model), serial, size, null, Tri.UNKNOWN));
            }
        }
        return out;
    }

    /** "SanDisk Cruzer Blade USB Device (Standard disk drives)" to "SanDisk Cruzer Blade". */
    static String product(String model) {
        String m = model.replaceAll("\\s*\\([^)]*\\)\\s*$", "").replaceAll("(?i)\\s*USB Device$", "").strip();
        return m.isEmpty() ? null : m;
    }
}
