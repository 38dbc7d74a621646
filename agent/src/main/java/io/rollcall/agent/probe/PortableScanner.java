package io.rollcall.agent.probe;

import io.rollcall.common.report.HardwareInfo;
import io.rollcall.common.report.OsInfo;
import io.rollcall.common.report.ProbeError;
import io.rollcall.common.report.Sections;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import oshi.SystemInfo;
import oshi.hardware.ComputerSystem;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.software.os.OperatingSystem;

/**
 * The scanner for an operating system whose probes are not built yet (Windows, macOS): OS and hardware identity from
 * OSHI, and a {@link ProbeError} for every other section so the collector shows "not collected" instead of nothing.
 */
final class PortableScanner implements Scanner {
    private static final List<String> NOT_BUILT = List.of("software", "removableMedia", "accounts", "screenLock",
            "security");
    private final String family;

    PortableScanner(String family) {
        this.family = family;
    }

    @Override
    public ScanResult scan() {
        List<ProbeError> errors = new ArrayList<>();
        SystemInfo si = new SystemInfo();
        OsInfo os = ProbeScanner.attempt("os", () -> {
            OperatingSystem o = si.getOperatingSystem();
            return new OsInfo(family, o.getFamily(), o.getVersionInfo().getVersion(),
                    o.getVersionInfo().getBuildNumber(), System.getProperty("os.arch"),
                    o.getNetworkParams().getHostName());
        }, errors);
        HardwareInfo hw = ProbeScanner.attempt("hardware", () -> {
            HardwareAbstractionLayer hal = si.getHardware();
            ComputerSystem cs = hal.getComputerSystem();
            return new HardwareInfo(cs.getHardwareUUID().toLowerCase(Locale.ROOT), "smbios", cs.getSerialNumber(),
                    cs.getManufacturer(), cs.getModel(), hal.getMemory().getTotal(),
                    hal.getProcessor().getProcessorIdentifier().getName());
        }, errors);
        NOT_BUILT.forEach(p -> errors.add(new ProbeError(p, "not built for " + family + " yet")));
        return new ScanResult(Sections.EMPTY.withOs(os).withHardware(hw), errors);
    }
}
