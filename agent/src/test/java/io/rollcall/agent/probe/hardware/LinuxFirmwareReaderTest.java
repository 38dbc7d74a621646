package io.rollcall.agent.probe.hardware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.agent.os.CommandResult;
import io.rollcall.agent.os.CommandRunner;
import io.rollcall.agent.os.FileSource;
import io.rollcall.agent.probe.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The firmware facts a laptop's sysfs gives, and dmidecode only where sysfs lacks them and SMBIOS tables exist. */
class LinuxFirmwareReaderTest {
    private final List<List<String>> ran = new ArrayList<>();

    private CommandRunner dmidecode(List<String> output) {
        return (command, env, timeout) -> {
            ran.add(command);
            return new CommandResult(0, output, null);
        };
    }

    private static void laptop(Path root) {
        Fixtures.write(root, "/sys/class/dmi/id/product_uuid", "4C4C4544-0042-3510-8052-B4C04F4E4E32\n");
        Fixtures.write(root, "/sys/class/dmi/id/product_serial", "PF3ABCDE\n");
        Fixtures.write(root, "/sys/class/dmi/id/sys_vendor", "LENOVO\n");
        Fixtures.write(root, "/sys/class/dmi/id/product_name", "20XW004GUK\n");
        Fixtures.write(root, "/sys/class/dmi/id/product_version", "ThinkPad X1 Carbon Gen 9\n");
        Fixtures.write(root, "/proc/meminfo", "MemTotal:       16077428 kB\nMemFree:         1234 kB\n");
        Fixtures.write(root, "/proc/cpuinfo", "processor\t: 0\nvendor_id\t: GenuineIntel\n"
                + "model name\t: 11th Gen Intel(R) Core(TM) i5-1135G7 @ 2.40GHz\n");
    }

    @Test
    void laptopFactsComeFromSysfsAndProcWithoutRunningDmidecode(@TempDir Path root) {
        laptop(root);
        Fixtures.write(root, "/sys/firmware/dmi/tables/DMI", "tables");
        FirmwareFacts f = new LinuxFirmwareReader(FileSource.rootedAt(root), dmidecode(List.of())).get();
        assertEquals(new FirmwareFacts("4C4C4544-0042-3510-8052-B4C04F4E4E32", "PF3ABCDE", "LENOVO",
                "20XW004GUK (version: ThinkPad X1 Carbon Gen 9)", 16077428L * 1024,
                "11th Gen Intel(R) Core(TM) i5-1135G7 @ 2.40GHz"), f);
        assertTrue(ran.isEmpty(), "dmidecode ran: " + ran);
    }

    @Test
    void serialFallsBackToTheBoardAndVersionNoneIsLeftOut(@TempDir Path root) {
        laptop(root);
        Fixtures.write(root, "/sys/class/dmi/id/product_serial", "None\n");
        Fixtures.write(root, "/sys/class/dmi/id/board_serial", "  BSN12345  \n");
        Fixtures.write(root, "/sys/class/dmi/id/product_version", "None\n");
        FirmwareFacts f = new LinuxFirmwareReader(FileSource.rootedAt(root), dmidecode(List.of())).get();
        assertEquals("BSN12345", f.serial());
        assertEquals("20XW004GUK", f.model());
    }

    @Test
    void dmidecodeFillsWhatSysfsLacksWhenTheFirmwareTablesExist(@TempDir Path root) {
        laptop(root);
        Fixtures.write(root, "/sys/class/dmi/id/product_uuid", "\n");
        Fixtures.write(root, "/sys/firmware/dmi/tables/DMI", "tables");
        Fixtures.write(root, "/usr/sbin/dmidecode", "");
        FirmwareFacts f = new LinuxFirmwareReader(FileSource.rootedAt(root), dmidecode(List.of("# dmidecode 3.4",
                "System Information", "\tManufacturer: LENOVO", "\tSerial Number: PF3ABCDE",
                "\tUUID: 4c4c4544-0042-3510-8052-b4c04f4e4e32"))).get();
        assertEquals("4c4c4544-0042-3510-8052-b4c04f4e4e32", f.uuid());
        assertEquals(List.of(List.of("/usr/sbin/dmidecode", "-t", "system")), ran);
    }

    @Test
    void aMachineWithoutSmbiosRunsNothingAndStillHasMemoryAndCpu(@TempDir Path root) {
        Fixtures.write(root, "/usr/sbin/dmidecode", "");
        Fixtures.write(root, "/proc/meminfo", "MemTotal:       24683792 kB\n");
        Fixtures.write(root, "/proc/cpuinfo", "processor\t: 0\nmodel name\t: Intel(R) Xeon(R) Processor\n");
        FirmwareFacts f = new LinuxFirmwareReader(FileSource.rootedAt(root), dmidecode(List.of())).get();
        assertEquals(new FirmwareFacts(null, null, null, null, 25276203008L, "Intel(R) Xeon(R) Processor"), f);
        assertTrue(ran.isEmpty(), "dmidecode ran: " + ran);
    }

    @Test
    void olderArmKernelsNameTheCpuAsProcessor() {
        assertEquals("ARMv7 Processor rev 4 (v7l)", LinuxFirmwareReader.parseCpuName(List.of(
                "Processor\t: ARMv7 Processor rev 4 (v7l)", "processor\t: 0")));
        assertNull(LinuxFirmwareReader.parseMemTotal(List.of("MemFree: 12 kB")));
    }
}
