package io.rollcall.agent.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;

/**
 * Crash-safe file writes: a reader sees either the old content or the new, never a torn file.
 * Temporary files start with {@value #TEMP_PREFIX} so directory scans can skip what a crash left behind.
 */
public final class AtomicFiles {
    /** Every temporary file this class creates starts with this; nothing else may. */
    public static final String TEMP_PREFIX = ".tmp-";

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private AtomicFiles() {
    }

    /**
     * Writes {@code content} to {@code target}: temp file in the same directory, fsync, atomic rename over the
     * target, fsync of the directory so the rename itself survives a power cut. The file is made 0600.
     */
    public static void write(Path target, byte[] content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = dir.resolve(TEMP_PREFIX + target.getFileName() + "-" + UUID.randomUUID());
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                makePrivateFile(tmp);
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            fsyncDirectory(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Creates {@code dir} (and parents) if needed and restricts it to its owner (0700). */
    public static Path ensurePrivateDirectory(Path dir) throws IOException {
        Files.createDirectories(dir);
        if (POSIX) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
        return dir;
    }

    /** Restricts a file to its owner (0600); a no-op where the file system has no POSIX permissions. */
    public static void makePrivateFile(Path file) throws IOException {
        if (POSIX) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }

    /**
     * Flushes a directory's entries so a rename or delete in it is durable. Some platforms (Windows) cannot open a
     * directory; there the rename is already durable enough and we carry on.
     */
    public static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort by design: see Javadoc
        }
    }
}
