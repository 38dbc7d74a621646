package io.rollcall.agent.probe.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rollcall.agent.os.mac.PlistFixtures;
import io.rollcall.agent.probe.media.IoregUsbDisks.UsbIdentity;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IoregUsbDisksTest {
    @Test
    void aStickBehindAHubGetsItsOwnIdsAndOnlyWholeDisksAreKeyed() {
        Map<String, UsbIdentity> disks = IoregUsbDisks.byBsdName(PlistFixtures.xml("ioreg-usb-host-devices.plist"));
        assertEquals(Map.of("disk4", new UsbIdentity("0781", "5581", "SanDisk", "SanDisk 3.2Gen1",
                "4C530001230817114103")), disks);
    }

    @Test
    void noUsbDevicesIsAnEmptyMapAndGarbageIsRejected() {
        String empty = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><plist version=\"1.0\"><array/></plist>";
        assertEquals(Map.of(), IoregUsbDisks.byBsdName(empty.getBytes(StandardCharsets.UTF_8)));
        assertThrows(IllegalArgumentException.class,
                () -> IoregUsbDisks.byBsdName("ioreg: option -a needs".getBytes(StandardCharsets.UTF_8)));
    }
}
