package io.rollcall.agent.probe.media;

import com.dd.plist.NSDictionary;
import io.rollcall.agent.os.mac.Plist;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The USB identity of each whole disk, from {@code ioreg -a -r -c IOUSBHostDevice -l}: the I/O Registry subtrees
 * rooted at every USB device, as a plist array whose entries nest through {@code IORegistryEntryChildren}. A disk is
 * the {@code IOMedia} entry whose {@code BSD Name} is a whole disk ("disk4"); its USB device is the nearest ancestor
 * that is a USB device (has {@code idVendor} and is not an interface), so a stick behind a hub gets its own ids, not
 * the hub's. Pure: the caller runs the command.
 */
final class IoregUsbDisks {
    private IoregUsbDisks() {
    }

    /** What the USB device descriptor says about a disk; ids as four lower-case hex digits, any field may be null. */
    record UsbIdentity(String vendorId, String productId, String vendor, String product, String serial) {
    }

    /** Whole-disk BSD name ("disk4") to the USB device it sits on; throws {@link IllegalArgumentException} on bad input. */
    static Map<String, UsbIdentity> byBsdName(byte[] ioregPlist) {
        Map<String, UsbIdentity> out = new HashMap<>();
        for (NSDictionary root : Plist.roots(ioregPlist)) {
            walk(root, null, out, 0);
        }
        return out;
    }

    private static void walk(NSDictionary node, UsbIdentity nearest, Map<String, UsbIdentity> out, int depth) {
        if (depth > 64) {
            return; // the registry is a tree a few dozen deep at most; a deeper plist is not ioreg's
        }
        UsbIdentity here = isUsbDevice(node) ? identity(node) : nearest;
        String bsd = Plist.string(node, "BSD Name");
        if (here != null && bsd != null && bsd.matches("disk\\d+")) {
            out.putIfAbsent(bsd, here);
        }
        for (NSDictionary child : Plist.dicts(node, "IORegistryEntryChildren")) {
            walk(child, here, out, depth + 1);
        }
    }

    private static boolean isUsbDevice(NSDictionary node) {
        String cls = Plist.string(node, "IOObjectClass");
        // interfaces (IOUSBHostInterface) repeat idVendor/idProduct but carry no serial; the device above them does
        return Plist.integer(node, "idVendor") != null && (cls == null || !cls.contains("Interface"));
    }

    private static UsbIdentity identity(NSDictionary d) {
        return new UsbIdentity(hex(Plist.integer(d, "idVendor")), hex(Plist.integer(d, "idProduct")),
                first(d, "USB Vendor Name", "kUSBVendorString"), first(d, "USB Product Name", "kUSBProductString"),
                first(d, "USB Serial Number", "kUSBSerialNumberString"));
    }

    private static String first(NSDictionary d, String... keys) {
        for (String k : List.of(keys)) {
            String v = Plist.string(d, k);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private static String hex(Long id) {
        return id == null || id < 0 || id > 0xffff ? null : String.format(Locale.ROOT, "%04x", id);
    }
}
