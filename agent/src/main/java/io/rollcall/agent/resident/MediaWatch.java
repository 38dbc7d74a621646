package io.rollcall.agent.resident;

import java.io.File;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Notices cheaply that removable media may have come or gone, so the resident starts a worker to look properly.
 * A {@link #fingerprint()} is a few directory listings: Linux the disks in {@code /sys/block} with their sizes (a
 * card in a reader changes the size) and the entries of {@code /sys/bus/usb/devices} (phones and cameras are no
 * disks); macOS {@code /Volumes}; Windows the drive roots. Where the system tells of changes — inotify on
 * {@code /dev} and {@code /dev/bus/usb/*} on Linux, {@code /Volumes} on macOS (the JDK polls it) — a watcher
 * thread wakes the resident; elsewhere the resident takes the fingerprint on a timer. Also the resident's
 * {@link ResidentLoop.Waiter}: it sleeps until a deadline, a change, or {@link #wake()}.
 */
public final class MediaWatch implements ResidentLoop.Waiter, AutoCloseable {
    /** After an event, let the device settle (udev links, partition table, sizes) before looking. */
    static final Duration SETTLE = Duration.ofMillis(1500);
    private static final List<String> VIRTUAL_DISKS = List.of("loop", "ram", "zram", "dm-", "md", "nbd", "fd");

    private final ResidentLoop.Fingerprint fingerprint;
    private final WatchService watch;
    private final Clock clock;
    private final Object lock = new Object();
    private boolean woken;

    MediaWatch(ResidentLoop.Fingerprint fingerprint, List<Path> watched, Clock clock) {
        this.fingerprint = fingerprint;
        this.clock = clock;
        this.watch = open(watched);
        if (watch != null) {
            Thread t = new Thread(new Watcher(), "rollcall-media-watch");
            t.setDaemon(true);
            t.start();
        }
    }

    /** The watch for this operating system. */
    public static MediaWatch forThisSystem(Clock clock) {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.startsWith("linux")) {
            List<Path> dirs = new ArrayList<>(List.of(Path.of("/dev")));
            dirs.addAll(list(Path.of("/dev/bus/usb")));
            return new MediaWatch(new LinuxDisks(), dirs, clock);
        }
        if (os.startsWith("mac")) {
            return new MediaWatch(new Listing(Path.of("/Volumes")), List.of(Path.of("/Volumes")), clock);
        }
        if (os.startsWith("windows")) {
            return new MediaWatch(new DriveRoots(), List.of(), clock);
        }
        return new MediaWatch(new DriveRoots(), List.of(), clock);
    }

    /** For a test: the fingerprint is {@code dir}'s listing and changes in it wake the resident. */
    public static MediaWatch ofDirectory(Path dir, Clock clock) {
        return new MediaWatch(new Listing(dir), List.of(dir), clock);
    }

    // Named classes rather than lambdas: each lambda would bring java.lang.invoke's machinery into the resident.

    /** The names in one directory (/Volumes, a test's directory). */
    private static final class Listing implements ResidentLoop.Fingerprint {
        private final Path dir;

        Listing(Path dir) {
            this.dir = dir;
        }

        @Override
        public String get() {
            return String.join("\n", names(dir));
        }
    }

    /** Windows' drive letters (a stick gets one); elsewhere, without a better source, the file system roots. */
    private static final class DriveRoots implements ResidentLoop.Fingerprint {
        @Override
        public String get() {
            StringBuilder sb = new StringBuilder();
            for (File root : File.listRoots()) {
                sb.append(root.getPath()).append('\n');
            }
            return sb.toString();
        }
    }

    private static final class LinuxDisks implements ResidentLoop.Fingerprint {
        @Override
        public String get() {
            return linuxFingerprint();
        }
    }

    private final class Watcher implements Runnable {
        @Override
        public void run() {
            watchLoop();
        }
    }

    public String fingerprint() {
        return fingerprint.get();
    }

    /** Whether the system tells us of changes; otherwise the resident must poll the fingerprint. */
    public boolean hasEvents() {
        return watch != null;
    }

    @Override
    public void awaitUntil(Instant deadline) throws InterruptedException {
        synchronized (lock) {
            while (!woken) {
                long ms = Duration.between(clock.instant(), deadline).toMillis();
                if (ms <= 0) {
                    break;
                }
                lock.wait(ms);
            }
            woken = false;
        }
    }

    /** Ends the current wait at once (a change, or the service stopping). */
    public void wake() {
        synchronized (lock) {
            woken = true;
            lock.notifyAll();
        }
    }

    @Override
    public void close() {
        if (watch != null) {
            try {
                watch.close();
            } catch (IOException e) {
                // closing only stops the watcher thread
            }
        }
    }

    private void watchLoop() {
        try {
            while (true) {
                WatchKey key = watch.take();
                Thread.sleep(SETTLE.toMillis());
                for (WatchKey k = key; k != null; k = watch.poll()) {
                    k.pollEvents();
                    k.reset();
                }
                wake();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed: the service is stopping
        }
    }

    private static WatchService open(List<Path> dirs) {
        if (dirs.isEmpty()) {
            return null;
        }
        WatchService ws = null;
        try {
            ws = FileSystems.getDefault().newWatchService();
            int registered = 0;
            for (Path d : dirs) {
                try {
                    d.register(ws, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE);
                    registered++;
                } catch (IOException | RuntimeException e) {
                    // a directory this system lacks: the others (or the timer) still serve
                }
            }
            if (registered > 0) {
                return ws;
            }
            ws.close();
        } catch (IOException | RuntimeException e) {
            // no watch service: the resident polls the fingerprint instead
        }
        return null;
    }

    /** Disks (not loop/RAM/device-mapper) with their sizes, then USB devices and interfaces. */
    static String linuxFingerprint() {
        StringBuilder sb = new StringBuilder();
        for (String disk : names(Path.of("/sys/block"))) {
            if (!isVirtual(disk)) {
                sb.append(disk).append(':').append(firstLine(Path.of("/sys/block", disk, "size"))).append('\n');
            }
        }
        for (String usb : names(Path.of("/sys/bus/usb/devices"))) {
            sb.append(usb).append('\n');
        }
        return sb.toString();
    }

    private static boolean isVirtual(String disk) {
        for (String prefix : VIRTUAL_DISKS) {
            if (disk.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static String firstLine(Path p) {
        try {
            String s = Files.readString(p);
            int nl = s.indexOf('\n');
            return nl < 0 ? s : s.substring(0, nl);
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    /** The sorted names in {@code dir}; empty when it cannot be listed. */
    static TreeSet<String> names(Path dir) {
        TreeSet<String> names = new TreeSet<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                names.add(p.getFileName().toString());
            }
        } catch (IOException | RuntimeException e) {
            // missing or unreadable: nothing to see
        }
        return names;
    }

    private static List<Path> list(Path dir) {
        List<Path> out = new ArrayList<>();
        for (String n : names(dir)) {
            out.add(dir.resolve(n));
        }
        return out;
    }
}
