package io.rollcall.agent.probe.software;

import io.rollcall.common.report.SoftwareItem;
import io.rollcall.common.report.SoftwareSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Parses dpkg's database, /var/lib/dpkg/status. Reading the file directly takes a few milliseconds where
 * {@code dpkg-query} takes a process start.
 *
 * <p>Which packages count: every package whose files are on disk, that is every status except {@code not-installed}
 * and {@code config-files} (removed, only conffiles left). That is what {@code dpkg-query -W} lists minus the rows
 * whose {@code ${db:Status-Abbrev}} second letter is {@code c} or {@code n}: half-installed, unpacked,
 * half-configured and trigger-pending packages are software present on the laptop, a removed one is not.
 *
 * <p>The publisher is the distribution when the Maintainer (or Original-Maintainer) address is a distribution's
 * ({@link Distributions#ofDpkg}), otherwise the maintainer's name without the address.
 */
public final class DpkgStatus {
    private static final Set<String> ABSENT = Set.of("not-installed", "config-files");

    private DpkgStatus() {
    }

    /** One stanza of the status file, the fields we use. */
    public record Entry(String name, String architecture, String version, String maintainer, String status,
                        String originalMaintainer) {
        /** The status word that says where the package is ("installed", "config-files", …). */
        public String state() {
            // "install ok installed": the third of exactly three words. Split by hand: a regex split per package
            // compiles a pattern 900 times in a cold JVM (BENCHMARKS.md, issue 13).
            if (status == null) {
                return "";
            }
            String third = "";
            int words = 0;
            int i = 0;
            int n = status.length();
            while (i < n) {
                while (i < n && whitespace(status.charAt(i))) {
                    i++;
                }
                int start = i;
                while (i < n && !whitespace(status.charAt(i))) {
                    i++;
                }
                if (i > start) {
                    words++;
                    if (words == 3) {
                        third = status.substring(start, i);
                    }
                }
            }
            return words == 3 ? third : "";
        }

        /** What the regex {@code \\s} matches. */
        private static boolean whitespace(char c) {
            return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
        }

        public boolean present() {
            return !state().isEmpty() && !ABSENT.contains(state());
        }
    }

    /** Every stanza in the status file, whatever its state. */
    public static List<Entry> parse(List<String> lines) {
        List<Entry> out = new ArrayList<>(1024);
        String name = null, arch = null, version = null, maintainer = null, status = null, original = null;
        for (String line : lines) {
            if (line.isBlank()) {
                if (name != null) {
                    out.add(new Entry(name, arch, version, maintainer, status, original));
                }
                name = arch = version = maintainer = status = original = null;
                continue;
            }
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                continue; // continuation of a multi-line field (Description, Conffiles)
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String value = line.substring(colon + 1).trim();
            switch (line.substring(0, colon)) {
                case "Package" -> name = value;
                case "Architecture" -> arch = value;
                case "Version" -> version = value;
                case "Maintainer" -> maintainer = value;
                case "Status" -> status = value;
                case "Original-Maintainer" -> original = value;
                default -> { }
            }
        }
        if (name != null) {
            out.add(new Entry(name, arch, version, maintainer, status, original));
        }
        return out;
    }

    /**
     * The packages present on disk as report items.
     *
     * @param installedAt when a package was installed or last upgraded, given its name and architecture; may return
     *                    {@code null}
     */
    public static List<SoftwareItem> items(List<Entry> entries, Function<Entry, Instant> installedAt) {
        List<SoftwareItem> out = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            if (e.present()) {
                // The package name is the identifier, so location stays empty, and the maintainer's e-mail
                // address is dropped: together they were a fifth of a gzipped report and told a technician nothing.
                out.add(new SoftwareItem(e.name(), e.version(), publisher(e), installedAt.apply(e),
                        SoftwareSource.DPKG, null));
            }
        }
        return out;
    }

    /**
     * The distribution when the maintainer's (or original maintainer's) address is a distribution's, else the
     * maintainer's name: "Matthias Klose &lt;doko@debian.org&gt;" gives "Debian", "Jane Doe &lt;jane@example.org&gt;"
     * gives "Jane Doe".
     */
    static String publisher(Entry e) {
        return Distributions.ofDpkg(e.maintainer(), e.originalMaintainer())
                .orElseGet(() -> withoutEmail(e.maintainer()));
    }

    /** "Matthias Klose <doko@debian.org>" becomes "Matthias Klose". */
    static String withoutEmail(String maintainer) {
        if (maintainer == null) {
            return null;
        }
        int lt = maintainer.indexOf('<');
        String name = (lt < 0 ? maintainer : maintainer.substring(0, lt)).trim();
        return name.isEmpty() ? maintainer.trim() : name;
    }
}
