package io.rollcall.agent.os;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The untrusted-file rules on real files, links and FIFOs in a temporary home; the races are played in the hook. */
class UntrustedFilesTest {
    private static final Duration BOUND = Duration.ofSeconds(20);

    @TempDir
    Path home;
    @TempDir
    Path elsewhere;

    private final UntrustedFiles files = new UntrustedFiles();

    static void mkfifo(Path p) {
        try {
            Files.createDirectories(p.getParent());
            Process mk = new ProcessBuilder("/usr/bin/mkfifo", p.toString()).inheritIO().start();
            assertEquals(0, mk.waitFor(), "mkfifo " + p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path write(String relative, String content) throws IOException {
        Path p = home.resolve(relative);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, content);
    }

    private UntrustedRead read(UntrustedFiles reader, String relative, int max) {
        return assertTimeoutPreemptively(BOUND, () -> reader.read(home, relative, max));
    }

    @Test
    void aRegularFileOfTheHomesOwnerIsRead() throws IOException {
        write(".config/kscreenlockerrc", "[Daemon]\nTimeout=10\n");
        UntrustedRead r = read(files, ".config/kscreenlockerrc", 1024);
        assertTrue(r.isPresent(), r.toString());
        assertEquals(java.util.List.of("[Daemon]", "Timeout=10"), r.lines());
    }

    @Test
    void aMissingFileOrParentIsMissingNotRefused() throws IOException {
        write(".config/other", "x");
        assertTrue(read(files, ".config/kscreenlockerrc", 1024).isMissing());
        assertTrue(read(files, ".kde/share/config/kscreenlockerrc", 1024).isMissing());
        assertTrue(files.read(home.resolve("nobody-here"), "a", 10).isMissing());
    }

    @Test
    void aLinkAsTheFileIsRefusedEvenWhenItPointsInsideTheHome() throws IOException {
        Path real = write("real", "[Daemon]\nAutolock=false\n");
        Files.createDirectories(home.resolve(".config"));
        Files.createSymbolicLink(home.resolve(".config/kscreenlockerrc"), real);
        Files.createSymbolicLink(home.resolve(".config/zero"), Path.of("/dev/zero"));
        assertEquals("symlink refused", read(files, ".config/kscreenlockerrc", 1024).reason());
        assertEquals("symlink refused", read(files, ".config/zero", 1024).reason());
    }

    @Test
    void aLinkAsAParentDirectoryIsRefusedAndNamed() throws IOException {
        Files.writeString(Files.createDirectories(elsewhere.resolve("cfg")).resolve("kscreenlockerrc"), "secret");
        Files.createSymbolicLink(home.resolve(".config"), elsewhere.resolve("cfg"));
        assertEquals("symlink refused (.config)", read(files, ".config/kscreenlockerrc", 1024).reason());
    }

    @Test
    void aFifoADirectoryAndAFileWhereADirectoryShouldBeAreRefusedWithoutHanging() throws IOException {
        mkfifo(home.resolve(".config/kscreenlockerrc"));
        Files.createDirectories(home.resolve(".config/dconf/user"));
        write(".local", "a file, not a directory");
        assertEquals("not a regular file (FIFO)", read(files, ".config/kscreenlockerrc", 1024).reason());
        assertEquals("not a regular file (directory)", read(files, ".config/dconf/user", 1024).reason());
        assertEquals("not a directory (.local)", read(files, ".local/share/x", 1024).reason());
    }

    @Test
    void aSparseGigabyteIsRefusedBySizeAndAFileAtTheCapIsRead() throws IOException {
        Path big = home.resolve("big");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(1L << 30); // sparse: costs no disk
        }
        assertEquals("larger than 64 KiB", read(files, "big", 64 << 10).reason());
        write("exact", "x".repeat(100));
        assertEquals(100, read(files, "exact", 100).bytes().length);
        assertEquals("larger than 99 bytes", read(files, "exact", 99).reason());
    }

    @Test
    void aFileThatGrowsAfterTheCheckIsStillCappedByWhatIsRead() throws IOException {
        Path p = write("grows", "small");
        UntrustedFiles racing = new UntrustedFiles(Duration.ofSeconds(5), 4, () -> append(p, "y".repeat(5000)));
        assertEquals("larger than 1 KiB", read(racing, "grows", 1024).reason());
    }

    @Test
    void aFifoSwappedInAfterTheCheckTimesOutAndItsParkedThreadIsCountedUntilReleased() throws Exception {
        Path p = write("swap", "[Daemon]\n");
        AtomicBoolean once = new AtomicBoolean();
        UntrustedFiles racing = new UntrustedFiles(Duration.ofMillis(300), 1, () -> {
            if (once.compareAndSet(false, true)) {
                delete(p);
                mkfifo(p);
            }
        });
        assertEquals("timed out after 300 ms", read(racing, "swap", 1024).reason());
        assertEquals(1, racing.hanging());
        // the budget of parked threads is spent: the next read is refused at once instead of parking another
        assertTrue(read(racing, "swap", 1024).reason().contains("still hanging"));

        // a writer lets the parked open() return; the thread finishes and gives its place back
        new FileOutputStream(p.toFile()).close();
        assertTimeoutPreemptively(BOUND, () -> {
            while (racing.hanging() > 0) {
                Thread.onSpinWait();
            }
        });
        assertEquals("not a regular file (FIFO)", read(racing, "swap", 1024).reason());
    }

    @Test
    void aLinkSwappedInAfterTheCheckIsNotFollowed() throws IOException {
        Path p = write("swap", "[Daemon]\n");
        Path secret = Files.writeString(elsewhere.resolve("secret"), "TOP-SECRET-CONTENT");
        UntrustedFiles racing = new UntrustedFiles(Duration.ofSeconds(5), 4, () -> {
            delete(p);
            try {
                Files.createSymbolicLink(p, secret);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        UntrustedRead r = read(racing, "swap", 1024);
        assertEquals("symlink refused", r.reason());
    }

    @Test
    void anotherFileRenamedInAfterTheCheckIsRefused() throws IOException {
        write("swap", "[Daemon]\n");
        Path other = write("other", "[Daemon]\nAutolock=false\n");
        UntrustedFiles racing = new UntrustedFiles(Duration.ofSeconds(5), 4, () -> {
            try {
                Files.move(other, home.resolve("swap"), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        assertEquals("replaced while being read", read(racing, "swap", 1024).reason());
    }

    /** A hard link keeps its target's owner: a user's link to root's file is refused (needs root to set up). */
    @Test
    void aHardLinkToAFileOfAnotherOwnerIsRefused() throws IOException {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "needs root to give the home another owner; CI runs as root");
        Path rootsFile = Files.writeString(elsewhere.resolve("roots"), "root:$6$hash:19000:0:99999:7:::\n");
        Path student = Files.createDirectories(home.resolve("student"));
        Files.setAttribute(student, "unix:uid", 4242);
        Files.createLink(student.resolve("notes"), rootsFile);
        UntrustedRead r = assertTimeoutPreemptively(BOUND, () -> files.read(student, "notes", 1024));
        assertEquals("not owned by the owner of the home directory", r.reason());
    }

    @Test
    void aListingDescribesEachEntryByItselfAndRefusesALinkedFolder() throws IOException {
        write("Library/Preferences/ByHost/a.plist", "x");
        Files.createDirectories(home.resolve("Library/Preferences/ByHost/sub"));
        Files.createSymbolicLink(home.resolve("Library/Preferences/ByHost/link"), elsewhere);
        UntrustedListing l = assertTimeoutPreemptively(BOUND,
                () -> files.list(home, "Library/Preferences/ByHost", 100));
        assertEquals(java.util.List.of("a.plist", "link", "sub"),
                l.entries().stream().map(UntrustedListing.Entry::name).toList());
        assertEquals(java.util.List.of(false, false, true),
                l.entries().stream().map(UntrustedListing.Entry::directory).toList(), "a link is not a directory");

        Files.createSymbolicLink(home.resolve("Applications"), elsewhere);
        assertEquals("symlink refused (Applications)", files.list(home, "Applications", 100).refused());
        assertEquals("more than 2 entries", files.list(home, "Library/Preferences/ByHost", 2).refused());
        assertTrue(files.list(home, "Nothing/Here", 100).entries().isEmpty());
    }

    @Test
    void onlyPlainRelativePathsAreAccepted() throws IOException {
        write("x", "y");
        for (String bad : new String[]{"../x", "/etc/passwd", "a//x", "./x", ""}) {
            assertTrue(read(files, bad, 10).isRefused(), bad);
        }
        assertArrayEquals("y".getBytes(StandardCharsets.UTF_8), read(files, "x", 10).bytes());
    }

    private static void append(Path p, String s) {
        try {
            Files.writeString(p, s, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path p) {
        try {
            Files.delete(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
