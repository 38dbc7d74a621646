package io.rollcall.agent.probe.media;

import io.rollcall.agent.os.windows.Registry;
import io.rollcall.common.report.MediaDevice;
import io.rollcall.common.report.MediaKind;
import io.rollcall.common.report.Tri;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The removable media Windows has recorded in its device tree ({@code HKLM\SYSTEM\CurrentControlSet\Enum}), which it
 * keeps for every device ever plugged in:
 * <ul>
 * <li>{@code USBSTOR\Disk&amp;Ven_…&amp;Prod_…&amp;Rev_…\<serial>&amp;0}: sticks and disks on the bulk-only driver;
 * <li>{@code SCSI\Disk&amp;Ven_…&amp;Prod_…\<id>}: disks on the USB Attached SCSI driver (UASP, e.g. a Samsung T7),
 * which never appear under USBSTOR. An internal NVMe or SATA drive lives there too, so a SCSI disk counts only when a
 * USB device whose {@code Service} is {@code UASPStor} shares its {@code ContainerID}; that USB device gives the ids
 * and the serial;
 * <li>{@code USB\VID_…&amp;PID_…[&amp;MI_nn]\<instance>} of class WPD ({@value #WPD_CLASS}, driver WUDFRd): phones
 * and cameras over MTP or PTP; under a vendor's composite driver (Samsung's dg_ssudbus) the function is
 * {@code USB\VID_04E8&amp;PID_6860&amp;MS_COMP_MTP&amp;SAMSUNG_ANDROID\<id>}. The serial is the composite device's
 * instance id, found by ContainerID. {@code SWD\WPDBUSENUM} is not read: its entries are the WPD view of volumes
 * on sticks already counted ({@code _??_USBSTOR#…}) or of the same phones.
 * </ul>
 * Each device's property store ({@code Properties\{83da6326-97a6-4088-9453-a1923f573b29}}) holds FILETIMEs: 0064
 * the install date (rewritten when the driver is reinstalled), 0065 the first install, 0066 the last arrival, 0067
 * the last removal (DEVPKEY_Device_InstallDate, _FirstInstallDate, _LastArrivalDate, _LastRemovalDate in
 * devpkey.h; Windows 8 and later). An instance id whose second character is '&amp;' was made up by Windows because
 * the device has no serial number. Card readers are marked, since the reader itself is not a medium.
 */
final class WindowsUsbTree {
    static final String ENUM = "HKLM\\SYSTEM\\CurrentControlSet\\Enum";
    static final String DEVICE_TIMES = "Properties\\{83da6326-97a6-4088-9453-a1923f573b29}";
    static final String WPD_CLASS = "{eec5ad98-8080-425f-922a-dabf3de3f69a}";
    /** Names card readers give themselves: "Generic- SD/MMC", "USB3.0-CRW", "Multi-Card", "MS/MS-Pro", … */
    private static final Pattern CARD_READER = Pattern.compile(
            "SD/MMC|SD_MMC|CRW|CARD[ _-]?READER|MULTI[ _-]?CARD|MS/MS-PRO|MS_MS-PRO|XD[ _-]PICTURE|COMPACT[ _]?FLASH"
                    + "|\\bSDXC\\b|\\bSDHC\\b|SD[ _]CARD");

    /**
     * One device instance and the times Windows recorded for it (each may be absent).
     *
     * @param instanceId the path under Enum, e.g. "USBSTOR\Disk&amp;Ven_…\4C53…&amp;0": Win32_DiskDrive's PNPDeviceID
     * @param cardReader the instance is a card reader, whose own arrival says nothing about a card
     */
    record Seen(MediaDevice device, String instanceId, boolean cardReader, Instant firstInstall, Instant lastArrival,
                Instant lastRemoval) {
        boolean connected() {
            return lastArrival != null && (lastRemoval == null || lastArrival.isAfter(lastRemoval));
        }

        boolean storage() {
            return device.kind() != MediaKind.MTP && device.kind() != MediaKind.PTP;
        }
    }

    /** A device under Enum\USB. */
    private record UsbNode(String key, String vidPid, String instance, String[] ids, Map<String, Object> values) {
        String value(String name) {
            return values.get(name) instanceof String s ? s : null;
        }

        /**
         * A node for one function of a device ("VID_04E8&amp;PID_6860&amp;MI_00", or
         * "…&amp;MS_COMP_MTP&amp;SAMSUNG_ANDROID" under a vendor's composite driver), not the device itself.
         */
        boolean function() {
            return vidPid.length() > "VID_xxxx&PID_xxxx".length();
        }

        /** The instance id when it is the device's serial; null for a function's node or a made-up id. */
        String serial() {
            return function() ? null : WindowsUsbTree.serial(instance);
        }
    }

    private final Registry registry;

    WindowsUsbTree(Registry registry) {
        this.registry = registry;
    }

    List<Seen> read() {
        List<UsbNode> usb = usbNodes();
        List<Seen> out = new ArrayList<>();
        out.addAll(usbstor(usb));
        out.addAll(uasp(usb));
        out.addAll(wpd(usb));
        return out;
    }

    private List<Seen> usbstor(List<UsbNode> usb) {
        List<Seen> out = new ArrayList<>();
        String root = ENUM + "\\USBSTOR";
        for (String model : registry.subKeys(root)) {
            String[] vpr = vendorProduct(model);
            MediaKind kind = model.toUpperCase(Locale.ROOT).startsWith("CDROM") ? MediaKind.OPTICAL
                    : MediaKind.USB_STORAGE;
            for (String instance : registry.subKeys(root + "\\" + model)) {
                String key = root + "\\" + model + "\\" + instance;
                String serial = serial(instance);
                Map<String, Object> values = registry.values(key);
                // a phone in mass-storage mode has its serial on the composite device too: the USBSTOR one first
                UsbNode parent = parent(usb, serial, values.get("ContainerID"), "USBSTOR");
                parent = parent != null ? parent : parent(usb, serial, values.get("ContainerID"), null);
                String friendly = values.get("FriendlyName") instanceof String s ? s : null;
                MediaDevice d = new MediaDevice(kind, parent == null ? null : parent.ids()[0],
                        parent == null ? null : parent.ids()[1], vpr[0], friendly != null ? friendly : vpr[1], serial,
                        null, null, Tri.UNKNOWN);
                out.add(seen(d, "USBSTOR\\" + model + "\\" + instance, isCardReader(model, friendly), key, null));
            }
        }
        return out;
    }

    private List<Seen> uasp(List<UsbNode> usb) {
        List<Seen> out = new ArrayList<>();
        String root = ENUM + "\\SCSI";
        for (String model : registry.subKeys(root)) {
            if (!model.toUpperCase(Locale.ROOT).startsWith("DISK&")) {
                continue;
            }
            String[] vpr = vendorProduct(model);
            for (String instance : registry.subKeys(root + "\\" + model)) {
                String key = root + "\\" + model + "\\" + instance;
                Map<String, Object> values = registry.values(key);
                UsbNode parent = parent(usb, null, values.get("ContainerID"), "UASPStor");
                if (parent == null) {
                    continue; // an internal NVMe/SATA/RAID disk
                }
                String friendly = values.get("FriendlyName") instanceof String s ? s : null;
                MediaDevice d = new MediaDevice(MediaKind.USB_STORAGE, parent.ids()[0], parent.ids()[1], vpr[0],
                        friendly != null ? friendly : vpr[1], parent.serial(), null, null, Tri.UNKNOWN);
                out.add(seen(d, "SCSI\\" + model + "\\" + instance, isCardReader(model, friendly), key, parent.key()));
            }
        }
        return out;
    }

    private List<Seen> wpd(List<UsbNode> usb) {
        List<Seen> out = new ArrayList<>();
        for (UsbNode n : usb) {
            if (!WPD_CLASS.equalsIgnoreCase(n.value("ClassGUID")) && !"WPD".equalsIgnoreCase(n.value("Class"))) {
                continue;
            }
            UsbNode composite = n.function() ? parent(usb, null, n.values().get("ContainerID"), null) : null;
            String serial = composite != null ? composite.serial() : n.serial();
            // DeviceDesc names the model; FriendlyName is often the name the owner gave the phone ("Sam's Galaxy")
            String desc = resource(n.value("DeviceDesc"));
            String name = desc != null ? desc : n.value("FriendlyName");
            String vendor = resource(n.value("Mfg"));
            MediaDevice d = new MediaDevice(kindOfWpd(n.vidPid(), n.values()), n.ids()[0], n.ids()[1],
                    vendor == null || vendor.startsWith("(") ? null : vendor, name, serial, null, null, Tri.UNKNOWN);
            out.add(seen(d, "USB\\" + n.vidPid() + "\\" + n.instance(), false, n.key(),
                    composite == null ? null : composite.key()));
        }
        return out;
    }

    /**
     * PTP when the interface is the USB still-image class (06/01/01: cameras, iPhones); MTP when Windows matched
     * Microsoft's MTP descriptor (USB\MS_COMP_MTP: Android phones, media players) or anything else in the WPD class.
     */
    static MediaKind kindOfWpd(String vidPid, Map<String, Object> values) {
        String ids = (vidPid + " " + values.get("CompatibleIDs") + " " + values.get("HardwareID"))
                .toUpperCase(Locale.ROOT);
        if (ids.contains("MS_COMP_MTP")) {
            return MediaKind.MTP;
        }
        return ids.contains("CLASS_06&SUBCLASS_01&PROT_01") ? MediaKind.PTP : MediaKind.MTP;
    }

    private Seen seen(MediaDevice d, String instanceId, boolean reader, String key, String fallbackKey) {
        Instant first = time(key, "0065"), arrival = time(key, "0066"), removal = time(key, "0067");
        if (fallbackKey != null && arrival == null) {
            first = time(fallbackKey, "0065");
            arrival = time(fallbackKey, "0066");
            removal = time(fallbackKey, "0067");
        }
        return new Seen(d, instanceId, reader, first, arrival, removal);
    }

    private Instant time(String key, String property) {
        return Registry.filetime(registry.values(key + "\\" + DEVICE_TIMES + "\\" + property).get("")).orElse(null);
    }

    private List<UsbNode> usbNodes() {
        List<UsbNode> out = new ArrayList<>();
        String root = ENUM + "\\USB";
        for (String vidPid : registry.subKeys(root)) {
            Optional<String[]> ids = ids(vidPid);
            if (ids.isEmpty()) {
                continue;
            }
            for (String instance : registry.subKeys(root + "\\" + vidPid)) {
                String key = root + "\\" + vidPid + "\\" + instance;
                out.add(new UsbNode(key, vidPid, instance, ids.get(), registry.values(key)));
            }
        }
        return out;
    }

    /**
     * The USB device behind a child device: the one whose instance id is the child's serial, else the one sharing its
     * ContainerID (Windows groups a physical device's nodes in one container); only those with {@code service}
     * when given. Internal devices share the null container {00000000-0000-0000-ffff-ffffffffffff}, never matched.
     */
    private static UsbNode parent(List<UsbNode> usb, String serial, Object container, String service) {
        for (UsbNode n : usb) {
            if (serial != null && serial.equalsIgnoreCase(n.serial())
                    && (service == null || service.equalsIgnoreCase(n.value("Service")))) {
                return n;
            }
        }
        if (!(container instanceof String c) || c.toLowerCase(Locale.ROOT).contains("ffff-ffffffffffff")) {
            return null;
        }
        for (UsbNode n : usb) {
            if (c.equalsIgnoreCase(n.value("ContainerID")) && !n.function()
                    && (service == null || service.equalsIgnoreCase(n.value("Service")))) {
                return n;
            }
        }
        return null;
    }

    /** Whether a model or friendly name is a card reader's ("Generic- SD/MMC USB Device", "USB3.0-CRW", …). */
    static boolean isCardReader(String... names) {
        for (String n : names) {
            if (n != null && CARD_READER.matcher(n.toUpperCase(Locale.ROOT)).find()) {
                return true;
            }
        }
        return false;
    }

    /** "@wpdmtp.inf,%mtp.devicedesc%;MTP USB Device" to "MTP USB Device"; plain text unchanged. */
    static String resource(String s) {
        if (s == null) {
            return null;
        }
        String t = s.startsWith("@") && s.contains(";") ? s.substring(s.lastIndexOf(';') + 1) : s;
        return t.isBlank() ? null : t.strip();
    }

    /** "Disk&amp;Ven_SanDisk&amp;Prod_Cruzer_Blade&amp;Rev_1.00" to {vendor, product}, underscores as spaces. */
    static String[] vendorProduct(String model) {
        String vendor = null, product = null;
        for (String part : model.split("&")) {
            if (part.startsWith("Ven_")) {
                vendor = part.substring(4).replace('_', ' ').trim();
            } else if (part.startsWith("Prod_")) {
                product = part.substring(5).replace('_', ' ').trim();
            }
        }
        return new String[] {vendor == null || vendor.isEmpty() ? null : vendor, product};
    }

    /** The device serial from an instance id such as "4C530001230101118302&amp;0"; null when Windows generated it. */
    static String serial(String instance) {
        if (instance.length() > 1 && instance.charAt(1) == '&') {
            return null;
        }
        int amp = instance.lastIndexOf('&');
        String s = amp > 0 ? instance.substring(0, amp) : instance;
        return s.isBlank() ? null : s;
    }

    /** "VID_0781&amp;PID_5567" to {"0781", "5567"}. */
    static Optional<String[]> ids(String vidPid) {
        String u = vidPid.toUpperCase(Locale.ROOT);
        if (!u.matches("VID_[0-9A-F]{4}&PID_[0-9A-F]{4}.*")) {
            return Optional.empty();
        }
        return Optional.of(new String[] {u.substring(4, 8).toLowerCase(Locale.ROOT),
                u.substring(13, 17).toLowerCase(Locale.ROOT)});
    }
}
