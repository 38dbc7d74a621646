package io.rollcall.agent.os;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The one reader for files a user can write (anything under a home directory, /tmp, /var/tmp, /run/user), for an
 * agent that runs as root. A user must not be able to make it hang, fill its heap, or read for them a file they
 * could not read themselves. So a read:
 * <ol>
 *   <li>walks from the trusted directory (the home, which only root can replace) one component at a time
 *       ({@link SafeDir}: directory descriptors and {@code O_NOFOLLOW} where the platform has them, so a component
 *       swapped for a link after its check still cannot be followed), and refuses any component that is a symbolic
 *       link;</li>
 *   <li>accepts only a regular file (no FIFO, device, socket or directory), owned by the trusted directory's owner
 *       (a hard link to someone else's file keeps that owner), no larger than the caller's cap;</li>
 *   <li>opens it without following links, checks it is still the file it examined, and reads at most cap + 1
 *       bytes;</li>
 *   <li>does all of that on a worker thread and gives up after a timeout, so a FIFO swapped in between the check
 *       and the open, or a FUSE mount that never answers, costs a parked thread, not the scan. At most a few such
 *       threads may hang at once; beyond that reads are refused at once.</li>
 * </ol>
 * Never throws: the answer is the content, "missing", or a refusal with the reason.
 */
public final class UntrustedFiles {
    /** The cap for a file whose size nothing else suggests. */
    public static final int DEFAULT_MAX_BYTES = 1 << 20;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    /** More entries than any preferences or applications folder holds. */
    public static final int DEFAULT_MAX_ENTRIES = 10_000;
    static final int DEFAULT_MAX_HANGING = 4;
    private static final LinkOption NO_FOLLOW = LinkOption.NOFOLLOW_LINKS;
    private static final int RUNNING = 0;
    private static final int DONE = 1;
    private static final int ABANDONED = 2;

    private final Duration timeout;
    private final int maxHanging;
    private final Runnable beforeOpen;
    private final AtomicInteger hanging = new AtomicInteger();
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "rollcall-user-file-read");
        t.setDaemon(true); // a read parked on a FIFO must not keep the agent from exiting
        return t;
    });

    public UntrustedFiles() {
        this(DEFAULT_TIMEOUT, DEFAULT_MAX_HANGING, () -> { });
    }

    /** @param beforeOpen runs between the checks and the open; tests swap the file there to play the race */
    UntrustedFiles(Duration timeout, int maxHanging, Runnable beforeOpen) {
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout was " + timeout + ", must be positive");
        }
        this.timeout = timeout;
        this.maxHanging = maxHanging;
        this.beforeOpen = beforeOpen;
    }

    /**
     * Reads {@code relative} ("a/b/c", no "." or "..") below {@code trustedDir}, at most {@code maxBytes}.
     *
     * @param trustedDir a directory only root can replace, such as a home directory; it may itself be reached through
     *                   links (an administrator's /home → /data/home), nothing below it may
     */
    public UntrustedRead read(Path trustedDir, String relative, int maxBytes) {
        List<String> names = names(relative);
        if (names == null || maxBytes < 0) {
            return UntrustedRead.refused("not a plain relative path: " + relative);
        }
        return bounded(() -> readNow(trustedDir, names, maxBytes), UntrustedRead::refused);
    }

    /**
     * Lists {@code relative} below {@code trustedDir} under the same rules (no link on the way, the directory itself
     * included; the same timeout), each entry with its own attributes; more than {@code maxEntries} is refused.
     */
    public UntrustedListing list(Path trustedDir, String relative, int maxEntries) {
        List<String> names = names(relative);
        if (names == null || maxEntries < 0) {
            return UntrustedListing.refusal("not a plain relative path: " + relative);
        }
        return bounded(() -> listNow(trustedDir, names, maxEntries), UntrustedListing::refusal);
    }

    /** Reads still parked after their caller gave up on them. */
    int hanging() {
        return hanging.get();
    }

    /** Runs {@code work} on a worker, giving up after the timeout; never throws. */
    private <T> T bounded(Callable<T> work, Function<String, T> refusal) {
        int stuck = hanging.get();
        if (stuck >= maxHanging) {
            return refusal.apply("not read: " + stuck + " earlier reads of user files are still hanging");
        }
        AtomicInteger state = new AtomicInteger(RUNNING);
        Future<T> f;
        try {
            f = workers.submit(() -> {
                try {
                    return work.call();
                } finally {
                    if (!state.compareAndSet(RUNNING, DONE)) {
                        hanging.decrementAndGet(); // the caller gave up on this one and counted it
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            return refusal.apply("not read: no reader thread available");
        }
        String reason;
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            reason = "timed out after " + describe(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reason = "interrupted";
        } catch (ExecutionException e) {
            return refusal.apply("could not be read (" + e.getCause().getClass().getSimpleName() + ")");
        }
        if (!state.compareAndSet(RUNNING, ABANDONED)) {
            try {
                return f.get(); // finished in the meantime
            } catch (InterruptedException | ExecutionException e) {
                return refusal.apply(reason);
            }
        }
        hanging.incrementAndGet();
        f.cancel(true); // frees a read blocked in a channel; an open() blocked on a FIFO stays parked and counted
        return refusal.apply(reason);
    }

    private UntrustedRead readNow(Path trustedDir, List<String> names, int maxBytes) {
        String file = names.get(names.size() - 1);
        try (SafeDir dir = SafeDir.open(trustedDir, names.subList(0, names.size() - 1))) {
            if (dir == null) {
                return UntrustedRead.missing();
            }
            BasicFileAttributes a = dir.attributes(file);
            String bad = fileProblem(a, dir.owner(file, a), dir.homeOwner(), maxBytes, dir.path(file));
            if (bad != null) {
                return UntrustedRead.refused(bad);
            }
            beforeOpen.run();
            try (SeekableByteChannel ch = dir.open(file)) {
                // A regular file swapped in after the check (a hard link to another file) has another identity.
                if (!Objects.equals(a.fileKey(), dir.attributes(file).fileKey())) {
                    return UntrustedRead.refused("replaced while being read");
                }
                return bounded(ch, maxBytes);
            }
        } catch (SafeDir.Refused e) {
            return UntrustedRead.refused(e.getMessage());
        } catch (NoSuchFileException e) {
            return UntrustedRead.missing(); // removed between the check and the open
        } catch (IOException | RuntimeException e) {
            return UntrustedRead.refused(describe(e));
        }
    }

    private UntrustedListing listNow(Path trustedDir, List<String> names, int maxEntries) {
        try (SafeDir dir = SafeDir.open(trustedDir, names)) {
            if (dir == null) {
                return UntrustedListing.missing();
            }
            List<String> found = dir.names(maxEntries);
            if (found.size() > maxEntries) {
                return UntrustedListing.refusal("more than " + maxEntries + " entries");
            }
            List<UntrustedListing.Entry> entries = new ArrayList<>();
            for (String name : found.stream().sorted().toList()) {
                BasicFileAttributes a = dir.attributesOrNull(name);
                if (a != null) { // else removed while listing
                    entries.add(new UntrustedListing.Entry(name, a.lastModifiedTime().toInstant(), a.isDirectory()));
                }
            }
            return UntrustedListing.of(entries);
        } catch (SafeDir.Refused e) {
            return UntrustedListing.refusal(e.getMessage());
        } catch (NoSuchFileException e) {
            return UntrustedListing.missing();
        } catch (IOException | RuntimeException e) {
            return UntrustedListing.refusal(describe(e));
        }
    }

    private static String fileProblem(BasicFileAttributes a, UserPrincipal fileOwner, UserPrincipal homeOwner,
                                      int maxBytes, Path path) {
        if (a.isSymbolicLink()) {
            return "symlink refused";
        }
        if (a.isDirectory()) {
            return "not a regular file (directory)";
        }
        if (!a.isRegularFile()) {
            return "not a regular file (" + kind(path) + ")";
        }
        if (homeOwner != null && fileOwner != null && !homeOwner.equals(fileOwner)) {
            // a hard link to a file of root's or another user's keeps its owner; the user could not read it
            return "not owned by the owner of the home directory";
        }
        if (a.size() > maxBytes) {
            return "larger than " + size(maxBytes);
        }
        return null;
    }

    /** FIFO, device or socket, from the file mode where the platform exposes it. */
    private static String kind(Path p) {
        try {
            int type = ((Integer) Files.getAttribute(p, "unix:mode", NO_FOLLOW)) & 0170000;
            return switch (type) {
                case 0010000 -> "FIFO";
                case 0020000 -> "character device";
                case 0060000 -> "block device";
                case 0140000 -> "socket";
                default -> "special file";
            };
        } catch (IOException | RuntimeException e) {
            return "special file";
        }
    }

    private static UntrustedRead bounded(SeekableByteChannel ch, int maxBytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxBytes + 1, 8192));
        ByteBuffer buf = ByteBuffer.allocate(8192);
        // the size checked before the open may have grown since: count what is actually read
        while (out.size() <= maxBytes) {
            buf.clear().limit(Math.min(buf.capacity(), maxBytes + 1 - out.size()));
            int n = ch.read(buf);
            if (n < 0) {
                return UntrustedRead.content(out.toByteArray());
            }
            out.write(buf.array(), 0, n);
        }
        return UntrustedRead.refused("larger than " + size(maxBytes));
    }

    private static List<String> names(String relative) {
        if (relative == null || relative.isEmpty() || relative.startsWith("/") || relative.contains("\\")) {
            return null;
        }
        List<String> names = List.of(relative.split("/", -1));
        return names.stream().anyMatch(n -> n.isEmpty() || n.equals(".") || n.equals("..")) ? null : names;
    }

    /** An I/O failure in words that do not carry the path (a home's path names its user). */
    private static String describe(Exception e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(java.util.Locale.ROOT);
        if (message.contains("symbolic link")) {
            return "symlink refused"; // ELOOP: O_NOFOLLOW met a link swapped in after the check
        }
        // FileSystemException's reason leaves the path out; other messages may carry it
        String why = e instanceof FileSystemException f ? f.getReason() : null;
        return "could not be read (" + (why != null ? why : e.getClass().getSimpleName()) + ")";
    }

    static String size(long bytes) {
        if (bytes >= 1 << 20 && bytes % (1 << 20) == 0) {
            return (bytes >> 20) + " MiB";
        }
        return bytes >= 1024 && bytes % 1024 == 0 ? (bytes >> 10) + " KiB" : bytes + " bytes";
    }

    private static String describe(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
