package io.rollcall.agent.probe.security;

import io.rollcall.agent.os.FileSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whether the root and home file systems sit on dm-crypt, from /proc/mounts and sysfs alone (no root needed, no
 * process started). A mapped device is encrypted when its {@code /sys/class/block/dm-N/dm/uuid} starts with
 * {@code CRYPT-} (cryptsetup names LUKS1, LUKS2 and plain mappings so); LVM or RAID on top of LUKS is found by
 * walking {@code slaves/}. eCryptfs home directories count as encrypted. Self-encrypting drives (OPAL), fscrypt and
 * ZFS native encryption are not detected: those give {@code unknown}, never {@code no}.
 */
final class LinuxDiskEncryption {
    private static final Set<String> NOT_A_DISK = Set.of("overlay", "tmpfs", "aufs", "squashfs", "rootfs", "9p",
            "virtiofs", "nfs", "nfs4", "cifs", "fuse.sshfs");
    private static final Set<String> UNCHECKED_FS = Set.of("zfs", "bcachefs");
    private static final int MAX_DEPTH = 8;

    private final FileSource files;

    LinuxDiskEncryption(FileSource files) {
        this.files = files;
    }

    /** Encrypted when / and (if it is a separate mount) /home both are; no when either is not. */
    Check read() {
        Map<String, Mount> mounts;
        try {
            mounts = parseMounts(files.readLines("/proc/mounts"));
        } catch (IOException e) {
            return Check.unknown("cannot read /proc/mounts: " + e.getMessage());
        }
        Mount root = mounts.get("/");
        if (root == null) {
            return Check.unknown("/proc/mounts lists no root file system");
        }
        List<Check> checks = new ArrayList<>();
        checks.add(check("/", root));
        Mount home = mounts.get("/home");
        if (home != null) {
            checks.add(check("/home", home));
        }
        String reasons = String.join("; ", checks.stream().map(Check::reason).toList());
        if (checks.stream().anyMatch(c -> c.value().isNo())) {
            return Check.no(reasons);
        }
        if (checks.stream().allMatch(c -> c.value().isYes())) {
            return Check.yes(reasons);
        }
        return Check.unknown(reasons);
    }

    private Check check(String mountPoint, Mount m) {
        String what = mountPoint + " (" + m.device() + ", " + m.fsType() + ")";
        if (m.fsType().equals("ecryptfs")) {
            return Check.yes(what + " is eCryptfs");
        }
        if (NOT_A_DISK.contains(m.fsType())) {
            return Check.unknown(what + " is not a local disk (a container, live system or network mount)");
        }
        if (UNCHECKED_FS.contains(m.fsType())) {
            return Check.unknown(what + ": " + m.fsType() + " native encryption is not checked");
        }
        Optional<String> block = blockName(m.device());
        if (block.isEmpty()) {
            return Check.unknown(what + ": cannot find its block device in /sys/class/block");
        }
        Optional<String> crypt = cryptLayer(block.get(), 0);
        return crypt.map(c -> Check.yes(what + " is on " + c))
                .orElseGet(() -> Check.no(what + " is not on a dm-crypt/LUKS device"));
    }

    /** "/dev/mapper/root", "/dev/disk/by-uuid/…" or "/dev/sda2" to the kernel's block name ("dm-0", "sda2"). */
    private Optional<String> blockName(String device) {
        if (!device.startsWith("/dev/")) {
            return Optional.empty();
        }
        String real = files.realPath(device).orElse(device);
        String name = real.substring(real.lastIndexOf('/') + 1);
        if (files.exists("/sys/class/block/" + name)) {
            return Optional.of(name);
        }
        if (device.startsWith("/dev/mapper/")) {
            // /dev/mapper names are symlinks on udev systems; without udev, find the dm device by its name
            String mapped = device.substring("/dev/mapper/".length());
            for (String dev : files.list("/sys/class/block")) {
                if (dev.startsWith("dm-") && files.firstLine("/sys/class/block/" + dev + "/dm/name")
                        .map(mapped::equals).orElse(false)) {
                    return Optional.of(dev);
                }
            }
        }
        return Optional.empty();
    }

    /** "dm-crypt LUKS2 (dm-0)" when the device or one below it is a crypt mapping. */
    private Optional<String> cryptLayer(String block, int depth) {
        if (depth > MAX_DEPTH) {
            return Optional.empty();
        }
        String base = "/sys/class/block/" + block;
        Optional<String> uuid = files.firstLine(base + "/dm/uuid");
        if (uuid.isPresent() && uuid.get().startsWith("CRYPT-")) {
            String type = uuid.get().substring("CRYPT-".length());
            type = type.contains("-") ? type.substring(0, type.indexOf('-')) : type;
            return Optional.of("dm-crypt " + type + " (" + block + ")");
        }
        for (String slave : files.list(base + "/slaves")) {
            Optional<String> below = cryptLayer(slave, depth + 1);
            if (below.isPresent()) {
                return below;
            }
        }
        return Optional.empty();
    }

    record Mount(String device, String fsType) {
    }

    /** /proc/mounts to mount point → mount; a later line for the same point wins, as it hides the earlier one. */
    static Map<String, Mount> parseMounts(List<String> lines) {
        Map<String, Mount> out = new LinkedHashMap<>();
        for (String line : lines) {
            String[] f = line.split(" ");
            if (f.length >= 3) {
                out.put(unescape(f[1]), new Mount(unescape(f[0]), f[2]));
            }
        }
        return out;
    }

    /** The kernel writes space, tab, newline and backslash in mount fields as octal escapes (\040). */
    static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                sb.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
