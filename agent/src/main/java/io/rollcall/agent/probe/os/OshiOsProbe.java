package io.rollcall.agent.probe.os;

import io.rollcall.common.report.OsInfo;
import oshi.SystemInfo;
import oshi.software.os.OperatingSystem;

/** OS name, version and build from OSHI, for Windows and macOS (where OSHI reads the registry and sysctl). */
public final class OshiOsProbe implements OsProbe {
    private final String family;
    private final SystemInfo si;

    public OshiOsProbe(String family, SystemInfo si) {
        this.family = family;
        this.si = si;
    }

    @Override
    public OsInfo read() {
        OperatingSystem o = si.getOperatingSystem();
        return new OsInfo(family, o.getFamily(), o.getVersionInfo().getVersion(), o.getVersionInfo().getBuildNumber(),
                System.getProperty("os.arch"), o.getNetworkParams().getHostName());
    }
}
