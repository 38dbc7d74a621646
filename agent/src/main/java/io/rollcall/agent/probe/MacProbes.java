package io.rollcall.agent.probe;

import io.rollcall.agent.os.CommandRunner;
import io.rollcall.agent.os.FileSource;
import io.rollcall.agent.probe.accounts.MacAccountsProbe;
import io.rollcall.agent.probe.hardware.OshiHardwareProbe;
import io.rollcall.agent.probe.media.MacMediaProbe;
import io.rollcall.agent.probe.media.MediaProbe;
import io.rollcall.agent.probe.os.OshiOsProbe;
import io.rollcall.agent.probe.screenlock.MacScreenLockProbe;
import io.rollcall.agent.probe.security.MacSecurityProbe;
import io.rollcall.agent.probe.software.MacSoftwareProbe;
import oshi.SystemInfo;

/** The macOS probes on the real file system and commands. Only {@link SystemScanner}'s macOS branch touches this class. */
final class MacProbes {
    private MacProbes() {
    }

    static Scanner scanner(ScanOptions options) {
        return scanner(options, ProbeSeams.REAL);
    }

    /** The probes, each reading through the seams {@code seams} hands it (explain and capture record them). */
    static Scanner scanner(ScanOptions options, ProbeSeams seams) {
        CommandRunner commands = CommandRunner.system();
        FileSource files = FileSource.system();
        SystemInfo si = new SystemInfo();
        return new ProbeScanner(new OshiOsProbe("macos", si), new OshiHardwareProbe(si),
                new MacSoftwareProbe(seams.files("software", files)),
                new MacMediaProbe(seams.commands("removableMedia", commands)),
                new MacAccountsProbe(seams.commands("accounts", commands), seams.files("accounts", files), options),
                new MacScreenLockProbe(seams.files("screenLock", files), seams.commands("screenLock", commands)),
                new MacSecurityProbe(seams.commands("security", commands)));
    }

    static MediaProbe mediaProbe() {
        return new MacMediaProbe(CommandRunner.system());
    }
}
