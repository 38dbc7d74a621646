package io.rollcall.agent.probe.software;

import io.rollcall.common.report.SoftwareItem;
import io.rollcall.common.report.SoftwareSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The dpkg packages of the last scan, kept beside the state while dpkg's database is unchanged, so a scan that
 * finds nothing new (an hourly delta) does not parse /var/lib/dpkg/status again.
 *
 * <p>Why the key is enough: dpkg rewrites {@code status} (as {@code status-new}, renamed over it) on every install,
 * removal, upgrade and configuration, and writes each package's {@code info/NAME.list} the same way, renaming it
 * into {@code info/}, which changes that directory's modification time. The key is the status file's size and
 * modification time (nanoseconds) and the info directory's modification time; the items depend on nothing else
 * (the status text, which .list files exist, and their times). A .list file changed in place by hand, without dpkg,
 * is not noticed until dpkg next runs.
 *
 * <p>The file is plain text read without Jackson (a header with the key, then one tab-separated line per package),
 * written atomically; anything unreadable is a miss, never an error. Only dpkg is cached: rpm, snap and flatpak are
 * asked again on every scan.
 */
public final class DpkgCache {
    static final String FILE_NAME = "dpkg-packages.tsv";
    private static final String MAGIC = "rollcall-dpkg-cache 1";
    private static final String NULL = "\\N";

    private final Path root;
    private final Path file;

    /**
     * @param root     where "/" of the probe is ({@code /} on the real system, a fixture tree in tests)
     * @param cacheDir the agent's cache directory (created when first written)
     */
    public DpkgCache(Path root, Path cacheDir) {
        this.root = root;
        this.file = cacheDir.resolve(FILE_NAME);
    }

    /** The cached items when dpkg's database has not changed since they were kept, else {@code read}'s, kept. */
    public List<SoftwareItem> items(Supplier<List<SoftwareItem>> read) {
        String key = key();
        if (key == null) {
            return read.get();
        }
        List<SoftwareItem> kept = load(key);
        if (kept != null) {
            return kept;
        }
        List<SoftwareItem> fresh = read.get();
        // the database may have changed while it was read: keep the answer only under the key it was read under
        if (key.equals(key())) {
            store(key, fresh);
        }
        return fresh;
    }

    private String key() {
        try {
            BasicFileAttributes status = Files.readAttributes(root.resolve(LinuxSoftwareProbe.DPKG_STATUS.substring(1)),
                    BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            BasicFileAttributes info = Files.readAttributes(root.resolve(LinuxSoftwareProbe.DPKG_INFO.substring(1)),
                    BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return new StringBuilder().append(status.size()).append(' ')
                    .append(nanos(status.lastModifiedTime().toInstant())).append(' ')
                    .append(nanos(info.lastModifiedTime().toInstant())).toString();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    // StringBuilder rather than '+' in this file: each new '+' shape costs a cold JVM a bootstrap (issue 13)
    private static String nanos(Instant t) {
        return new StringBuilder(24).append(t.getEpochSecond()).append('.').append(t.getNano()).toString();
    }

    private List<SoftwareItem> load(String key) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null || !header.startsWith(MAGIC) || !header.endsWith(key)
                    || header.length() != MAGIC.length() + 1 + key.length()) {
                return null;
            }
            List<SoftwareItem> items = new ArrayList<>(1024);
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] f = line.split("\t", -1);
                if (f.length != 4) {
                    return null;
                }
                items.add(new SoftwareItem(unescape(f[0]), unescape(f[1]), unescape(f[2]), instant(unescape(f[3])),
                        SoftwareSource.DPKG, null));
            }
            return items;
        } catch (IOException | RuntimeException e) {
            return null; // damaged or from another version: read dpkg again
        }
    }

    private void store(String key, List<SoftwareItem> items) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
            try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                out.write(MAGIC);
                out.write('\t');
                out.write(key);
                out.write('\n');
                for (SoftwareItem i : items) {
                    Instant at = i.installedAt();
                    out.write(escape(i.name()));
                    out.write('\t');
                    out.write(escape(i.version()));
                    out.write('\t');
                    out.write(escape(i.publisher()));
                    out.write('\t');
                    out.write(escape(at == null ? null : nanos(at)));
                    out.write('\n');
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            // a cache that cannot be written (read-only state, another user's scan) only costs the next scan a parse
        }
    }

    private static Instant instant(String s) {
        if (s == null) {
            return null;
        }
        int dot = s.indexOf('.');
        return Instant.ofEpochSecond(Long.parseLong(s.substring(0, dot)), Long.parseLong(s.substring(dot + 1)));
    }

    static String escape(String s) {
        if (s == null) {
            return NULL;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    static String unescape(String s) {
        if (NULL.equals(s)) {
            return null;
        }
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                b.append(switch (n) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    default -> n;
                });
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
