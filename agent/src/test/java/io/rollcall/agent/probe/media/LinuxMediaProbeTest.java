package io.rollcall.agent.probe.media;

import static io.rollcall.agent.probe.Fixtures.link;
import static io.rollcall.agent.probe.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rollcall.agent.os.FileSource;
import io.rollcall.common.report.MediaDevice;
import io.rollcall.common.report.MediaKind;
import io.rollcall.common.report.Tri;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fake sysfs with the kernel's real link layout: /sys/block and /sys/bus/usb/devices point into /sys/devices. */
class LinuxMediaProbeTest {
    private static final String USB2 = "/sys/devices/pci0000:00/0000:00:14.0/usb2/2-1";
    private static final String USB1 = "/sys/devices/pci0000:00/0000:00:14.0/usb1";
    private static final String MMC = "/sys/devices/platform/mmc0/mmc_host/mmc0/mmc0:0001";

    @TempDir
    Path root;

    private void attrs(String dir, String... nameValue) {
        for (int i = 0; i < nameValue.length; i += 2) {
            write(root, dir + "/" + nameValue[i], nameValue[i + 1] + "\n");
        }
    }

    @BeforeEach
    void sysfs() {
        // Internal NVMe disk and a loop device: never removable media.
        String nvme = "/sys/devices/pci0000:00/0000:00:1d.0/nvme/nvme0/nvme0n1";
        attrs(nvme, "removable", "0", "size", "1000215216", "dev", "259:0");
        link(root, "/sys/block/nvme0n1", nvme);
        attrs("/sys/devices/virtual/block/loop0", "removable", "0", "size", "100");
        link(root, "/sys/block/loop0", "/sys/devices/virtual/block/loop0");
        write(root, "/proc/mounts", "/dev/nvme0n1p2 / ext4 rw 0 0\n");
    }

    private List<MediaDevice> connected() {
        return new LinuxMediaProbe(FileSource.rootedAt(root)).connected();
    }

    @Test
    void internalDisksAndLoopDevicesAreNotMedia() {
        assertEquals(List.of(), connected());
    }

    @Test
    void usbStickIsFoundThroughItsUsbAncestorWithUdevFilesystem() {
        attrs(USB2, "idVendor", "0781", "idProduct", "5583", "manufacturer", "SanDisk", "product", "Ultra Fit",
                "serial", "4C530001230707117073");
        String disk = USB2 + "/2-1:1.0/host0/target0:0:0/0:0:0:0/block/sdb";
        attrs(disk, "removable", "1", "size", "60063744", "dev", "8:16");
        attrs(disk + "/sdb1", "dev", "8:17");
        link(root, "/sys/block/sdb", disk);
        write(root, "/run/udev/data/b8:17", "S:disk/by-uuid/x\nE:ID_FS_TYPE=crypto_LUKS\nE:ID_FS_USAGE=crypto\n");

        assertEquals(List.of(new MediaDevice(MediaKind.USB_STORAGE, "0781", "5583", "SanDisk", "Ultra Fit",
                "4C530001230707117073", 60063744L * 512, "crypto_LUKS", Tri.YES)), connected());
    }

    @Test
    void sdCardUsesCardIdsAndMountedFilesystem() {
        attrs(MMC, "type", "SD", "manfid", "0x000003", "oemid", "0x5344", "name", "SD32G", "serial", "0x1234abcd");
        String disk = MMC + "/block/mmcblk0";
        attrs(disk, "removable", "0", "size", "62333952", "dev", "179:0");
        attrs(disk + "/mmcblk0p1", "dev", "179:1");
        link(root, disk + "/device", MMC);
        link(root, "/sys/block/mmcblk0", disk);
        write(root, "/proc/mounts", "/dev/mmcblk0p1 /media/pupil/SD vfat rw,nosuid 0 0\n");

        assertEquals(List.of(new MediaDevice(MediaKind.SD_CARD, "0003", "5344", null, "SD32G", "0x1234abcd",
                62333952L * 512, "vfat", Tri.NO)), connected());
    }

    @Test
    void emptyCardReaderIsNotReported() {
        attrs(USB2, "idVendor", "05e3", "idProduct", "0751");
        String disk = USB2 + "/2-1:1.0/host1/target1:0:0/1:0:0:0/block/sdc";
        attrs(disk, "removable", "1", "size", "0");
        link(root, "/sys/block/sdc", disk);
        assertEquals(List.of(), connected());
    }

    @Test
    void phoneOverMtpAndCameraOverPtpAreFoundByTheirUsbInterfaces() {
        attrs(USB1 + "/1-3", "idVendor", "18d1", "idProduct", "4ee1", "manufacturer", "Google", "product", "Pixel 7",
                "serial", "2A1B3C");
        attrs(USB1 + "/1-3/1-3:1.0", "bInterfaceClass", "ff", "interface", "MTP");
        attrs(USB1 + "/1-3/1-3:1.1", "bInterfaceClass", "06");
        attrs(USB1 + "/1-4", "idVendor", "04a9", "idProduct", "32d9", "product", "Canon Digital Camera");
        attrs(USB1 + "/1-4/1-4:1.0", "bInterfaceClass", "06", "interface", "");
        attrs(USB1 + "/1-5/1-5:1.0", "bInterfaceClass", "03"); // a keyboard
        for (String name : List.of("1-3", "1-3/1-3:1.0", "1-3/1-3:1.1", "1-4", "1-4/1-4:1.0", "1-5/1-5:1.0")) {
            link(root, "/sys/bus/usb/devices/" + name.substring(name.lastIndexOf('/') + 1), USB1 + "/" + name);
        }

        assertEquals(List.of(
                new MediaDevice(MediaKind.MTP, "18d1", "4ee1", "Google", "Pixel 7", "2A1B3C", null, null, Tri.UNKNOWN),
                new MediaDevice(MediaKind.PTP, "04a9", "32d9", null, "Canon Digital Camera", null, null, null,
                        Tri.UNKNOWN)), connected());
    }

    @Test
    void idsAreNormalisedToFourLowerCaseHexDigits() {
        assertEquals("0003", LinuxMediaProbe.hexId("0x000003"));
        assertEquals("abcd", LinuxMediaProbe.hexId("ABCD"));
        assertEquals(null, LinuxMediaProbe.hexId("zz"));
    }
}
