package io.rollcall.agent.probe.media;

import io.rollcall.agent.os.CommandResult;
import io.rollcall.agent.os.CommandRunner;
import io.rollcall.agent.os.FileSource;
import io.rollcall.common.report.MediaDevice;
import io.rollcall.common.report.MediaEvent;
import io.rollcall.common.report.MediaKind;
import io.rollcall.common.report.Tri;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Removable media on Linux, from sysfs alone: a poll reads a few dozen small attribute files and starts no process,
 * so it is cheap every 5 s.
 *
 * <ul>
 *   <li>Block devices in /sys/block that are removable or sit below a USB device (found by following the
 *       {@code /sys/block/X} link into /sys/devices and walking up to the directory holding {@code idVendor}).
 *       mmcblk devices whose {@code device/type} is "SD" are SD cards; sr devices are optical. Empty readers and
 *       drives (size 0) are left out.</li>
 *   <li>File system per partition from udev's database (/run/udev/data/b<i>major</i>:<i>minor</i>,
 *       {@code ID_FS_TYPE}), which knows unmounted volumes, else from /proc/mounts.</li>
 *   <li>Phones and cameras: USB interfaces in /sys/bus/usb/devices of class 06 (still image, PTP) or named "MTP".</li>
 * </ul>
 * {@link #history()} reads the kernel's own record of USB storage from the systemd journal
 * ({@code journalctl _TRANSPORT=kernel}, every boot it kept, at most {@link #HISTORY_WINDOW} back), so sticks used
 * before the agent was installed are known; see {@link KernelJournalMedia}.
 */
public final class LinuxMediaProbe implements MediaProbe {
    private static final Set<String> VIRTUAL_PREFIXES = Set.of("loop", "ram", "zram", "dm-", "md", "nbd", "fd");
    private static final Set<String> ENCRYPTED_FS = Set.of("crypto_luks", "bitlocker", "crypto_tcrypt", "veracrypt");

    /** How far back history is read: beyond any sensible media-policy window, short enough to read in seconds. */
    public static final Duration HISTORY_WINDOW = Duration.ofDays(90);
    private static final Duration JOURNAL_TIMEOUT = Duration.ofSeconds(60);
    /** Where distributions put journalctl; the first that exists is run (the first is named when none does). */
    static final List<String> JOURNALCTL = List.of("/usr/bin/journalctl", "/bin/journalctl");
    /** 90 days of kernel messages as JSON can pass the runner's default cap; the kernel, not a user, writes them. */
    private static final long JOURNAL_MAX_OUTPUT = 128L << 20;

    private final FileSource files;
    private final CommandRunner commands;
    private final Clock clock;

    /** Connected media only; {@link #history()} then reports that it has no journal reader. */
    public LinuxMediaProbe(FileSource files) {
        this(files, null, Clock.systemUTC());
    }

    public LinuxMediaProbe(FileSource files, CommandRunner commands, Clock clock) {
        this.files = files;
        this.commands = commands;
        this.clock = clock;
    }

    /**
     * USB storage connections and removals the kernel journal recorded in the last {@link #HISTORY_WINDOW}.
     * Throws with the reason (reported as a probe error, the connected list still goes) when the journal cannot be
     * read: no journalctl, no permission, or a journal that keeps nothing.
     */
    @Override
    public List<MediaEvent> history() {
        if (commands == null) {
            throw new IllegalStateException("kernel journal not read: no command runner");
        }
        long since = clock.instant().minus(HISTORY_WINDOW).getEpochSecond();
        String journalctl = JOURNALCTL.stream().filter(files::exists).findFirst().orElse(JOURNALCTL.get(0));
        CommandResult r = commands.run(List.of(journalctl, "_TRANSPORT=kernel", "--since", "@" + since,
                "-o", "json", "--output-fields=MESSAGE,_BOOT_ID", "--no-pager", "-q"), Map.of(), JOURNAL_TIMEOUT,
                JOURNAL_MAX_OUTPUT);
        if (r.failure() != null) {
            throw new IllegalStateException("kernel journal not read: journalctl: " + r.failure());
        }
        if (r.exitCode() != 0) {
            throw new IllegalStateException("kernel journal not read: journalctl exited with " + r.exitCode()
                    + " (not permitted? the agent must run as root or in the systemd-journal group)");
        }
        KernelJournalMedia.Parsed parsed = KernelJournalMedia.parse(r.stdout());
        if (parsed.entries() == 0) {
            // a readable journal always holds the kernel's boot messages, so none means we may not see them
            throw new IllegalStateException("kernel journal not read: no kernel messages visible (journal not "
                    + "kept, or this user may not read it: run as root or in the systemd-journal group)");
        }
        return parsed.events();
    }

    @Override
    public List<MediaDevice> connected() {
        List<MediaDevice> out = new ArrayList<>();
        try {
            Map<String, String> mounts = null;
            for (String dev : files.list("/sys/block")) {
                if (VIRTUAL_PREFIXES.stream().anyMatch(dev::startsWith)) {
                    continue;
                }
                if (mounts == null) {
                    mounts = readMounts();
                }
                blockDevice(dev, mounts).ifPresent(out::add);
            }
            out.addAll(cameraAndPhoneDevices());
        } catch (RuntimeException e) {
            // MediaProbe never throws: a half-read sysfs (device pulled mid-poll) gives what was found so far.
        }
        return out;
    }

    private Optional<MediaDevice> blockDevice(String dev, Map<String, String> mounts) {
        String base = "/sys/block/" + dev;
        boolean removable = files.firstLine(base + "/removable").map("1"::equals).orElse(false);
        String usb = usbAncestor(files.realPath(base).orElse(base));
        long sectors = files.firstLine(base + "/size").map(LinuxMediaProbe::parseLong).orElse(0L);
        if (sectors <= 0) {
            return Optional.empty();
        }
        MediaKind kind;
        if (dev.startsWith("mmcblk")) {
            String type = files.firstLine(base + "/device/type").orElse("");
            if (!type.equals("SD") && !removable) {
                return Optional.empty(); // soldered eMMC is the laptop's own disk
            }
            kind = usb != null ? MediaKind.USB_STORAGE : MediaKind.SD_CARD;
        } else if (dev.startsWith("sr")) {
            kind = MediaKind.OPTICAL;
        } else if (usb != null || removable) {
            kind = MediaKind.USB_STORAGE;
        } else {
            return Optional.empty();
        }
        String vendorId = null, productId = null, vendor = null, product = null, serial = null;
        if (usb != null) {
            vendorId = hexId(attr(usb, "idVendor"));
            productId = hexId(attr(usb, "idProduct"));
            vendor = attr(usb, "manufacturer");
            product = attr(usb, "product");
            serial = attr(usb, "serial");
        } else if (kind == MediaKind.SD_CARD) {
            // SD cards carry a manufacturer id (manfid) and OEM id instead of USB ids; kept in the same fields.
            vendorId = hexId(attr(base + "/device", "manfid"));
            productId = hexId(attr(base + "/device", "oemid"));
            product = attr(base + "/device", "name");
            serial = attr(base + "/device", "serial");
        } else {
            vendor = attr(base + "/device", "vendor");
            product = attr(base + "/device", "model");
        }
        List<String> fsTypes = new ArrayList<>();
        List<String> volumes = new ArrayList<>();
        for (String child : files.list(base)) {
            if (child.startsWith(dev)) {
                volumes.add(child); // partitions: sdb1, mmcblk0p1
            }
        }
        volumes.add(dev);
        for (String volume : volumes) {
            String sysDir = volume.equals(dev) ? base : base + "/" + volume;
            String fs = files.firstLine(sysDir + "/dev")
                    .flatMap(majMin -> udevFsType("/run/udev/data/b" + majMin))
                    .orElse(mounts.get("/dev/" + volume));
            if (fs != null && !fs.isBlank()) {
                fsTypes.add(fs);
            }
        }
        String filesystem = fsTypes.isEmpty() ? null : fsTypes.get(0);
        Tri encrypted = fsTypes.isEmpty() ? Tri.UNKNOWN
                : Tri.of(fsTypes.stream().anyMatch(f -> ENCRYPTED_FS.contains(f.toLowerCase(Locale.ROOT))));
        return Optional.of(new MediaDevice(kind, vendorId, productId, vendor, product, serial, sectors * 512,
                filesystem, encrypted));
    }

    private List<MediaDevice> cameraAndPhoneDevices() {
        Map<String, MediaKind> devices = new LinkedHashMap<>();
        for (String name : files.list("/sys/bus/usb/devices")) {
            if (!name.contains(":")) {
                continue; // a device, not an interface
            }
            String iface = "/sys/bus/usb/devices/" + name;
            String cls = files.firstLine(iface + "/bInterfaceClass").orElse("");
            String label = files.firstLine(iface + "/interface").orElse("");
            MediaKind kind = classify(cls, label);
            if (kind == null) {
                continue;
            }
            String real = files.realPath(iface).orElse(null);
            if (real == null || real.lastIndexOf('/') <= 0) {
                continue;
            }
            String device = real.substring(0, real.lastIndexOf('/'));
            // A phone can show both an MTP and a PTP interface; MTP says more.
            devices.merge(device, kind, (a, b) -> a == MediaKind.MTP ? a : b);
        }
        List<MediaDevice> out = new ArrayList<>();
        devices.forEach((dir, kind) -> out.add(new MediaDevice(kind, hexId(attr(dir, "idVendor")),
                hexId(attr(dir, "idProduct")), attr(dir, "manufacturer"), attr(dir, "product"), attr(dir, "serial"),
                null, null, Tri.UNKNOWN)));
        return out;
    }

    /** MTP when the interface names itself so (Android uses vendor class ff for it), PTP for still-image class 06. */
    static MediaKind classify(String interfaceClass, String interfaceName) {
        if (interfaceName.toUpperCase(Locale.ROOT).contains("MTP")) {
            return MediaKind.MTP;
        }
        return interfaceClass.equalsIgnoreCase("06") ? MediaKind.PTP : null;
    }

    private String usbAncestor(String sysPath) {
        String dir = sysPath;
        while (dir.startsWith("/sys/devices/") && dir.lastIndexOf('/') > 0) {
            if (files.exists(dir + "/idVendor")) {
                return dir;
            }
            dir = dir.substring(0, dir.lastIndexOf('/'));
        }
        return null;
    }

    private Optional<String> udevFsType(String path) {
        try {
            return Optional.ofNullable(parseUdevData(files.readLines(path)).get("ID_FS_TYPE"));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private Map<String, String> readMounts() {
        try {
            return parseMounts(files.readLines("/proc/mounts"));
        } catch (IOException e) {
            return Map.of();
        }
    }

    /** /proc/mounts lines to device → file system type (first mount wins). */
    public static Map<String, String> parseMounts(List<String> lines) {
        Map<String, String> out = new HashMap<>();
        for (String line : lines) {
            String[] f = line.split(" ");
            if (f.length >= 3 && f[0].startsWith("/dev/")) {
                out.putIfAbsent(f[0], f[2]);
            }
        }
        return out;
    }

    /** The {@code E:KEY=value} properties of a udev database entry. */
    public static Map<String, String> parseUdevData(List<String> lines) {
        Map<String, String> out = new HashMap<>();
        for (String line : lines) {
            int eq = line.indexOf('=');
            if (line.startsWith("E:") && eq > 2) {
                out.put(line.substring(2, eq), line.substring(eq + 1));
            }
        }
        return out;
    }

    /** USB and SD ids as four lower-case hex digits: "0x000003" and "0781" both normalise. */
    static String hexId(String raw) {
        if (raw == null) {
            return null;
        }
        String h = raw.trim().toLowerCase(Locale.ROOT);
        h = h.startsWith("0x") ? h.substring(2) : h;
        if (h.isEmpty() || !h.matches("[0-9a-f]+")) {
            return null;
        }
        h = h.replaceFirst("^0+(?=.{4})", "");
        return h.length() >= 4 ? h : "0".repeat(4 - h.length()) + h;
    }

    private String attr(String dir, String name) {
        return files.firstLine(dir + "/" + name).filter(s -> !s.isBlank()).orElse(null);
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return 0L;
        }
    }
}
