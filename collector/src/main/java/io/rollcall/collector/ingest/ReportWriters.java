package io.rollcall.collector.ingest;

import io.rollcall.collector.db.Database;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The node's report writers: one on H2, whose commits serialise on its one file anyway, two on PostgreSQL, where a
 * writer's transaction runs in one server process and a single writer left the machine a third idle during first
 * reports (BENCHMARKS.md). Reports that write sections are spread over the writers by device; the rest, two small
 * rows each, share the first writer's commits ({@link #of(PreparedReport)}). Two writers' groups touch disjoint
 * devices' rows, and the one kind of row they can share (a software list stored once for many devices) each inserts
 * in digest order, so they never wait on each other in a cycle.
 */
final class ReportWriters implements AutoCloseable {
    /** Writers on PostgreSQL. */
    static final int ON_POSTGRESQL = 2;

    private final List<ReportWriter> writers;

    private ReportWriters(List<ReportWriter> writers) {
        this.writers = List.copyOf(writers);
    }

    /** The writers for {@code db}, started. */
    static ReportWriters of(Database db) {
        return of(db, db.postgresql() ? ON_POSTGRESQL : 1, true);
    }

    /** {@code n} writers; {@code start}: whether they start writing now (a test queues groups first, then {@link #start}s). */
    static ReportWriters of(Database db, int n, boolean start) {
        if (n < 1) {
            throw new IllegalArgumentException("report writers was " + n + ", must be 1 or more");
        }
        List<ReportWriter> ws = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ws.add(new ReportWriter(db, "rollcall-report-writer" + (i == 0 ? "" : "-" + i), start));
        }
        return new ReportWriters(ws);
    }

    void start() {
        writers.forEach(ReportWriter::start);
    }

    /** The writer of {@code deviceId}'s reports. */
    ReportWriter of(UUID deviceId) {
        return writers.get(indexOf(deviceId));
    }

    /** Which writer, 0 to {@link #size} - 1, writes {@code deviceId}'s reports. */
    int indexOf(UUID deviceId) {
        return Math.floorMod(deviceId.hashCode(), writers.size());
    }

    ReportWriter get(int index) {
        return writers.get(index);
    }

    /** Completes once the report is committed ({@link ReportWriter#submit}), by the writer {@link #of} names. */
    CompletableFuture<Boolean> submit(PreparedReport report) {
        return of(report).submit(report);
    }

    /**
     * The writer of {@code report}: one that changes no section (a heartbeat, an unchanged full report: a log row and
     * the device's row) goes to the first writer, where such reports share commits; one that writes sections goes to
     * its device's writer, so that first reports are written in parallel. A device has one report in the writers at
     * a time (its lock is held until the commit), so the two never hold rows of one device at once.
     */
    ReportWriter of(PreparedReport report) {
        return report.sections().isEmpty() ? writers.get(0) : of(report.deviceId());
    }

    /** Runs after each commit that queued a device for the install index; set once at start. */
    void onIndexQueued(Runnable r) {
        writers.forEach(w -> w.onIndexQueued(r));
    }

    /** When any writer last committed a group ({@link System#nanoTime}; {@code Long.MIN_VALUE} before the first). */
    long lastCommitNanos() {
        long last = Long.MIN_VALUE;
        for (ReportWriter w : writers) {
            last = Math.max(last, w.lastCommitNanos());
        }
        return last;
    }

    /** Reports waiting for their writer's next commit, all writers together. */
    int queueDepth() {
        int n = 0;
        for (ReportWriter w : writers) {
            n += w.queueDepth();
        }
        return n;
    }

    int size() {
        return writers.size();
    }

    @Override
    public void close() {
        writers.forEach(ReportWriter::close);
    }
}
