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
        CommandRunner commands = CommandRunner.system();
        FileSource files = FileSource.system();
        SystemInfo si = new SystemInfo();
        return new ProbeScanner(new OshiOsProbe("macos", si), new OshiHardwareProbe(si),
                new MacSoftwareProbe(files),
                new MacMediaProbe(commands),
                new MacAccountsProbe(commands, files, options),
                new MacScreenLockProbe(files, commands),
                new MacSecurityProbe(commands));
    }

    static MediaProbe mediaProbe() {
        return new MacMediaProbe(CommandRunner.system());
    }
}
