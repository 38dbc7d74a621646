package io.rollcall.collector.tls;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes files that hold secrets or trust anchors: owner-only permissions from the moment the file
 * exists, and replacement by atomic rename so a reader (or a restart after a crash) sees either the
 * old content or the new, never half of it.
 *
 * <p>Permissions are applied only where the file system supports POSIX attributes; elsewhere
 * (Windows) the data directory's ACL is what protects the files. All methods block on disk I/O.
 */
public final class SecureFiles {

    /** rw------- : private keys, token hashes, first-run.json. */
    public static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");
    /** rw-r--r-- : certificates, which are public (the 0700 directory still keeps others out). */
    public static final Set<PosixFilePermission> PUBLIC_READ = PosixFilePermissions.fromString("rw-r--r--");
    /** rwx------ : the directories holding them. */
    public static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    private SecureFiles() {
    }

    /**
     * Creates {@code dir} (and missing parents) with mode 0700 if absent, and tightens an existing
     * one to 0700. Returns {@code dir}.
     */
    public static Path ensurePrivateDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            if (supportsPosix(dir)) {
                Files.setPosixFilePermissions(dir, OWNER_ONLY_DIR);
            }
            return dir;
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (supportsPosix(parent)) {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
            // createDirectory's attribute is filtered by the umask; set it explicitly to be sure.
            Files.setPosixFilePermissions(dir, OWNER_ONLY_DIR);
        } else {
            Files.createDirectory(dir);
        }
        return dir;
    }

    /** Atomically replaces {@code target} with {@code text} (UTF-8), mode 0600. */
    public static void writeAtomically(Path target, String text) throws IOException {
        writeAtomically(target, text.getBytes(StandardCharsets.UTF_8), OWNER_READ_WRITE);
    }

    /**
     * Atomically replaces {@code target} with {@code content} and the given permissions: the bytes
     * go to a temporary file in the same directory (created with the final permissions, so the
     * secret is never world-readable even briefly), are forced to disk, then renamed over the target.
     */
    public static void writeAtomically(Path target, byte[] content, Set<PosixFilePermission> permissions)
            throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        boolean posix = supportsPosix(dir);
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)}
                : new FileAttribute<?>[0];
        Path temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp", attributes);
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            if (posix) {
                Files.setPosixFilePermissions(temp, permissions);
            }
            moveAtomically(temp, target);
            syncDirectory(dir);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Renames a fully written directory into place, failing if {@code target} already exists.
     * Used to publish several files as one unit.
     */
    public static void publishDirectory(Path staged, Path target) throws IOException {
        if (Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString());
        }
        Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(target.toAbsolutePath().getParent());
    }

    /** True when the file store holding {@code path} understands POSIX permissions. */
    public static boolean supportsPosix(Path path) throws IOException {
        return path != null && Files.getFileStore(path).supportsFileAttributeView(PosixFileAttributeView.class);
    }

    private static void moveAtomically(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // Same directory, so this only happens on exotic file systems; a plain replace is the best left.
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Makes the rename itself durable; not every platform can open a directory, which is harmless. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open directories as channels; NTFS journals the rename anyway.
        }
    }
}
