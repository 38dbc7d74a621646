package io.rollcall.agent.os;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A directory reached from a trusted one without following any link; every check and open below it is relative to
 * it. Where the platform has {@link SecureDirectoryStream} (Linux, macOS) the walk holds directory descriptors
 * ({@code openat} with {@code O_NOFOLLOW}), so a component swapped for a link after its check still cannot be
 * followed; elsewhere (Windows) it checks each component by path.
 */
abstract class SafeDir implements Closeable {
    private static final LinkOption NO_FOLLOW = LinkOption.NOFOLLOW_LINKS;
    private static final java.util.Set<OpenOption> READ_NO_FOLLOW =
            java.util.Set.of(StandardOpenOption.READ, NO_FOLLOW);

    /** A component that may not be walked through; the message is the reason, without the path. */
    static final class Refused extends Exception {
        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * Walks {@code dirs} below {@code trusted} (which may itself be reached through links: only root can replace
     * it). Returns {@code null} when a component does not exist; throws {@link Refused} for a link or a non-directory.
     */
    static SafeDir open(Path trusted, List<String> dirs) throws IOException, Refused {
        DirectoryStream<Path> top;
        try {
            top = Files.newDirectoryStream(trusted);
        } catch (NoSuchFileException e) {
            return null;
        } catch (NotDirectoryException e) {
            throw new Refused("the trusted directory is not a directory");
        }
        if (!(top instanceof SecureDirectoryStream<Path> sds)) {
            top.close();
            return ByPath.walk(trusted, dirs);
        }
        Secure dir = new Secure(sds, trusted, sds.getFileAttributeView(PosixFileAttributeView.class)
                .readAttributes().owner());
        try {
            for (int i = 0; i < dirs.size(); i++) {
                BasicFileAttributes a = dir.attributesOrNull(dirs.get(i));
                if (a == null) {
                    dir.close();
                    return null;
                }
                checkDirectory(a, dirs, i);
                dir.descend(dirs.get(i));
            }
            return dir;
        } catch (IOException | Refused | RuntimeException e) {
            dir.close();
            throw e;
        }
    }

    private static void checkDirectory(BasicFileAttributes a, List<String> dirs, int i) throws Refused {
        String where = String.join("/", dirs.subList(0, i + 1));
        if (a.isSymbolicLink()) {
            throw new Refused("symlink refused (" + where + ")");
        }
        if (!a.isDirectory()) {
            throw new Refused("not a directory (" + where + ")");
        }
    }

    /** The trusted directory's owner: the one user whose files are read below it; {@code null} if unknown. */
    abstract UserPrincipal homeOwner();

    /** {@code name}'s own attributes (not a link's target); {@link NoSuchFileException} when it does not exist. */
    abstract BasicFileAttributes attributes(String name) throws IOException;

    /** The owner of {@code name}, whose attributes are {@code a}; {@code null} where the platform cannot say. */
    abstract UserPrincipal owner(String name, BasicFileAttributes a);

    /** Opens {@code name} for reading without following a link. */
    abstract SeekableByteChannel open(String name) throws IOException;

    /** The names in this directory, unsorted, at most {@code max + 1} of them. */
    abstract List<String> names(int max) throws IOException;

    /** {@code name} by path, only to describe it (the kind of a special file), never to read it. */
    abstract Path path(String name);

    BasicFileAttributes attributesOrNull(String name) throws IOException {
        try {
            return attributes(name);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static final class Secure extends SafeDir {
        private final List<SecureDirectoryStream<Path>> chain = new ArrayList<>();
        private final UserPrincipal homeOwner;
        private Path path;

        Secure(SecureDirectoryStream<Path> top, Path trusted, UserPrincipal homeOwner) {
            chain.add(top);
            this.path = trusted;
            this.homeOwner = homeOwner;
        }

        private SecureDirectoryStream<Path> dir() {
            return chain.get(chain.size() - 1);
        }

        void descend(String name) throws IOException {
            chain.add(dir().newDirectoryStream(Path.of(name), NO_FOLLOW));
            path = path.resolve(name);
        }

        @Override
        UserPrincipal homeOwner() {
            return homeOwner;
        }

        @Override
        BasicFileAttributes attributes(String name) throws IOException {
            return dir().getFileAttributeView(Path.of(name), PosixFileAttributeView.class, NO_FOLLOW)
                    .readAttributes();
        }

        @Override
        UserPrincipal owner(String name, BasicFileAttributes a) {
            return a instanceof PosixFileAttributes p ? p.owner() : null;
        }

        @Override
        SeekableByteChannel open(String name) throws IOException {
            return dir().newByteChannel(Path.of(name), READ_NO_FOLLOW);
        }

        @Override
        List<String> names(int max) {
            List<String> out = new ArrayList<>();
            // a SecureDirectoryStream iterates once; this walk lists its last directory at most once
            for (Path p : dir()) {
                out.add(p.getFileName().toString());
                if (out.size() > max) {
                    break;
                }
            }
            return out;
        }

        @Override
        Path path(String name) {
            return path.resolve(name);
        }

        @Override
        public void close() throws IOException {
            for (int i = chain.size() - 1; i >= 0; i--) {
                chain.get(i).close();
            }
        }
    }

    private static final class ByPath extends SafeDir {
        private final Path dir;
        private final UserPrincipal homeOwner;

        private ByPath(Path dir, UserPrincipal homeOwner) {
            this.dir = dir;
            this.homeOwner = homeOwner;
        }

        static SafeDir walk(Path trusted, List<String> dirs) throws IOException, Refused {
            Path p = trusted;
            for (int i = 0; i < dirs.size(); i++) {
                p = p.resolve(dirs.get(i));
                BasicFileAttributes a;
                try {
                    a = Files.readAttributes(p, BasicFileAttributes.class, NO_FOLLOW);
                } catch (NoSuchFileException e) {
                    return null;
                }
                checkDirectory(a, dirs, i);
            }
            return new ByPath(p, ownerOrNull(trusted));
        }

        private static UserPrincipal ownerOrNull(Path p) {
            try {
                return Files.getOwner(p, NO_FOLLOW);
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }

        @Override
        UserPrincipal homeOwner() {
            return homeOwner;
        }

        @Override
        BasicFileAttributes attributes(String name) throws IOException {
            return Files.readAttributes(dir.resolve(name), BasicFileAttributes.class, NO_FOLLOW);
        }

        @Override
        UserPrincipal owner(String name, BasicFileAttributes a) {
            return ownerOrNull(dir.resolve(name));
        }

        @Override
        SeekableByteChannel open(String name) throws IOException {
            return Files.newByteChannel(dir.resolve(name), READ_NO_FOLLOW);
        }

        @Override
        List<String> names(int max) throws IOException {
            try (Stream<Path> s = Files.list(dir)) {
                return s.limit(max + 1L).map(p -> p.getFileName().toString()).toList();
            }
        }

        @Override
        Path path(String name) {
            return dir.resolve(name);
        }

        @Override
        public void close() {
        }
    }
}
