package io.rollcall.agent.probe.software;

import io.rollcall.agent.os.CommandResult;
import io.rollcall.agent.os.CommandRunner;
import io.rollcall.agent.os.FileSource;
import io.rollcall.common.report.SoftwareItem;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Installed software on Linux: dpkg from its status file; rpm, snap and flatpak through their tools, and only when
 * the tool is installed (a Debian laptop without snapd pays nothing for the snap check).
 */
public final class LinuxSoftwareProbe implements SoftwareProbe {
    static final String DPKG_STATUS = "/var/lib/dpkg/status";
    static final String DPKG_INFO = "/var/lib/dpkg/info";
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(20);
    private static final List<String> BIN_DIRS = List.of("/usr/bin", "/bin", "/usr/sbin", "/usr/local/bin");

    private final FileSource files;
    private final CommandRunner commands;
    private final DpkgCache cache;

    public LinuxSoftwareProbe(FileSource files, CommandRunner commands) {
        this(files, commands, null);
    }

    /** @param cache the dpkg packages of the last scan, used while dpkg's database is unchanged; may be {@code null} */
    public LinuxSoftwareProbe(FileSource files, CommandRunner commands, DpkgCache cache) {
        this.files = files;
        this.commands = commands;
        this.cache = cache;
    }

    @Override
    public Inventory read() {
        List<SoftwareItem> items = new ArrayList<>(1024);
        List<String> problems = new ArrayList<>();
        if (files.exists(DPKG_STATUS)) {
            try {
                items.addAll(readDpkg());
            } catch (IOException e) {
                problems.add("dpkg: cannot read " + DPKG_STATUS + ": " + e.getMessage());
            }
        }
        // rpm on a Debian system (package "rpm" for building) has an empty database; only trust a real one.
        String rpm = findTool("rpm");
        if (rpm != null && (files.exists("/var/lib/rpm/rpmdb.sqlite") || files.exists("/var/lib/rpm/Packages")
                || files.exists("/usr/lib/sysimage/rpm"))) {
            run(List.of(rpm, "-qa", "--queryformat", OtherPackages.RPM_FORMAT), "rpm", problems)
                    .ifPresent(out -> items.addAll(OtherPackages.parseRpm(out)));
        }
        String snap = findTool("snap");
        if (snap != null && files.exists("/snap")) {
            run(List.of(snap, "list"), "snap", problems).ifPresent(out -> items.addAll(OtherPackages.parseSnapList(out)));
        }
        String flatpak = findTool("flatpak");
        if (flatpak != null) {
            run(List.of(flatpak, "list", "--app", "--columns=" + OtherPackages.FLATPAK_COLUMNS), "flatpak", problems)
                    .ifPresent(out -> items.addAll(OtherPackages.parseFlatpak(out)));
        }
        return new Inventory(items, problems);
    }

    private List<SoftwareItem> readDpkg() throws IOException {
        if (cache == null) {
            return parseDpkg();
        }
        try {
            return cache.items(() -> {
                try {
                    return parseDpkg();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private List<SoftwareItem> parseDpkg() throws IOException {
        List<DpkgStatus.Entry> entries = DpkgStatus.parse(files.readTextBytes(DPKG_STATUS));
        // One directory listing instead of two failed stats per package keeps a full scan in milliseconds.
        Set<String> infoFiles = files.nameSet(DPKG_INFO);
        Function<DpkgStatus.Entry, Instant> installedAt = e -> {
            for (String candidate : List.of(e.name() + ":" + e.architecture() + ".list", e.name() + ".list")) {
                if (infoFiles.contains(candidate)) {
                    return files.lastModified(DPKG_INFO + "/" + candidate).orElse(null);
                }
            }
            return null;
        };
        return DpkgStatus.items(entries, installedAt);
    }

    private java.util.Optional<List<String>> run(List<String> command, String tool, List<String> problems) {
        CommandResult r = commands.run(command, TOOL_TIMEOUT);
        if (!r.ok()) {
            problems.add(tool + ": " + (r.failure() != null ? r.failure() : "exit code " + r.exitCode()));
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(r.stdout());
    }

    private String findTool(String name) {
        for (String dir : BIN_DIRS) {
            if (files.exists(dir + "/" + name)) {
                return dir + "/" + name;
            }
        }
        return null;
    }
}
