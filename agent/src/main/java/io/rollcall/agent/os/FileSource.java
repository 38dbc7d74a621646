package io.rollcall.agent.os;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Read-only access to the file system under a root, so that a probe can be pointed at a fixture tree.
 * {@link #readLines}, {@link #readText} and {@link #readBytes} are for files only root can write (/etc, /var/lib,
 * /proc, /sys); files a user can write are read with {@link #readUntrusted}.
 * Paths are absolute as the probe would see them on the real system ("/etc/passwd"); the source maps them under
 * its root. Reads throw {@link IOException} with the path in the message; probes turn that into a
 * {@code ProbeError} or an unknown value.
 */
public interface FileSource {

    List<String> readLines(String path) throws IOException;

    String readText(String path) throws IOException;

    /**
     * A large file only root can write, undecoded, for a parser that decodes only what it keeps (dpkg's status file:
     * decoding all of it as text was half of a cold scan's work, BENCHMARKS.md, issue 13). The real file system
     * returns the file's bytes under {@link #readText}'s size limit; a source that records or replays reads (explain,
     * capture) sees it as {@link #readLines}, the lines joined by {@code \n}.
     */
    default byte[] readTextBytes(String path) throws IOException {
        return String.join("\n", readLines(path)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Up to {@code length} bytes from {@code offset}; fewer (possibly none) at the end of the file. */
    byte[] readBytes(String path, long offset, int length) throws IOException;

    /**
     * A file a user can write: {@code relative} ("a/b/c") below {@code trustedDir} (a home directory: "/home/alice"),
     * at most {@code maxBytes}, through {@link UntrustedFiles}' rules (no links below {@code trustedDir}, regular files
     * of the home's owner only, size cap, timeout). Every read under a home, /tmp, /var/tmp or /run/user goes through
     * here, never through {@link #readText} or {@link #readBytes}. Never throws.
     */
    UntrustedRead readUntrusted(String trustedDir, String relative, int maxBytes);

    /**
     * A directory a user can write, {@code relative} below {@code trustedDir}, listed under the same rules as
     * {@link #readUntrusted}; entries carry their own attributes (a link is never followed). Never throws.
     */
    UntrustedListing listUntrusted(String trustedDir, String relative);

    /** The names in a directory, sorted; empty when it does not exist or cannot be listed. */
    List<String> list(String dir);

    /**
     * The names in a directory, in no order, for lookups in a large directory (dpkg's info directory: thousands of
     * names, where sorting them cost a cold scan more than the lookups). Sources that record or replay reads see
     * it as {@link #list}.
     */
    default java.util.Set<String> nameSet(String dir) {
        return new java.util.HashSet<>(list(dir));
    }

    boolean exists(String path);

    boolean isReadable(String path);

    Optional<Instant> lastModified(String path);

    /**
     * The path with every symbolic link resolved, expressed again as a path under the root (so sysfs links can be
     * followed in a fixture tree); empty when it does not exist or leads outside the root.
     */
    Optional<String> realPath(String path);

    /** The first line of a small file, trimmed; empty when missing or unreadable. Sysfs attributes are read this way. */
    default Optional<String> firstLine(String path) {
        try {
            List<String> lines = readLines(path);
            return lines.isEmpty() ? Optional.empty() : Optional.of(lines.get(0).trim());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The real file system. */
    static FileSource system() {
        return new RootedFileSource(Path.of("/"));
    }

    /** The file system under {@code root}: "/etc/passwd" is read from {@code root/etc/passwd}. */
    static FileSource rootedAt(Path root) {
        return new RootedFileSource(root);
    }
}
