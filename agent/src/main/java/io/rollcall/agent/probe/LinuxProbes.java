package io.rollcall.agent.probe;

import io.rollcall.agent.os.CommandRunner;
import io.rollcall.agent.os.FileSource;
import io.rollcall.agent.probe.accounts.LinuxAccountsProbe;
import io.rollcall.agent.probe.hardware.LinuxHardwareProbe;
import io.rollcall.agent.probe.hardware.LinuxFirmwareReader;
import io.rollcall.agent.probe.media.LinuxMediaProbe;
import io.rollcall.agent.probe.media.MediaProbe;
import io.rollcall.agent.probe.os.LinuxOsProbe;
import io.rollcall.agent.probe.screenlock.LinuxScreenLockProbe;
import io.rollcall.agent.probe.security.LinuxSecurityProbe;
import io.rollcall.agent.probe.software.DpkgCache;
import io.rollcall.agent.probe.software.LinuxSoftwareProbe;
import java.nio.file.Path;
import java.time.Clock;

/** The Linux probes on the real file system and commands. Only {@link SystemScanner}'s Linux branch touches it. */
final class LinuxProbes {
    /** Below the state directory: what a probe keeps between scans while its inputs are unchanged. */
    static final String CACHE_DIR = "cache";

    private LinuxProbes() {
    }

    static Scanner scanner(ScanOptions options, Path stateDir) {
        return scanner(options, stateDir, ProbeSeams.REAL);
    }

    /** The probes, each reading through the seams {@code seams} hands it (explain and capture record them). */
    static Scanner scanner(ScanOptions options, Path stateDir, ProbeSeams seams) {
        FileSource files = FileSource.system();
        CommandRunner commands = CommandRunner.system();
        FileSource hardwareFiles = seams.files("hardware", files);
        return new ProbeScanner(
                new LinuxOsProbe(seams.files("os", files)),
                new LinuxHardwareProbe(hardwareFiles, new LinuxFirmwareReader(hardwareFiles,
                        seams.commands("hardware", commands)), stateDir),
                new LinuxSoftwareProbe(seams.files("software", files), seams.commands("software", commands),
                        dpkgCache(stateDir, seams)),
                new LinuxMediaProbe(seams.files("removableMedia", files), seams.commands("removableMedia", commands),
                        Clock.systemUTC()),
                new LinuxAccountsProbe(seams.files("accounts", files), seams.commands("accounts", commands),
                        Clock.systemUTC(), options, inputCache(stateDir, seams)),
                new LinuxScreenLockProbe(seams.files("screenLock", files), seams.commands("screenLock", commands)),
                new LinuxSecurityProbe(seams.files("security", files), seams.commands("security", commands),
                        Clock.systemUTC()));
    }

    /**
     * The dpkg cache in {@code stateDir/cache}: only for the real file system (explain, capture and replay read every
     * source) and only with a state directory.
     */
    private static DpkgCache dpkgCache(Path stateDir, ProbeSeams seams) {
        return stateDir == null || seams != ProbeSeams.REAL ? null
                : new DpkgCache(Path.of("/"), stateDir.resolve(CACHE_DIR));
    }

    /** As {@link #dpkgCache}: the real file system and a state directory only. */
    private static InputCache inputCache(Path stateDir, ProbeSeams seams) {
        return stateDir == null || seams != ProbeSeams.REAL ? null
                : new InputCache(Path.of("/"), stateDir.resolve(CACHE_DIR));
    }

    static MediaProbe mediaProbe() {
        return new LinuxMediaProbe(FileSource.system(), CommandRunner.system(), Clock.systemUTC());
    }
}
