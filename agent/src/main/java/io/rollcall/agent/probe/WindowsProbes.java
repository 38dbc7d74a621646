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
        return scanner(options, ProbeSeams.REAL);
    }

    /** The probes, each reading through the seams {@code seams} hands it (explain and capture record them). */
    static Scanner scanner(ScanOptions options, ProbeSeams seams) {
        Registry registry = new JnaRegistry();
        SystemInfo si = new SystemInfo();
        return new ProbeScanner(new OshiOsProbe("windows", si), new OshiHardwareProbe(si),
                new WindowsSoftwareProbe(seams.registry("software", registry)),
                new WindowsMediaProbe(seams.registry("removableMedia", registry),
                        new WmiDiskDrives(seams.wmi("removableMedia", new JnaWmi())),
                        seams.commands("removableMedia", CommandRunner.system())),
                new WindowsAccountsProbe(seams.localAccounts("accounts", new JnaLocalAccounts()),
                        seams.registry("accounts", registry), options),
                // the kernel's power capabilities are one fixed structure, not a source worth recording
                new WindowsScreenLockProbe(seams.registry("screenLock", registry), new JnaPowerCapabilities(),
                        seams.commands("screenLock", CommandRunner.system()), System.getenv("SystemRoot")),
                new WindowsSecurityProbe(seams.registry("security", registry), seams.wmi("security", new JnaWmi()),
                        System.getenv("SystemDrive")));
    }

    static MediaProbe mediaProbe() {
        return new WindowsMediaProbe(new JnaRegistry(), new WmiDiskDrives(new JnaWmi()), CommandRunner.system());
    }
}
