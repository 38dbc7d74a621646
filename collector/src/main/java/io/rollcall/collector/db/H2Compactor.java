package io.rollcall.collector.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.engine.Session;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.RandomAccessStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the embedded H2 file near the size of its live data while the collector writes, on one daemon thread of
 * its own ({@code rollcall-h2-compactor}).
 *
 * <p>Why it exists: {@code WRITE_DELAY=0} (a 202 means the commit is in the file) makes H2 write one MVStore chunk per
 * commit and also stops MVStore's background writer thread, which is the only caller of its chunk compaction while
 * the database is open (h2database/h2database issue 442). A chunk's space is reused only once every page in it is
 * dead; under a storm of commits with random UUID keys nearly every chunk keeps a few live pages, so without
 * compaction the file only grows (10,000 devices: a 7.5 GB file holding 0.9 GB; 100,000: the disk filled at 57 GB;
 * BENCHMARKS.md, "H2's file under a storm"). Every {@link #PERIOD_MILLIS} ms this does what that thread would: when
 * less than {@link #TARGET_FILL_PERCENT} % of the chunks' bytes are live, it rewrites the live pages of the emptiest
 * chunks H2 allows (older than H2's {@code RETENTION_TIME}, lowered to {@link #RETENTION_MILLIS}), at most
 * {@link #WRITE_LIMIT_BYTES} a pass, so those chunks die and H2 reuses their space; and when less than that share
 * of the file is in chunks, it moves up to as many bytes of chunks from the file's end into its holes and
 * truncates it (as H2's housekeeping does, under H2's locks: writers wait for the move); then it syncs the file.
 *
 * <p>A node-local thread on purpose: the embedded file belongs to this process alone, so this is not cluster-wide
 * work for {@code jobs/ClusterJobs}.
 */
public final class H2Compactor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(H2Compactor.class);

    /** Below this share of live bytes in the chunks a pass rewrites; H2's own busy-time target is 81 (90 × 90 %). */
    static final int TARGET_FILL_PERCENT = 60;
    /**
     * Live bytes rewritten, and bytes of chunks moved, per pass at most. Small and often rather than big and rare:
     * what one pass rewrites becomes one new chunk, and a chunk bigger than the file's holes goes to its end (passes
     * of 16 and 64 MB a second left the storm's file as big as no compaction of holes at all; BENCHMARKS.md).
     */
    static final int WRITE_LIMIT_BYTES = 4 << 20;
    static final long PERIOD_MILLIS = 250;
    /**
     * H2's {@code RETENTION_TIME} while this runs, instead of its 45 s. H2 keeps every chunk that long before reusing
     * its space, on the assumption that the OS writes the file out within that time; a storm writes ~45 MB/s, and
     * with 45 s a 10,000-device storm's compacted file still peaked at 5.3 GB, with 5 s at 2.0 GB (0.95 GB live).
     * Each pass ends with an fsync of the file, so what H2 assumes holds: its Javadoc allows a lower value when the
     * file is forced sooner.
     */
    static final int RETENTION_MILLIS = 5_000;

    private final DataSource dataSource;
    private final int targetFillPercent;
    private final int writeLimitBytes;
    private ScheduledExecutorService timer;
    private boolean failureLogged;

    H2Compactor(DataSource dataSource, int targetFillPercent, int writeLimitBytes) {
        if (targetFillPercent < 1 || targetFillPercent > 99) {
            throw new IllegalArgumentException("targetFillPercent was " + targetFillPercent + ", must be 1–99");
        }
        if (writeLimitBytes < 1) {
            throw new IllegalArgumentException("writeLimitBytes was " + writeLimitBytes + ", must be ≥ 1");
        }
        this.dataSource = dataSource;
        this.targetFillPercent = targetFillPercent;
        this.writeLimitBytes = writeLimitBytes;
    }

    /** Whether {@code jdbcUrl} names an H2 database in a file opened by this process (not in memory, not a server). */
    public static boolean isEmbeddedFile(String jdbcUrl) {
        if (!jdbcUrl.startsWith("jdbc:h2:")) {
            return false;
        }
        String rest = jdbcUrl.substring("jdbc:h2:".length());
        return !(rest.startsWith("mem:") || rest.startsWith("tcp:") || rest.startsWith("ssl:")
                || rest.startsWith("zip:"));
    }

    /** Starts compacting the embedded database behind {@code dataSource} every {@link #PERIOD_MILLIS} ms. */
    static H2Compactor start(DataSource dataSource) {
        H2Compactor compactor = new H2Compactor(dataSource, TARGET_FILL_PERCENT, WRITE_LIMIT_BYTES);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("SET RETENTION_TIME " + RETENTION_MILLIS); // not persisted: each start sets it again
        } catch (SQLException e) {
            LOG.warn("H2 kept its 45 s retention time: {}", e.toString()); // compaction still runs, frees later
        }
        compactor.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rollcall-h2-compactor");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
        compactor.timer.scheduleWithFixedDelay(compactor::passQuietly, PERIOD_MILLIS, PERIOD_MILLIS,
                TimeUnit.MILLISECONDS);
        return compactor;
    }

    /**
     * What one pass saw and did: the file's size and the share of it in chunks ({@code info.FILL_RATE}), the live
     * share of all chunks' bytes and of the chunks old enough to rewrite ({@code info.CHUNKS_FILL_RATE},
     * {@code info.CHUNKS_FILL_RATE_RW}), all before the pass; whether it rewrote chunks, whether it moved them.
     */
    public record Pass(long fileBytes, int fileFillPercent, int chunksFillPercent, int rewritableFillPercent,
            boolean rewrote, boolean moved) {
    }

    /**
     * One compaction pass, on the calling thread. It decides on the chunks old enough to rewrite, as H2's own
     * housekeeping does: young chunks are mostly dead under load but not yet H2's to reuse, and counting them
     * would rewrite full old chunks for nothing. Rewritten pages reach the file with the next commit, or with the
     * one this pass makes when nobody else commits.
     *
     * @throws SQLException when no connection can be had
     * @throws IllegalStateException when the pool does not lead to an embedded H2 file database
     */
    public Pass runOnce() throws SQLException {
        MVStore store;
        long fileBytes;
        int fileFill;
        int fill;
        int rewritableFill;
        try (Connection c = dataSource.getConnection()) {
            store = mvStore(c);
            Map<String, String> info = info(c);
            fileBytes = Long.parseLong(info.get("info.FILE_SIZE"));
            fileFill = Integer.parseInt(info.get("info.FILL_RATE"));
            fill = Integer.parseInt(info.get("info.CHUNKS_FILL_RATE"));
            rewritableFill = Integer.parseInt(info.get("info.CHUNKS_FILL_RATE_RW"));
        }
        boolean rewrote = rewritableFill < targetFillPercent && store.compact(targetFillPercent, writeLimitBytes);
        if (rewrote) {
            store.tryCommit();
        }
        // Free space H2 does not manage to reuse (holes too small for the next chunk) only leaves by moving the
        // chunks at the end of the file into the holes, then truncating; H2 syncs the file before overwriting.
        boolean moved = fileFill < targetFillPercent && store.getFileStore() instanceof RandomAccessStore;
        if (moved) {
            ((RandomAccessStore) store.getFileStore()).compactMoveChunks(targetFillPercent, writeLimitBytes, store);
        }
        store.sync(); // what lets the retention time be RETENTION_MILLIS: all written so far is on the disk
        return new Pass(fileBytes, fileFill, fill, rewritableFill, rewrote, moved);
    }

    private static MVStore mvStore(Connection c) throws SQLException {
        Session session = c.unwrap(JdbcConnection.class).getSession();
        if (!(session instanceof SessionLocal local) || local.getDatabase().getStore() == null
                || local.getDatabase().getStore().getMvStore().getFileStore() == null) {
            throw new IllegalStateException("not an embedded H2 file database");
        }
        return local.getDatabase().getStore().getMvStore();
    }

    /** The store's figures as H2 publishes them in SQL. */
    static Map<String, String> info(Connection c) throws SQLException {
        Map<String, String> info = new HashMap<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT setting_name, setting_value FROM information_schema.settings"
                        + " WHERE setting_name LIKE 'info.%'")) {
            while (rs.next()) {
                info.put(rs.getString(1), rs.getString(2));
            }
        }
        for (String key : new String[] {"info.FILE_SIZE", "info.FILL_RATE", "info.CHUNKS_FILL_RATE",
                "info.CHUNKS_FILL_RATE_RW"}) {
            if (info.get(key) == null) {
                throw new IllegalStateException("H2 publishes no " + key + " (not an MVStore file database?)");
            }
        }
        return info;
    }

    private void passQuietly() {
        try {
            Pass pass = runOnce();
            if (pass.rewrote() && LOG.isDebugEnabled()) {
                LOG.debug("H2 file {} MB, {} % of its chunks' bytes live ({} % of those old enough to rewrite):"
                        + " rewrote the emptiest", pass.fileBytes() >> 20, pass.chunksFillPercent(),
                        pass.rewritableFillPercent());
            }
            failureLogged = false;
        } catch (Exception e) {
            // the pool is closing or the store failed; the store's own errors surface on the next query
            if (!failureLogged) {
                LOG.warn("H2 compaction pass failed: {}", e.toString());
                failureLogged = true;
            }
        }
    }

    /** Stops the timer and waits for a running pass, so the pool can close after. */
    @Override
    public void close() {
        if (timer == null) {
            return;
        }
        timer.shutdown();
        try {
            if (!timer.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("H2 compaction pass still running after 30 s; closing the database anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
