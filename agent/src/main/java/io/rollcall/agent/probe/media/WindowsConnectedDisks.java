package io.rollcall.agent.probe.media;

import io.rollcall.agent.os.windows.DiskDrives.Drive;
import io.rollcall.agent.probe.media.WindowsUsbTree.Seen;
import io.rollcall.common.report.MediaDevice;
import io.rollcall.common.report.MediaKind;
import io.rollcall.common.report.Tri;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The removable drives present now on Windows: WMI's drive list joined to the device tree ({@link WindowsUsbTree}),
 * by PNPDeviceID (the drive's own instance path) and else by serial number, so a connected stick carries the USB
 * ids and names Windows recorded for it. Pure.
 */
final class WindowsConnectedDisks {
    private WindowsConnectedDisks() {
    }

    /**
     * The drives that are removable media. A drive with no medium in it (an empty card reader) is left out; a card
     * reader with a card is an SD card, without the reader's ids or serial (they name the reader, not the card). A
     * drive is USB storage when the device tree knows it (USBSTOR, or a UASP disk under a USB device) or its model
     * says "USB"; a removable drive that is not USB is an SD card in a built-in reader; fixed internal disks,
     * including NVMe drives that Windows also lists as "SCSI", are left out.
     */
    static List<MediaDevice> join(List<Drive> drives, List<Seen> tree) {
        Map<String, Seen> byInstance = new HashMap<>();
        Map<String, Seen> bySerial = new HashMap<>();
        for (Seen s : tree) {
            if (!s.storage()) {
                continue;
            }
            byInstance.putIfAbsent(s.instanceId().toUpperCase(Locale.ROOT), s);
            if (s.device().serial() != null) {
                bySerial.putIfAbsent(s.device().serial().strip().toUpperCase(Locale.ROOT), s);
            }
        }
        List<MediaDevice> out = new ArrayList<>();
        for (Drive d : drives) {
            String serial = d.serial() == null || d.serial().isBlank() ? null : d.serial().strip();
            Seen known = d.pnpDeviceId() == null ? null : byInstance.get(d.pnpDeviceId().toUpperCase(Locale.ROOT));
            if (known == null && serial != null) {
                for (String form : serialForms(serial)) {
                    known = known != null ? known : bySerial.get(form);
                }
            }
            String model = d.model() == null ? "" : d.model();
            if (!d.hasMedium()) {
                continue;
            }
            Long size = d.sizeBytes();
            boolean reader = known != null ? known.cardReader() : WindowsUsbTree.isCardReader(model);
            if (reader) {
                out.add(new MediaDevice(MediaKind.SD_CARD, null, null, null, product(model), null, size, null,
                        Tri.UNKNOWN));
            } else if (known != null) {
                MediaDevice k = known.device();
                out.add(new MediaDevice(k.kind(), k.vendorId(), k.productId(), k.vendor(), k.product(), k.serial(),
                        size, null, Tri.UNKNOWN));
            } else if (model.toUpperCase(Locale.ROOT).contains("USB") || "USB".equalsIgnoreCase(d.interfaceType())) {
                out.add(new MediaDevice(MediaKind.USB_STORAGE, null, null, null, product(model), serial, size, null,
                        Tri.UNKNOWN));
            } else if ("Removable".equalsIgnoreCase(d.diskType())) {
                out.add(new MediaDevice(MediaKind.SD_CARD, null, null, null, product(model), serial, size, null,
                        Tri.UNKNOWN));
            }
        }
        return out;
    }

    /**
     * The forms a USB serial takes in Win32_DiskDrive.SerialNumber, upper case: as is; each character pair swapped
     * (the ATA word order some drivers keep); hex of the ASCII ("3443353330…" for "4C53…"), and that swapped.
     */
    static Set<String> serialForms(String serial) {
        Set<String> out = new LinkedHashSet<>();
        String raw = serial.strip();
        add(out, raw);
        add(out, swapPairs(raw));
        String decoded = hexAscii(raw);
        if (decoded != null) {
            add(out, decoded);
            add(out, swapPairs(decoded));
        }
        return out;
    }

    private static void add(Set<String> out, String s) {
        String t = s.replace("\0", "").strip();
        if (!t.isEmpty()) {
            out.add(t.toUpperCase(Locale.ROOT));
        }
    }

    /** "C435" from "4C53"; a last odd character stays where it is. */
    static String swapPairs(String s) {
        char[] c = s.toCharArray();
        for (int i = 0; i + 1 < c.length; i += 2) {
            char t = c[i];
            c[i] = c[i + 1];
            c[i + 1] = t;
        }
        return new String(c);
    }

    /** The ASCII text a hex string spells, or null when it is not hex of printable ASCII (NULs and spaces allowed). */
    static String hexAscii(String s) {
        if (s.length() < 4 || s.length() % 2 != 0 || !s.matches("[0-9A-Fa-f]+")) {
            return null;
        }
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) {
            int v = Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
            if (v != 0 && (v < 0x20 || v > 0x7e)) {
                return null;
            }
            b[i] = (byte) v;
        }
        return new String(b, StandardCharsets.US_ASCII);
    }

    /** "SanDisk Cruzer Blade USB Device (Standard disk drives)" to "SanDisk Cruzer Blade". */
    static String product(String model) {
        String m = model.replaceAll("\\s*\\([^)]*\\)\\s*$", "").replaceAll("(?i)\\s*(USB|SCSI Disk) Device$", "")
                .strip();
        return m.isEmpty() ? null : m;
    }
}
