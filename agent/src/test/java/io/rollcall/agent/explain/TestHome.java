package io.rollcall.agent.explain;

import io.rollcall.agent.os.FileSource;
import io.rollcall.agent.os.UntrustedListing;
import io.rollcall.agent.os.UntrustedRead;
import io.rollcall.agent.probe.ProbeSeams;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * This machine with one more person on it: /etc/passwd, /etc/shadow and /etc/group are the real files plus a pupil's
 * account (uid 1234, a full name, a SHA-512 password hash), her home holds a KDE screen-locker file, and
 * /usr/bin/plasmashell exists so the screen-lock probe reads it. Paths present under {@code root} are read from there,
 * everything else from the real file system, so the probes still read this machine (dpkg, /proc, sysfs) for real
 * without the test touching the machine's own account files.
 */
final class TestHome {
    static final String USER = "quillonmarsh";
    static final String FULL_NAME = "Quillon Marshwood";
    static final String PASSWORD_HASH = "$6$Qm8rSalt$k3Jq9vT0lYwB2nXc5ZpR7sUa1dEf4GhI6jKmNoPqRsTuVwXyZ.0123456789/abcdEFGH";
    static final String HOME = "/home/" + USER;

    private TestHome() {
    }

    static ProbeSeams seams(Path root) throws IOException {
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/passwd"), Files.readString(Path.of("/etc/passwd"))
                + USER + ":x:1234:1234:" + FULL_NAME + ",,,:" + HOME + ":/bin/bash\n");
        Files.writeString(root.resolve("etc/shadow"), Files.readString(Path.of("/etc/shadow"))
                + USER + ":" + PASSWORD_HASH + ":20000:0:99999:7:::\n");
        Files.writeString(root.resolve("etc/group"), Files.readString(Path.of("/etc/group"))
                + USER + ":x:1234:\n");
        Files.createDirectories(root.resolve("usr/bin"));
        Files.writeString(root.resolve("usr/bin/plasmashell"), "");
        Path config = Files.createDirectories(root.resolve("home/" + USER + "/.config"));
        Files.writeString(config.resolve("kscreenlockerrc"), "# wallpaper chosen by " + FULL_NAME + "\n"
                + "[Greeter][Wallpaper][org.kde.image][General]\nImage=file://" + HOME + "/Pictures/"
                + USER.toUpperCase() + "-pony.jpg\n\n[Daemon]\nAutolock=true\nTimeout=12\nLockGrace=30\n");
        FileSource overlay = new Overlay(root);
        return new ProbeSeams() {
            @Override
            public FileSource files(String probe, FileSource real) {
                return overlay;
            }
        };
    }

    /** Reads a path from the test root when it is there, else from the machine. */
    private record Overlay(Path root, FileSource test, FileSource machine) implements FileSource {
        Overlay(Path root) {
            this(root, FileSource.rootedAt(root), FileSource.system());
        }

        private FileSource pick(String path) {
            return Files.exists(root.resolve(path.substring(1)), LinkOption.NOFOLLOW_LINKS) ? test : machine;
        }

        @Override
        public List<String> readLines(String path) throws IOException {
            return pick(path).readLines(path);
        }

        @Override
        public String readText(String path) throws IOException {
            return pick(path).readText(path);
        }

        @Override
        public byte[] readBytes(String path, long offset, int length) throws IOException {
            return pick(path).readBytes(path, offset, length);
        }

        @Override
        public UntrustedRead readUntrusted(String trustedDir, String relative, int maxBytes) {
            return pick(trustedDir).readUntrusted(trustedDir, relative, maxBytes);
        }

        @Override
        public UntrustedListing listUntrusted(String trustedDir, String relative) {
            return pick(trustedDir).listUntrusted(trustedDir, relative);
        }

        @Override
        public List<String> list(String dir) {
            return pick(dir).list(dir);
        }

        @Override
        public boolean exists(String path) {
            return pick(path).exists(path);
        }

        @Override
        public boolean isReadable(String path) {
            return pick(path).isReadable(path);
        }

        @Override
        public Optional<Instant> lastModified(String path) {
            return pick(path).lastModified(path);
        }

        @Override
        public Optional<String> realPath(String path) {
            return pick(path).realPath(path);
        }
    }
}
