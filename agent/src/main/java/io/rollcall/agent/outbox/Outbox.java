package io.rollcall.agent.outbox;

import io.rollcall.agent.state.AtomicFiles;
import io.rollcall.agent.state.DropCounters;
import io.rollcall.common.report.Report;
import io.rollcall.common.report.ReportKind;
import io.rollcall.common.wire.ReportCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A durable, bounded, on-disk queue of reports waiting for the collector, in {@code <state>/outbox/}.
 *
 * <p>Rules:
 * <ol>
 *   <li>A report is written (gzipped JSON, temp file + fsync + atomic rename + directory fsync) before any attempt
 *       to send it, and deleted only after the collector acknowledged it with 202. A file whose name does not match
 *       {@link OutboxEntry} — such as a temp file a crash left behind — is never read or sent.</li>
 *   <li>Order is creation order (the sequence in the file name), which survives restarts.</li>
 *   <li>The queue holds at most {@link OutboxLimits#maxFiles()} files and {@link OutboxLimits#maxBytes()} bytes.
 *       To make room, heartbeats go first, oldest first (an incoming heartbeat is itself the first to go when no
 *       older one is queued, so a heartbeat never evicts real data); then the oldest delta or full reports. Every
 *       drop is returned as {@link DropCounters}, including the media events the dropped reports carried, so the
 *       caller can add them to the next report's diagnostics: nothing is dropped silently.</li>
 *   <li>A newer full report does not delete older queued ones: media events live only in the report that carried
 *       them (pending events are kept in {@code events.jsonl} until a report holding them is queued here), so the
 *       outbox drops whole reports only when it must, and counts what they held.</li>
 *   <li>A report the collector refuses as malformed (a 4xx other than 401/403/408/429) is poison: it moves to
 *       {@code rejected/} with the collector's reason beside it, and the queue goes on.</li>
 * </ol>
 * Single writer: one agent process owns a state directory.
 */
public final class Outbox {
    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
    public static final String REJECTED_DIR = "rejected";

    private final Path dir;
    private final OutboxLimits limits;
    private long nextSequence;

    /** Opens (creating, 0700) the queue in {@code dir}, continuing the sequence of whatever is already there. */
    public Outbox(Path dir, OutboxLimits limits) throws IOException {
        this.dir = AtomicFiles.ensurePrivateDirectory(dir);
        this.limits = limits;
        List<OutboxEntry> existing = entries();
        this.nextSequence = existing.isEmpty() ? 1 : existing.get(existing.size() - 1).sequence() + 1;
    }

    public Path directory() {
        return dir;
    }

    /** The result of queueing: the new entry (empty when the incoming heartbeat itself had to go) and what was dropped. */
    public record Enqueued(Optional<OutboxEntry> entry, DropCounters dropped) {
    }

    /** Writes the report durably, then enforces the bounds (see class rules). */
    public synchronized Enqueued enqueue(Report report) throws IOException {
        int events = report.sections().removableMedia() == null ? 0 : report.sections().removableMedia().events().size();
        byte[] gz = ReportCodec.encodeForSending(report);
        Path target = dir.resolve(OutboxEntry.fileName(nextSequence++, report.kind(), events, report.reportId()));
        AtomicFiles.write(target, gz);
        OutboxEntry added = OutboxEntry.parse(target, gz.length).orElseThrow();
        DropCounters dropped = enforceBounds(added);
        boolean kept = Files.exists(target);
        return new Enqueued(kept ? Optional.of(added) : Optional.empty(), dropped);
    }

    private DropCounters enforceBounds(OutboxEntry added) throws IOException {
        List<OutboxEntry> all = entries();
        long bytes = all.stream().mapToLong(OutboxEntry::bytes).sum();
        int files = all.size();
        List<OutboxEntry> victims = new ArrayList<>();
        all.stream().filter(e -> e.kind() == ReportKind.HEARTBEAT).forEach(victims::add);
        all.stream().filter(e -> e.kind() != ReportKind.HEARTBEAT && !e.equals(added)).forEach(victims::add);
        long heartbeats = 0;
        long reports = 0;
        long events = 0;
        for (OutboxEntry v : victims) {
            if (files <= limits.maxFiles() && bytes <= limits.maxBytes()) {
                break;
            }
            Files.deleteIfExists(v.file());
            files--;
            bytes -= v.bytes();
            if (v.kind() == ReportKind.HEARTBEAT) {
                heartbeats++;
            } else {
                reports++;
                events += v.mediaEvents();
            }
            LOG.warn("outbox full ({} files, {} bytes allowed): dropped {} report {} carrying {} media events",
                    limits.maxFiles(), limits.maxBytes(), v.kind().wireName(), v.reportId(), v.mediaEvents());
        }
        if (heartbeats + reports > 0) {
            AtomicFiles.fsyncDirectory(dir);
        }
        return new DropCounters(heartbeats, reports, events);
    }

    /** Queued reports, oldest first. */
    public synchronized List<OutboxEntry> entries() throws IOException {
        List<OutboxEntry> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(p)) {
                    OutboxEntry.parse(p, sizeOf(p)).ifPresent(out::add);
                }
            }
        }
        out.sort(Comparator.comparing(e -> e.file().getFileName().toString()));
        return out;
    }

    public int depth() throws IOException {
        return entries().size();
    }

    /** The gzipped JSON exactly as it will be sent. */
    public byte[] read(OutboxEntry entry) throws IOException {
        return Files.readAllBytes(entry.file());
    }

    /** Deletes a report the collector acknowledged. Already gone is fine: the acknowledgement is what matters. */
    public synchronized void delete(OutboxEntry entry) throws IOException {
        Files.deleteIfExists(entry.file());
        AtomicFiles.fsyncDirectory(dir);
    }

    /** Moves a poison report to {@code rejected/}, with {@code reason} in a {@code .reason.txt} file beside it. */
    public synchronized void reject(OutboxEntry entry, String reason) throws IOException {
        Path rejected = AtomicFiles.ensurePrivateDirectory(dir.resolve(REJECTED_DIR));
        Path name = entry.file().getFileName();
        AtomicFiles.write(rejected.resolve(name + ".reason.txt"), (reason + "\n").getBytes(StandardCharsets.UTF_8));
        try {
            Files.move(entry.file(), rejected.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            return;
        }
        AtomicFiles.fsyncDirectory(dir);
    }

    /** How many reports the collector refused and were kept for inspection. */
    public int rejectedCount() throws IOException {
        Path rejected = dir.resolve(REJECTED_DIR);
        if (!Files.isDirectory(rejected)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(rejected)) {
            return (int) files.filter(p -> p.getFileName().toString().endsWith(".json.gz")).count();
        }
    }

    private static long sizeOf(Path p) {
        try {
            return FileUtils.sizeOf(p.toFile());
        } catch (UncheckedIOException | IllegalArgumentException e) {
            return 0; // vanished between listing and sizing
        }
    }
}
