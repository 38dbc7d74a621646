package io.rollcall.agent.os;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Read-only access to the file system under a root, so that a probe can be pointed at a fixture tree.
 * Paths are absolute as the probe would see them on the real system ("/etc/passwd"); the source maps them under
 * its root. Reads throw {@link IOException} with the path in the message; probes turn that into a
 * {@code ProbeError} or an unknown value.
 */
public interface FileSource {

    List<String> readLines(String path) throws IOException;

    String readText(String path) throws IOException;

    /** Up to {@code length} bytes from {@code offset}; fewer (possibly none) at the end of the file. */
    byte[] readBytes(String path, long offset, int length) throws IOException;

    /** The names in a directory, sorted; empty when it does not exist or cannot be listed. */
    List<String> list(String dir);

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
