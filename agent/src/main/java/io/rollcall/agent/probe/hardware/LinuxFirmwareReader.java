package io.rollcall.agent.probe.hardware;

import io.rollcall.agent.os.CommandResult;
import io.rollcall.agent.os.CommandRunner;
import io.rollcall.agent.os.FileSource;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@link FirmwareFacts} on Linux from the kernel's own files, in the order OSHI reads them (the facts are the ones
 * OSHI gave): SMBIOS from {@code /sys/class/dmi/id}, memory from {@code /proc/meminfo}, the CPU's name from
 * {@code /proc/cpuinfo}; {@code dmidecode -t system} only when sysfs lacks the UUID or serial and there are SMBIOS
 * tables for it to read. OSHI's start-up (JNA's native library, {@code ldconfig -p}, {@code id}, {@code uname}, three
 * {@code dmidecode} runs) cost a cold scan more than all the other probes together (BENCHMARKS.md, issue 13).
 */
public final class LinuxFirmwareReader implements Supplier<FirmwareFacts> {
    static final String DMI = "/sys/class/dmi/id/";
    /** Where dmidecode finds SMBIOS: the kernel's copy of the tables, else physical memory. */
    static final List<String> SMBIOS_TABLES = List.of("/sys/firmware/dmi/tables/DMI", "/dev/mem");
    static final List<String> DMIDECODE = List.of("/usr/sbin/dmidecode", "/sbin/dmidecode");
    private static final Duration DMIDECODE_TIMEOUT = Duration.ofSeconds(10);

    private final FileSource files;
    private final CommandRunner commands;

    public LinuxFirmwareReader(FileSource files, CommandRunner commands) {
        this.files = files;
        this.commands = commands;
    }

    @Override
    public FirmwareFacts get() {
        String uuid = dmi("product_uuid");
        String serial = dmi("product_serial");
        if (serial == null) {
            serial = files.firstLine(DMI + "board_serial").filter(s -> !s.isEmpty()).orElse(null);
        }
        if (uuid == null || serial == null) {
            Optional<List<String>> system = dmidecodeSystem();
            if (system.isPresent()) {
                uuid = uuid != null ? uuid : dmidecodeValue(system.get(), "UUID:");
                serial = serial != null ? serial : dmidecodeValue(system.get(), "Serial Number:");
            }
        }
        String vendor = files.firstLine(DMI + "sys_vendor").filter(s -> !s.isEmpty()).orElse(null);
        return new FirmwareFacts(uuid, serial, vendor, model(files.firstLine(DMI + "product_name").orElse(""),
                files.firstLine(DMI + "product_version").orElse("")), memTotal(), cpuName());
    }

    /** A sysfs SMBIOS field, {@code null} when missing, empty or "None" (what firmware writes for "not set"). */
    private String dmi(String field) {
        return files.firstLine(DMI + field).filter(s -> !s.isEmpty() && !"None".equals(s)).orElse(null);
    }

    /** OSHI's model: the product name with its version when the firmware gives a real one. */
    static String model(String name, String version) {
        if (name.isEmpty()) {
            return version.isEmpty() ? null : version;
        }
        return version.isEmpty() || "None".equals(version) ? name : name + " (version: " + version + ")";
    }

    private Long memTotal() {
        try {
            return parseMemTotal(files.readLines("/proc/meminfo"));
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** {@code MemTotal:  24683792 kB} in bytes; {@code null} when absent. */
    static Long parseMemTotal(List<String> meminfo) {
        for (String line : meminfo) {
            if (line.startsWith("MemTotal:")) {
                String[] f = line.substring("MemTotal:".length()).trim().split("\\s+");
                try {
                    return Long.parseLong(f[0]) * ("kB".equals(f.length > 1 ? f[1] : "") ? 1024 : 1);
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private String cpuName() {
        try {
            return parseCpuName(files.readLines("/proc/cpuinfo"));
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** The first {@code model name} (x86) or {@code Processor} (older ARM kernels) in /proc/cpuinfo. */
    static String parseCpuName(List<String> cpuinfo) {
        for (String line : cpuinfo) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                String key = line.substring(0, colon).trim();
                if (key.equals("model name") || key.equals("Processor")) {
                    return line.substring(colon + 1).trim();
                }
            }
        }
        return null;
    }

    private Optional<List<String>> dmidecodeSystem() {
        if (SMBIOS_TABLES.stream().noneMatch(files::exists)) {
            return Optional.empty(); // no firmware tables (many VMs, ARM boards): dmidecode could only fail
        }
        Optional<String> tool = DMIDECODE.stream().filter(files::exists).findFirst();
        if (tool.isEmpty()) {
            return Optional.empty();
        }
        CommandResult r = commands.run(List.of(tool.get(), "-t", "system"), DMIDECODE_TIMEOUT);
        return r.ok() ? Optional.of(r.stdout()) : Optional.empty();
    }

    /** The value after {@code marker} on the first line that holds it ({@code "\tUUID: 4C4C…"}), trimmed. */
    static String dmidecodeValue(List<String> lines, String marker) {
        for (String line : lines) {
            int at = line.indexOf(marker);
            if (at >= 0) {
                String value = line.substring(at + marker.length()).trim();
                return value.isEmpty() ? null : value;
            }
        }
        return null;
    }
}
