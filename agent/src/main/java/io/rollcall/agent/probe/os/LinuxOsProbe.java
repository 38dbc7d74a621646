package io.rollcall.agent.probe.os;

import io.rollcall.agent.os.FileSource;
import io.rollcall.common.report.OsInfo;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Linux OS facts from /etc/os-release (falling back to /usr/lib/os-release, as os-release(5) says) and the kernel's
 * /proc/sys/kernel files. These are plain reads, cheaper than OSHI's equivalent, which shells out for some of them.
 */
public final class LinuxOsProbe implements OsProbe {
    private final FileSource files;
    private final String javaArch;

    public LinuxOsProbe(FileSource files) {
        this(files, System.getProperty("os.arch"));
    }

    LinuxOsProbe(FileSource files, String javaArch) {
        this.files = files;
        this.javaArch = javaArch;
    }

    @Override
    public OsInfo read() {
        Map<String, String> release = Map.of();
        for (String path : List.of("/etc/os-release", "/usr/lib/os-release")) {
            try {
                release = parseOsRelease(files.readLines(path));
                break;
            } catch (IOException e) {
                // try the next location
            }
        }
        String name = release.getOrDefault("NAME", "Linux");
        String version = release.getOrDefault("VERSION", release.get("VERSION_ID"));
        String kernel = files.firstLine("/proc/sys/kernel/osrelease").orElse(null);
        String hostname = files.firstLine("/proc/sys/kernel/hostname").orElse(null);
        return new OsInfo("linux", name, version, kernel, unameArch(javaArch), hostname);
    }

    /** Parses os-release(5) lines: KEY=value with optional shell quoting; comments and blank lines ignored. */
    public static Map<String, String> parseOsRelease(List<String> lines) {
        Map<String, String> out = new HashMap<>();
        for (String raw : lines) {
            String line = raw.trim();
            int eq = line.indexOf('=');
            if (line.isEmpty() || line.startsWith("#") || eq <= 0) {
                continue;
            }
            String value = line.substring(eq + 1).trim();
            if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                    || value.startsWith("'") && value.endsWith("'"))) {
                value = value.substring(1, value.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
            }
            out.put(line.substring(0, eq).trim(), value);
        }
        return out;
    }

    /** Java names architectures after the JDK port ("amd64"); reports use the kernel's names ("x86_64"). */
    public static String unameArch(String javaArch) {
        if (javaArch == null) {
            return null;
        }
        return switch (javaArch) {
            case "amd64", "x86_64" -> "x86_64";
            case "x86", "i386", "i686" -> "i686";
            case "arm64", "aarch64" -> "aarch64";
            default -> javaArch;
        };
    }
}
