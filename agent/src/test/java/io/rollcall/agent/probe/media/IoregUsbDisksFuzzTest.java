package io.rollcall.agent.probe.media;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Map;

/**
 * Coverage-guided fuzzing of {@code ioreg -a -r -c IOUSBHostDevice -l} output: the vendor, product and serial strings
 * in it come from the USB device itself, which anyone can program. The contract of {@link IoregUsbDisks#byBsdName}:
 * a map from whole-disk names to identities whose ids are four lower-case hex digits (or null), or
 * {@link IllegalArgumentException} for output that is not a plist. Inputs:
 * {@code src/test/resources/io/rollcall/agent/probe/media/IoregUsbDisksFuzzTestInputs/byBsdName/}.
 */
class IoregUsbDisksFuzzTest {

    @FuzzTest
    void byBsdName(byte[] ioreg) {
        Map<String, IoregUsbDisks.UsbIdentity> disks;
        try {
            disks = IoregUsbDisks.byBsdName(ioreg);
        } catch (IllegalArgumentException e) {
            assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "a refusal without a reason");
            return;
        }
        assertNotNull(disks);
        disks.forEach((bsd, id) -> {
            assertTrue(bsd.matches("disk\\d+"), bsd);
            assertTrue(id.vendorId() == null || id.vendorId().matches("[0-9a-f]{4}"), id.vendorId());
            assertTrue(id.productId() == null || id.productId().matches("[0-9a-f]{4}"), id.productId());
        });
    }
}
