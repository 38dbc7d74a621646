package io.rollcall.collector.firstrun;

import io.rollcall.collector.tls.SecureFiles;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the data directory private to the collector's user whatever the umask: the directory and every
 * directory under it 0700, every file without group or other access (0600 for the database, keys, token
 * hashes, first-run.json and logs written there). Certificates ({@code *.crt}) are public and keep their
 * read bits; the 0700 directory already keeps other users out. Files that something creates later under
 * the umask (H2's trace or temporary files) sit in a 0700 directory, and the next start tightens them.
 *
 * <p>Symbolic links are neither followed nor changed. Blocking file I/O; call from start-up.
 */
public final class DataDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(DataDirectory.class);
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private DataDirectory() {
    }

    /**
     * Creates {@code dir} 0700 if absent, then removes group and other access from everything under it,
     * logging what was too open. Returns the paths it changed (empty on a tidy directory or without POSIX
     * permissions, where the directory's ACL is what protects it).
     */
    public static List<Path> secure(Path dir) throws IOException {
        boolean existed = Files.isDirectory(dir);
        if (!existed) {
            SecureFiles.ensurePrivateDirectory(dir);
        }
        if (!SecureFiles.supportsPosix(dir)) {
            return List.of();
        }
        List<Path> changed = new ArrayList<>();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                tighten(d, SecureFiles.OWNER_ONLY_DIR, changed);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile() && !f.getFileName().toString().endsWith(".crt")) {
                    Set<PosixFilePermission> p = Files.getPosixFilePermissions(f, LinkOption.NOFOLLOW_LINKS);
                    p.removeAll(OTHERS);
                    tighten(f, p, changed);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        if (!changed.isEmpty()) {
            // new files of this start (H2 creates its database under the umask) and old ones alike
            LOG.warn("Data directory {}: removed access by other users from {} path(s), e.g. {}",
                    dir.toAbsolutePath(), changed.size(), changed.subList(0, Math.min(3, changed.size())));
        }
        return changed;
    }

    private static void tighten(Path p, Set<PosixFilePermission> wanted, List<Path> changed) throws IOException {
        Set<PosixFilePermission> now = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
        if (now.stream().anyMatch(OTHERS::contains) || isDirMissingOwnerBits(p, now)) {
            Files.setPosixFilePermissions(p, wanted);
            changed.add(p);
        }
    }

    /** A directory the owner cannot enter would break the collector; put its owner bits back too. */
    private static boolean isDirMissingOwnerBits(Path p, Set<PosixFilePermission> now) {
        return Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && !now.containsAll(SecureFiles.OWNER_ONLY_DIR);
    }
}
