package io.rollcall.agent.probe.hardware;

import io.rollcall.common.report.HardwareInfo;
import java.util.Locale;
import oshi.SystemInfo;
import oshi.hardware.ComputerSystem;
import oshi.hardware.HardwareAbstractionLayer;

/** SMBIOS identity, memory and CPU from OSHI, for Windows and macOS (both always expose a firmware UUID). */
public final class OshiHardwareProbe implements HardwareProbe {
    private final SystemInfo si;

    public OshiHardwareProbe(SystemInfo si) {
        this.si = si;
    }

    @Override
    public HardwareInfo read() {
        HardwareAbstractionLayer hal = si.getHardware();
        ComputerSystem cs = hal.getComputerSystem();
        return new HardwareInfo(cs.getHardwareUUID().toLowerCase(Locale.ROOT), "smbios", cs.getSerialNumber(),
                cs.getManufacturer(), cs.getModel(), hal.getMemory().getTotal(),
                hal.getProcessor().getProcessorIdentifier().getName());
    }
}
