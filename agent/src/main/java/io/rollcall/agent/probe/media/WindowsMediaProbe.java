package io.rollcall.agent.probe.media;

import io.rollcall.agent.os.windows.DiskDrives;
import io.rollcall.agent.os.windows.Registry;
import io.rollcall.common.report.MediaAction;
import io.rollcall.common.report.MediaDevice;
import io.rollcall.common.report.MediaEvent;
import io.rollcall.common.report.MediaKind;
import io.rollcall.common.report.Tri;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * USB storage on Windows from the {@code USBSTOR} device tree (HKLM\SYSTEM\CurrentControlSet\Enum\USBSTOR\
 * Disk&amp;Ven_…&amp;Prod_…&amp;Rev_…\&lt;instance&gt;), which Windows keeps for every stick ever plugged in. The
 * device's property store under {@code Properties\{83da6326-97a6-4088-9453-a1923f573b29}} holds FILETIMEs: 0064 first
 * install, 0066 last arrival, 0067 last removal (readable by SYSTEM, which the agent runs as). A device whose last
 * arrival is later than its last removal is connected now. USB vendor and product ids come from the matching
 * {@code Enum\USB\VID_xxxx&amp;PID_xxxx\<serial>} entry. An instance id whose second character is '&amp;' was made
 * up by Windows because the device has no serial number.
 *
 * <p>What is connected now comes from the drives Windows lists ({@link DiskDrives}, OSHI's disk stores) joined to
 * USBSTOR by serial ({@link WindowsConnectedDisks}). Listing drives costs several WMI queries, and the media poller
 * asks every few seconds, so the list is kept until USBSTOR's arrival/removal times change (Windows writes them on
 * every plug and unplug) — and only while the two agree, so a drive WMI has not yet listed is asked for again. When
 * the drives cannot be listed, connected is inferred from those times alone.
 */
public final class WindowsMediaProbe implements MediaProbe {
    static final String USBSTOR = "HKLM\\SYSTEM\\CurrentControlSet\\Enum\\USBSTOR";
    static final String USB = "HKLM\\SYSTEM\\CurrentControlSet\\Enum\\USB";
    static final String DEVICE_TIMES = "Properties\\{83da6326-97a6-4088-9453-a1923f573b29}";

    private final Registry registry;
    private final DiskDrives drives;
    private Set<String> cachedTimes;
    private List<MediaDevice> cached;

    public WindowsMediaProbe(Registry registry, DiskDrives drives) {
        this.registry = registry;
        this.drives = drives;
    }

    /** One USBSTOR instance and the times Windows recorded for it (each may be absent). */
    record Seen(MediaDevice device, Instant firstInstall, Instant lastArrival, Instant lastRemoval) {
        boolean connected() {
            return lastArrival != null && (lastRemoval == null || lastArrival.isAfter(lastRemoval));
        }
    }

    @Override
    public synchronized List<MediaDevice> connected() {
        List<Seen> seen;
        try {
            seen = devices();
        } catch (RuntimeException e) {
            seen = List.of();
        }
        List<Seen> byTimes = seen.stream().filter(Seen::connected).toList();
        Set<String> times = new HashSet<>();
        for (Seen s : byTimes) {
            times.add(s.device().identityKey() + "|" + s.lastArrival() + "|" + s.lastRemoval());
        }
        if (cached != null && times.equals(cachedTimes)) {
            return cached;
        }
        List<DiskDrives.Drive> now;
        try {
            now = drives.list();
        } catch (RuntimeException e) {
            cached = null;
            return byTimes.stream().map(Seen::device).toList();
        }
        List<MediaDevice> out = WindowsConnectedDisks.join(now, seen);
        // the USBSTOR sticks WMI lists must be the ones the times say are in; else one of them is mid-change
        Set<String> listed = serials(out);
        listed.retainAll(serials(seen.stream().map(Seen::device).toList()));
        boolean agree = listed.equals(serials(byTimes.stream().map(Seen::device).toList()));
        cached = agree ? out : null;
        cachedTimes = times;
        return out;
    }

    private static Set<String> serials(List<MediaDevice> devices) {
        Set<String> out = new HashSet<>();
        for (MediaDevice d : devices) {
            if (d.serial() != null) {
                out.add(d.serial().toUpperCase(Locale.ROOT));
            }
        }
        return out;
    }

    @Override
    public List<MediaEvent> history() {
        List<MediaEvent> out = new ArrayList<>();
        for (Seen s : devices()) {
            if (s.firstInstall() != null && !s.firstInstall().equals(s.lastArrival())) {
                out.add(new MediaEvent(s.firstInstall(), MediaAction.CONNECTED, s.device()));
            }
            if (s.lastArrival() != null) {
                out.add(new MediaEvent(s.lastArrival(), MediaAction.CONNECTED, s.device()));
            }
            if (s.lastRemoval() != null) {
                out.add(new MediaEvent(s.lastRemoval(), MediaAction.DISCONNECTED, s.device()));
            }
        }
        out.sort(Comparator.comparing(MediaEvent::at));
        return out;
    }

    List<Seen> devices() {
        Map<String, String[]> usbIds = usbIdsBySerial();
        List<Seen> out = new ArrayList<>();
        for (String model : registry.subKeys(USBSTOR)) {
            String[] vpr = vendorProduct(model);
            for (String instance : registry.subKeys(USBSTOR + "\\" + model)) {
                String key = USBSTOR + "\\" + model + "\\" + instance;
                String serial = serial(instance);
                String[] ids = serial == null ? null : usbIds.get(serial.toUpperCase(Locale.ROOT));
                String friendly = registry.string(key, "FriendlyName").orElse(null);
                MediaDevice d = new MediaDevice(MediaKind.USB_STORAGE, ids == null ? null : ids[0],
                        ids == null ? null : ids[1], vpr[0], friendly != null ? friendly : vpr[1], serial, null,
                        null, Tri.UNKNOWN);
                out.add(new Seen(d, time(key, "0064"), time(key, "0066"), time(key, "0067")));
            }
        }
        return out;
    }

    private Instant time(String key, String property) {
        return Registry.filetime(registry.values(key + "\\" + DEVICE_TIMES + "\\" + property).get("")).orElse(null);
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

    private Map<String, String[]> usbIdsBySerial() {
        Map<String, String[]> out = new HashMap<>();
        for (String vidPid : registry.subKeys(USB)) {
            Optional<String[]> ids = ids(vidPid);
            if (ids.isEmpty()) {
                continue;
            }
            for (String instance : registry.subKeys(USB + "\\" + vidPid)) {
                out.putIfAbsent(instance.toUpperCase(Locale.ROOT), ids.get());
            }
        }
        return out;
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
