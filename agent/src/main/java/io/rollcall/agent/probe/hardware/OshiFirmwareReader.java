package io.rollcall.agent.probe.hardware;

import java.util.function.Supplier;
import oshi.SystemInfo;
import oshi.hardware.ComputerSystem;
import oshi.hardware.HardwareAbstractionLayer;

/**
 * Reads {@link FirmwareFacts} through OSHI (SMBIOS via sysfs, dmidecode when root). Each fact is read on its own so one
 * failing call does not lose the others.
 */
public final class OshiFirmwareReader implements Supplier<FirmwareFacts> {

    @Override
    public FirmwareFacts get() {
        HardwareAbstractionLayer hal = new SystemInfo().getHardware();
        ComputerSystem cs = hal.getComputerSystem();
        return new FirmwareFacts(
                attempt(cs::getHardwareUUID),
                attempt(cs::getSerialNumber),
                attempt(cs::getManufacturer),
                attempt(cs::getModel),
                attempt(() -> hal.getMemory().getTotal()),
                attempt(() -> hal.getProcessor().getProcessorIdentifier().getName()));
    }

    private static <T> T attempt(Supplier<T> read) {
        try {
            return read.get();
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }
}
