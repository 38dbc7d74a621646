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
import java.util.List;
import java.util.Locale;

/**
 * The one place that picks the probes for the operating system this agent runs on. Linux classes are only referenced
 * on the Linux branch, so other systems never load them.
 */
public final class SystemScanner {
    private SystemScanner() {
    }

    /** A scanner without a state directory: a machine with neither SMBIOS UUID nor machine-id gets a new id per scan. */
    public static Scanner create(ScanOptions options) {
        return create(options, null);
    }

    /**
     * A scanner for this system.
     *
     * @param stateDir the agent's state directory, where a generated hardware id is kept ({@code hardware-id});
     *                 may be {@code null}
     */
    public static Scanner create(ScanOptions options, Path stateDir) {
        String family = family();
        if (!family.equals("linux")) {
            return new PortableScanner(family);
        }
        FileSource files = FileSource.system();
        CommandRunner commands = CommandRunner.system();
        return new LinuxScanner(
                new LinuxOsProbe(files),
                new LinuxHardwareProbe(files, new OshiFirmwareReader(), stateDir),
                new LinuxSoftwareProbe(files, commands),
                new LinuxMediaProbe(files),
                new LinuxAccountsProbe(files, commands, Clock.systemUTC(), options),
                new LinuxScreenLockProbe(files, commands),
                new LinuxSecurityProbe(files, commands, Clock.systemUTC()));
    }

    /** The media probe for this system, for the poller; a probe that finds nothing where none is built yet. */
    public static MediaProbe mediaProbe() {
        return family().equals("linux") ? new LinuxMediaProbe(FileSource.system()) : List::of;
    }

    /** "linux", "windows", "macos" or the JVM's own name, lower case. */
    static String family() {
        String name = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (name.startsWith("linux")) {
            return "linux";
        }
        if (name.startsWith("windows")) {
            return "windows";
        }
        if (name.startsWith("mac") || name.startsWith("darwin")) {
            return "macos";
        }
        return name;
    }
}
