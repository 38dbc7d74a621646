package io.rollcall.agent.probe.media;

import com.dd.plist.NSDictionary;
import io.rollcall.agent.os.CommandResult;
import io.rollcall.agent.os.CommandRunner;
import io.rollcall.agent.os.mac.Plist;
import io.rollcall.common.report.MediaDevice;
import io.rollcall.common.report.MediaKind;
import io.rollcall.common.report.Tri;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Removable media on macOS from {@code diskutil list -plist external physical} (whole disks outside the Mac, disk
 * images excluded) and {@code diskutil info -plist} of each whole disk and of its first partition that carries a
 * file system: bus (USB, Secure Digital), name, size, file system and whether the volume is encrypted. diskutil
 * does not show USB vendor/product ids or serial numbers, so those come from the I/O Registry
 * ({@code ioreg -a -r -c IOUSBHostDevice -l}, see {@link IoregUsbDisks}), joined by the whole disk's BSD name.
 * A disk that is neither on USB nor an SD card (a Thunderbolt or PCIe enclosure) is an {@code external-disk}: the
 * policy's "portable hard-drives", and calling it usb-storage would be false. When ioreg cannot run, a disk is still listed from diskutil,
 * without ids. Throws only when {@code diskutil list} itself cannot run, so the scan shows why; a disk whose details
 * cannot be read is still listed with what {@code list} said.
 */
public final class MacMediaProbe implements MediaProbe {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final Set<String> PLAIN_FS = Set.of("msdos", "exfat", "ntfs", "udf", "cd9660");

    private final CommandRunner commands;

    public MacMediaProbe(CommandRunner commands) {
        this.commands = commands;
    }

    @Override
    public List<MediaDevice> connected() {
        CommandResult list = commands.run(List.of("/usr/sbin/diskutil", "list", "-plist", "external", "physical"),
                TIMEOUT);
        if (!list.ok()) {
            throw new IllegalStateException("diskutil list failed: "
                    + (list.failure() != null ? list.failure() : "exit " + list.exitCode()));
        }
        Map<String, IoregUsbDisks.UsbIdentity> usb = usbDisks();
        List<MediaDevice> out = new ArrayList<>();
        for (NSDictionary disk : Plist.dicts(plist(list), "AllDisksAndPartitions")) {
            String id = Plist.string(disk, "DeviceIdentifier");
            if (id == null || !id.matches("disk\\d+")) {
                continue; // never pass anything odd to a command line
            }
            NSDictionary whole = info(id);
            MediaKind kind = kind(whole == null ? null : Plist.string(whole, "BusProtocol"),
                    usb == null ? null : usb.containsKey(id));
            if (kind == null) {
                continue;
            }
            NSDictionary volume = null;
            for (NSDictionary part : Plist.dicts(disk, "Partitions")) {
                String pid = Plist.string(part, "DeviceIdentifier");
                if (pid != null && pid.matches("disk\\d+s\\d+") && !"EFI".equals(Plist.string(part, "Content"))) {
                    volume = info(pid);
                    if (volume != null && Plist.string(volume, "FilesystemType") != null) {
                        break;
                    }
                }
            }
            out.add(device(kind, disk, whole, volume, usb == null ? null : usb.get(id)));
        }
        return out;
    }

    /**
     * The kind of an external disk from diskutil's bus and whether ioreg found it under a USB device ({@code null}
     * when ioreg could not be read); {@code null} when it is not removable media the report can name.
     */
    static MediaKind kind(String bus, Boolean underUsb) {
        String b = bus == null ? "" : bus.toLowerCase(Locale.ROOT);
        if (b.contains("secure digital")) {
            return MediaKind.SD_CARD;
        }
        if (Boolean.TRUE.equals(underUsb) || b.equals("usb")) {
            return MediaKind.USB_STORAGE;
        }
        // bus unknown and no ioreg to ask: most external disks at school are USB, as before ioreg was read
        if (bus == null && underUsb == null) {
            return MediaKind.USB_STORAGE;
        }
        // diskutil lists only external physical disks, so anything else is a portable drive on another bus
        return MediaKind.EXTERNAL_DISK;
    }

    /** ioreg's USB devices by whole-disk BSD name; {@code null} when ioreg could not be run or read. */
    private Map<String, IoregUsbDisks.UsbIdentity> usbDisks() {
        CommandResult r = commands.run(List.of("/usr/sbin/ioreg", "-a", "-r", "-c", "IOUSBHostDevice", "-l"), TIMEOUT);
        if (r == null || !r.ok()) {
            return null;
        }
        try {
            return IoregUsbDisks.byBsdName(String.join("\n", r.stdout()).getBytes(StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** One removable disk from its {@code list} entry, its whole-disk and volume {@code info} and USB identity, each possibly null. */
    static MediaDevice device(MediaKind kind, NSDictionary listed, NSDictionary whole, NSDictionary volume,
                              IoregUsbDisks.UsbIdentity usb) {
        String name = whole == null ? null : Plist.string(whole, "MediaName");
        Long size = whole != null && Plist.integer(whole, "TotalSize") != null ? Plist.integer(whole, "TotalSize")
                : Plist.integer(listed, "Size");
        String fs = volume == null ? null : Plist.string(volume, "FilesystemType");
        if (usb == null) {
            return new MediaDevice(kind, null, null, null, name, null, size, fs, encrypted(volume, fs));
        }
        return new MediaDevice(kind, usb.vendorId(), usb.productId(), usb.vendor(),
                usb.product() != null ? usb.product() : name, usb.serial(), size, fs, encrypted(volume, fs));
    }

    private static Tri encrypted(NSDictionary volume, String fs) {
        if (volume == null) {
            return Tri.UNKNOWN;
        }
        if (Boolean.TRUE.equals(Plist.bool(volume, "Encryption")) || Boolean.TRUE.equals(Plist.bool(volume, "FileVault"))) {
            return Tri.YES;
        }
        // FAT, exFAT and friends cannot be encrypted by macOS; APFS/HFS+ say so in the keys above
        if (fs != null && (PLAIN_FS.contains(fs) || Plist.bool(volume, "Encryption") != null)) {
            return Tri.NO;
        }
        return Tri.UNKNOWN;
    }

    private NSDictionary info(String id) {
        CommandResult r = commands.run(List.of("/usr/sbin/diskutil", "info", "-plist", id), TIMEOUT);
        if (!r.ok()) {
            return null;
        }
        try {
            return plist(r);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static NSDictionary plist(CommandResult r) {
        return Plist.dict(String.join("\n", r.stdout()).getBytes(StandardCharsets.UTF_8));
    }
}
