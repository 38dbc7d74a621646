package io.rollcall.agent.probe.hardware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.rollcall.agent.os.FileSource;
import io.rollcall.agent.probe.Fixtures;
import io.rollcall.common.report.HardwareInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinuxHardwareProbeTest {

    @Test
    void smbiosUuidIsUsedWhenFirmwareHasARealOne(@TempDir Path root) {
        HardwareInfo hw = new LinuxHardwareProbe(FileSource.rootedAt(root), () -> new FirmwareFacts(
                "4C4C4544-0042-3510-8052-B4C04F4E4E32", "PF3ABCDE", "LENOVO", "20XW004GUK", 16L << 30, "i5"), null)
                .read();
        assertEquals("4c4c4544-0042-3510-8052-b4c04f4e4e32", hw.hardwareUuid());
        assertEquals("smbios", hw.identitySource());
        assertEquals("PF3ABCDE", hw.serialNumber());
    }

    @Test
    void placeholderUuidFallsBackToMachineId(@TempDir Path root) {
        Fixtures.write(root, "/etc/machine-id", "3d1219c7c4c5404aaa1f6d2a48adfda4\n");
        HardwareInfo hw = new LinuxHardwareProbe(FileSource.rootedAt(root), () -> new FirmwareFacts(
                "03000200-0400-0500-0006-000700080009", "To be filled by O.E.M.", "Default string", "System Product Name",
                null, null), null).read();
        assertEquals("3d1219c7-c4c5-404a-aa1f-6d2a48adfda4", hw.hardwareUuid());
        assertEquals("machine-id", hw.identitySource());
        assertNull(hw.serialNumber());
        assertNull(hw.manufacturer());
        assertNull(hw.model());
    }

    @Test
    void withoutFirmwareOrMachineIdAGeneratedIdIsKeptInTheStateDir(@TempDir Path root, @TempDir Path state)
            throws Exception {
        LinuxHardwareProbe probe = new LinuxHardwareProbe(FileSource.rootedAt(root),
                () -> new FirmwareFacts("unknown", "None", null, null, null, null), state);
        HardwareInfo first = probe.read();
        HardwareInfo second = probe.read();
        assertEquals("generated", first.identitySource());
        assertEquals(first.hardwareUuid(), second.hardwareUuid());
        assertEquals(first.hardwareUuid(), Files.readString(state.resolve("hardware-id")).trim());
    }

    @Test
    void firmwarePlaceholdersBecomeNull() {
        for (String placeholder : new String[] {"None", " ", "To be filled by O.E.M.", "Default string", "0"}) {
            assertNull(LinuxHardwareProbe.cleanText(placeholder), placeholder);
        }
        assertEquals("HP", LinuxHardwareProbe.cleanText(" HP "));
    }
}
