package io.rollcall.agent.probe;

import io.rollcall.agent.os.CommandRunner;
import io.rollcall.agent.os.FileSource;
import io.rollcall.agent.probe.accounts.LinuxAccountsProbe;
import io.rollcall.agent.probe.hardware.LinuxHardwareProbe;
import io.rollcall.agent.probe.hardware.OshiFirmwareReader;
import io.rollcall.agent.probe.media.LinuxMediaProbe;
import io.rollcall.agent.probe.media.MediaProbe;
import io.rollcall.agent.probe.os.LinuxOsProbe;
import io.rollcall.agent.probe.screenlock.LinuxScreenLockProbe;
import io.rollcall.agent.probe.security.LinuxSecurityProbe;
import io.rollcall.agent.probe.software.LinuxSoftwareProbe;
import java.nio.file.Path;
import java.time.Clock;

/** The Linux probes on the real file system and commands. Only {@link SystemScanner}'s Linux branch touches it. */
final class LinuxProbes {
    private LinuxProbes() {
    }

    static Scanner scanner(ScanOptions options, Path stateDir) {
        FileSource files = FileSource.system();
        CommandRunner commands = CommandRunner.system();
        return new ProbeScanner(
                new LinuxOsProbe(files),
                new LinuxHardwareProbe(files, new OshiFirmwareReader(), stateDir),
                new LinuxSoftwareProbe(files, commands),
                mediaProbe(),
                new LinuxAccountsProbe(files, commands, Clock.systemUTC(), options),
                new LinuxScreenLockProbe(files, commands),
                new LinuxSecurityProbe(files, commands, Clock.systemUTC()));
    }

    static MediaProbe mediaProbe() {
        return new LinuxMediaProbe(FileSource.system(), CommandRunner.system(), Clock.systemUTC());
    }
}
