package io.rollcall.agent.probe.software;

import io.rollcall.common.report.SoftwareItem;
import io.rollcall.common.report.SoftwareSource;
import java.nio.charset.StandardCharsets;
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

    /** The fields we keep, as the bytes a line starts with (the name and its colon; field names are ASCII). */
    private static final byte[][] FIELDS = {ascii("Package:"), ascii("Architecture:"), ascii("Version:"),
            ascii("Maintainer:"), ascii("Status:"), ascii("Original-Maintainer:")};

    /**
     * Every stanza in the status file, whatever its state, read from its bytes. Only the six values kept are
     * decoded (UTF-8, a malformed byte becoming U+FFFD: one badly encoded maintainer name must not lose the package
     * list); descriptions, conffiles and the other fields are skipped undecoded. Decoding the whole 800 KB file as
     * text, then splitting it into 25,000 lines, was half of a cold scan's CPU (BENCHMARKS.md, issue 13). Lines end
     * at {@code \n}; a {@code \r} before it is dropped; a line of blanks ends a stanza.
     */
    public static List<Entry> parse(byte[] status) {
        List<Entry> out = new ArrayList<>(1024);
        String[] values = new String[FIELDS.length];
        int n = status.length;
        int i = 0;
        while (i < n) {
            int end = i;
            while (end < n && status[end] != '\n') {
                end++;
            }
            int next = end + 1;
            if (end > i && status[end - 1] == '\r') {
                end--;
            }
            if (blank(status, i, end)) {
                if (values[0] != null) {
                    out.add(entry(values));
                }
                java.util.Arrays.fill(values, null);
            } else if (status[i] != ' ' && status[i] != '\t') { // not a continuation (Description, Conffiles)
                for (int f = 0; f < FIELDS.length; f++) {
                    if (startsWith(status, i, end, FIELDS[f])) {
                        values[f] = new String(status, i + FIELDS[f].length, end - i - FIELDS[f].length,
                                StandardCharsets.UTF_8).trim();
                        break;
                    }
                }
            }
            i = next;
        }
        if (values[0] != null) {
            out.add(entry(values));
        }
        return out;
    }

    private static Entry entry(String[] v) {
        return new Entry(v[0], v[1], v[2], v[3], v[4], v[5]);
    }

    /** What {@link String#isBlank} says of the line (the status file's separators are ASCII blanks). */
    private static boolean blank(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (c != ' ' && c != '\t' && c != 0x0B && c != '\f' && c != '\r' && (c < 0x1C || c > 0x1F)) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWith(byte[] b, int from, int to, byte[] prefix) {
        if (to - from < prefix.length) {
            return false;
        }
        for (int k = 0; k < prefix.length; k++) {
            if (b[from + k] != prefix[k]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
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
