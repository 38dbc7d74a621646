package io.rollcall.agent.probe;

import io.rollcall.agent.probe.media.MediaProbe;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The one place that picks the probes for the operating system this agent runs on. Each system's probes are built
 * by its own factory ({@code LinuxProbes}, {@code WindowsProbes}, {@code MacProbes}), referenced only from its branch
 * and returning the {@link Scanner} interface, so a system never loads another system's probes or native bindings.
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
        return create(options, stateDir, ProbeSeams.REAL);
    }

    /** As {@link #create(ScanOptions, Path)}, each probe reading through what {@code seams} hands it. */
    public static Scanner create(ScanOptions options, Path stateDir, ProbeSeams seams) {
        return forSystem(family(), options, stateDir, seams);
    }

    /**
     * The probes of system {@code family} ("linux", "windows", "macos") on {@code seams}: how a capture from another
     * system is replayed. Seams that {@code seams} does not replace are that system's real ones, which only work there;
     * OSHI's probes (hardware, and the OS on Windows and macOS) always read the machine the agent runs on.
     */
    public static Scanner forSystem(String family, ScanOptions options, Path stateDir, ProbeSeams seams) {
        return switch (family) {
            case "linux" -> LinuxProbes.scanner(options, stateDir, seams);
            case "windows" -> WindowsProbes.scanner(options, seams);
            case "macos" -> MacProbes.scanner(options, seams);
            default -> new PortableScanner(family);
        };
    }

    /** The media probe for this system, for the poller; a probe that finds nothing where none is built yet. */
    public static MediaProbe mediaProbe() {
        return switch (family()) {
            case "linux" -> LinuxProbes.mediaProbe();
            case "windows" -> WindowsProbes.mediaProbe();
            case "macos" -> MacProbes.mediaProbe();
            default -> List::of;
        };
    }

    /** "linux", "windows", "macos" or the JVM's own name, lower case. */
    public static String family() {
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
