package io.rollcall.agent.os.windows;

import java.util.List;
import oshi.hardware.HWDiskStore;
import oshi.hardware.HardwareAbstractionLayer;

/** {@link DiskDrives} from OSHI's disk stores. Built only by the Windows probe factory. */
public final class OshiDiskDrives implements DiskDrives {
    private final HardwareAbstractionLayer hardware;

    public OshiDiskDrives(HardwareAbstractionLayer hardware) {
        this.hardware = hardware;
    }

    @Override
    public List<Drive> list() {
        return hardware.getDiskStores().stream().map(OshiDiskDrives::drive).toList();
    }

    private static Drive drive(HWDiskStore d) {
        return new Drive(d.getName(), d.getModel(), d.getSerial(), d.getSize(), d.getDiskType());
    }
}
