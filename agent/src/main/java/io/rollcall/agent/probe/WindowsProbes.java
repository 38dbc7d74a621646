package io.rollcall.agent.probe;

import io.rollcall.agent.os.CommandRunner;
import io.rollcall.agent.os.windows.JnaLocalAccounts;
import io.rollcall.agent.os.windows.JnaPowerCapabilities;
import io.rollcall.agent.os.windows.JnaRegistry;
import io.rollcall.agent.os.windows.JnaWmi;
import io.rollcall.agent.os.windows.Registry;
import io.rollcall.agent.os.windows.WmiDiskDrives;
import io.rollcall.agent.probe.accounts.WindowsAccountsProbe;
import io.rollcall.agent.probe.hardware.OshiHardwareProbe;
import io.rollcall.agent.probe.media.MediaProbe;
import io.rollcall.agent.probe.media.WindowsMediaProbe;
import io.rollcall.agent.probe.os.OshiOsProbe;
import io.rollcall.agent.probe.screenlock.WindowsScreenLockProbe;
import io.rollcall.agent.probe.security.WindowsSecurityProbe;
import io.rollcall.agent.probe.software.WindowsSoftwareProbe;
import oshi.SystemInfo;

/**
 * The Windows probes on their real seams (JNA registry, Netapi32, WMI). Only {@link SystemScanner}'s Windows branch
 * touches this class, so no JNA Windows class is loaded on another system.
 */
final class WindowsProbes {
    private WindowsProbes() {
    }

    static Scanner scanner(ScanOptions options) {
        Registry registry = new JnaRegistry();
        SystemInfo si = new SystemInfo();
        return new ProbeScanner(new OshiOsProbe("windows", si), new OshiHardwareProbe(si),
                new WindowsSoftwareProbe(registry),
                new WindowsMediaProbe(registry, new WmiDiskDrives(new JnaWmi()), CommandRunner.system()),
                new WindowsAccountsProbe(new JnaLocalAccounts(), registry, options),
                new WindowsScreenLockProbe(registry, new JnaPowerCapabilities(), CommandRunner.system(),
                        System.getenv("SystemRoot")),
                new WindowsSecurityProbe(registry, new JnaWmi(), System.getenv("SystemDrive")));
    }

    static MediaProbe mediaProbe() {
        return new WindowsMediaProbe(new JnaRegistry(), new WmiDiskDrives(new JnaWmi()), CommandRunner.system());
    }
}
