package io.rollcall.collector.software;

import com.hazelcast.map.IMap;
import io.rollcall.collector.db.Database;
import io.rollcall.collector.db.Jdbc;
import io.rollcall.collector.devices.DeviceRecord;
import io.rollcall.collector.findings.Catalogue;
import io.rollcall.collector.ingest.SectionDocs;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the per-title install index ({@link InstallIndex}) behind the report's acknowledgement. A report whose
 * software section changed leaves a row in {@code software_index_queue} in its own transaction; this node's
 * indexer thread takes queued devices in batches, derives each one's titles from its stored software section
 * under the device's cluster-wide lock (so a report or another node's indexer never interleaves), writes the
 * batch's index rows and deletes each queue row only where it still names the report indexed, all in one
 * transaction. A newer report meanwhile leaves its own row, so the device is indexed again; a crash leaves the
 * rows, so the next start finishes them. Indexing 850 rows per first report in the writer's transaction was what
 * capped first reports (BENCHMARKS.md, "Ingest near the ceiling").
 */
public final class SoftwareIndexer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SoftwareIndexer.class);
    /** Devices per transaction. */
    static final int BATCH = 64;
    /** Reports stored this recently mean the node is ingesting: acknowledgements go first. */
    static final long INGESTING_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /** The pause between batches while the node is ingesting: at most 64 devices per 250 ms plus a batch's time. */
    static final long YIELD_MILLIS = 250;
    /** Lists whose titles are kept derived (a school has a few images; a trust a few dozen). */
    static final int REMEMBERED = 64;

    private final Database db;
    private final IMap<String, DeviceRecord> locks;
    private final Catalogue catalogue;
    private final InstallIndex index;
    private final Clock clock;
    private final TitlesChanged titlesChanged;
    private volatile Reevaluate reevaluate = d -> true;
    private volatile java.util.function.LongSupplier lastStored = () -> Long.MIN_VALUE;
    private final KeyCache keys = new KeyCache();
    /** Lists' titles by catalogue version and list digest, least recently used first. */
    private final Map<String, ListTitles> derived = new LinkedHashMap<>(REMEMBERED * 2, 0.75f, true);
    private final Object signal = new Object();
    private final AtomicLong indexed = new AtomicLong();
    private final AtomicLong duplicatesSkipped = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private boolean woken;

    /** Told, after an index commit, which titles changed holders or install dates (seat order). */
    @FunctionalInterface
    public interface TitlesChanged {
        void changed(Set<String> titleIds) throws Exception;
    }

    /** Re-evaluates one device's findings from its stored sections (takes the device's lock itself). */
    @FunctionalInterface
    public interface Reevaluate {
        boolean device(UUID deviceId) throws Exception;
    }

    /** One queued device: the report whose stored software section is to be indexed, and its catalogue's version. */
    record Queued(UUID deviceId, UUID reportId, String catalogueVersion) {
    }

    public SoftwareIndexer(Database db, IMap<String, DeviceRecord> locks, Catalogue catalogue, InstallIndex index,
                           Clock clock, TitlesChanged titlesChanged) {
        this(db, locks, catalogue, index, clock, titlesChanged, true);
    }

    /** @param start whether to start the thread now; a test calls {@link #indexBatch} itself instead */
    SoftwareIndexer(Database db, IMap<String, DeviceRecord> locks, Catalogue catalogue, InstallIndex index,
                    Clock clock, TitlesChanged titlesChanged, boolean start) {
        this.db = db;
        this.locks = locks;
        this.catalogue = catalogue;
        this.index = index;
        this.clock = clock;
        this.titlesChanged = titlesChanged;
        this.thread = new Thread(this::loop, "rollcall-software-indexer");
        this.thread.setDaemon(true);
        if (start) {
            this.thread.start();
        }
    }

    /**
     * Who re-evaluates a device indexed after the catalogue changed since its report was evaluated: a decision taken
     * meanwhile re-evaluated the title's holders from the index, which did not list this device yet. Set once at start.
     */
    public void reevaluateWith(Reevaluate r) {
        this.reevaluate = r;
    }

    /**
     * When this node last stored a report ({@link System#nanoTime}): while reports arrive, the indexer pauses
     * between batches so that the CPU goes to acknowledging them (a morning's first reports: BENCHMARKS.md,
     * "Ingest near the ceiling"); it never stops, and runs flat out once they stop. Set once at start.
     */
    public void yieldTo(java.util.function.LongSupplier lastStoredNanos) {
        this.lastStored = lastStoredNanos;
    }

    /** Where {@link #enqueue} gets its statements: the caller's, prepared once per transaction and closed by it. */
    @FunctionalInterface
    public interface Statements {
        PreparedStatement get(String sql) throws SQLException;
    }

    /**
     * Queues {@code deviceId}'s software section of {@code reportId} inside the report's own transaction; a device
     * already waiting keeps its place. A device's first list goes through {@link #enqueueFirsts} instead.
     */
    public static void enqueue(Statements st, UUID deviceId, UUID reportId, String catalogueVersion, Instant at)
            throws SQLException {
        PreparedStatement up = st.get(
                "UPDATE software_index_queue SET report_id = ?, catalogue_version = ? WHERE device_id = ?");
        up.setObject(1, reportId);
        up.setString(2, catalogueVersion);
        up.setObject(3, deviceId);
        if (up.executeUpdate() > 0) {
            return; // keeps its place in the queue: the device was waiting already
        }
        bindQueued(st.get(QUEUE_INSERT), deviceId, reportId, catalogueVersion, at).executeUpdate();
    }

    /** A device's first list to queue: {@link #enqueueFirsts}. */
    public record First(UUID deviceId, UUID reportId, String catalogueVersion, Instant at) {
    }

    /**
     * Queues a group's first lists (devices' first reports) with one batch of inserts, one round trip to PostgreSQL
     * for the group; a device found queued after all (a report of it in the same group, or another node's) is
     * updated as {@link #enqueue} would, keeping its place.
     */
    public static void enqueueFirsts(Statements st, List<First> firsts) throws SQLException {
        if (firsts.isEmpty()) {
            return;
        }
        PreparedStatement ins = st.get(QUEUE_INSERT + " ON CONFLICT DO NOTHING");
        for (First f : firsts) {
            bindQueued(ins, f.deviceId(), f.reportId(), f.catalogueVersion(), f.at()).addBatch();
        }
        int[] inserted = ins.executeBatch();
        for (int i = 0; i < inserted.length; i++) {
            if (inserted[i] == 0) {
                First f = firsts.get(i);
                enqueue(st, f.deviceId(), f.reportId(), f.catalogueVersion(), f.at());
            }
        }
    }

    private static final String QUEUE_INSERT = "INSERT INTO software_index_queue (device_id, report_id, "
            + "catalogue_version, queued_at) VALUES (?, ?, ?, ?)";

    private static PreparedStatement bindQueued(PreparedStatement ps, UUID deviceId, UUID reportId,
                                                String catalogueVersion, Instant at) throws SQLException {
        ps.setObject(1, deviceId);
        ps.setObject(2, reportId);
        ps.setString(3, catalogueVersion);
        Jdbc.setInstant(ps, 4, at);
        return ps;
    }

    /** Wakes the indexer now (after a commit that queued devices) instead of at its next poll. */
    public void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    /** Devices whose software section is stored but not yet in the index (cluster-wide). */
    public long pending() throws SQLException {
        return db.count("SELECT COUNT(*) FROM software_index_queue");
    }

    /** Devices this node has indexed since it started. */
    public long indexed() {
        return indexed.get();
    }

    /**
     * Rows the database skipped as duplicates of titles or raw names (ON CONFLICT DO NOTHING): 0 on H2 unless another
     * node inserted the same ones meanwhile, as only keys not found are offered (H2 throws per skipped row).
     */
    long duplicateRowsSkipped() {
        return duplicatesSkipped.get();
    }

    /** Waits until no device is queued (any node may index them); false on timeout. */
    public boolean awaitIdle(long timeoutMillis) throws SQLException, InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (pending() > 0) {
            if (System.nanoTime() > end) {
                return false;
            }
            wake();
            Thread.sleep(10);
        }
        return true;
    }

    private void loop() {
        while (running) {
            try {
                int done = indexBatch();
                if (done > 0 && ingesting()) {
                    Thread.sleep(YIELD_MILLIS); // not woken by commits: that is the point
                } else if (done == 0) {
                    synchronized (signal) {
                        if (!woken && running) {
                            signal.wait(1000); // other nodes' queued devices and a crash's leftovers
                        }
                        woken = false;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                LOG.warn("software indexer: {}; retrying in 1 s", e.toString());
                sleepQuietly();
            }
        }
    }

    private boolean ingesting() {
        long last = lastStored.getAsLong();
        return last != Long.MIN_VALUE && System.nanoTime() - last < INGESTING_NANOS;
    }

    /** Indexes up to {@link #BATCH} queued devices that no one else holds; returns how many it indexed. */
    int indexBatch() throws Exception {
        List<Queued> queued = db.read(c -> {
            List<Queued> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT device_id, report_id, catalogue_version FROM software_index_queue ORDER BY queued_at LIMIT "
                            + (BATCH * 4))) {
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Queued(Jdbc.getUuid(rs, "device_id"), Jdbc.getUuid(rs, "report_id"),
                                rs.getString("catalogue_version")));
                    }
                }
            }
            return out;
        });
        if (queued.isEmpty()) {
            return 0;
        }
        List<Queued> held = new ArrayList<>();
        Set<String> reordered;
        try {
            for (Queued q : queued) {
                if (held.size() == BATCH) {
                    break;
                }
                // busy devices (storing a report, or another node indexing them) are left for a later round
                if (locks.tryLock(q.deviceId().toString())) {
                    held.add(q);
                }
            }
            if (held.isEmpty()) {
                return 0;
            }
            reordered = writeHeld(held);
            indexed.addAndGet(held.size());
        } finally {
            for (Queued q : held) {
                locks.unlock(q.deviceId().toString());
            }
        }
        afterCommit(held, reordered);
        return held.size();
    }

    /** Outside the locks: seats of the titles that moved, and devices evaluated against an older catalogue. */
    private void afterCommit(List<Queued> held, Set<String> reordered) {
        if (!reordered.isEmpty()) {
            try {
                titlesChanged.changed(reordered);
            } catch (Exception e) {
                // the index is committed; seats are re-evaluated again by the next decision or licence change
                LOG.warn("seat re-evaluation after indexing failed: {}", e.toString());
            }
        }
        // read after the commit: a decision taken before it either saw these devices in the index or changed this
        catalogue.refresh();
        String now = catalogue.version();
        for (Queued q : held) {
            if (!now.equals(q.catalogueVersion())) {
                try {
                    reevaluate.device(q.deviceId());
                } catch (Exception e) {
                    LOG.warn("device {}: re-evaluation after indexing failed: {}", q.deviceId(), e.toString());
                }
            }
        }
    }

    /** Under the held devices' locks: derives each one's change and commits the batch with its queue rows. */
    private Set<String> writeHeld(List<Queued> held) throws SQLException {
        Map<Queued, Planned> changes = new LinkedHashMap<>();
        Map<UUID, StoredList> docs = softwareDocs(held);
        String version = catalogue.version();
        List<UUID> ids = held.stream().map(Queued::deviceId).toList();
        Map<UUID, Map<String, InstallIndex.Stored>> rows = index.read(ids);
        Map<UUID, InstallIndex.Holding> holdings = index.holdings(ids);
        for (Queued q : held) {
            StoredList doc = docs.get(q.deviceId());
            ListTitles list = doc == null ? new ListTitles(InstallIndex.titles((byte[]) null, catalogue), null)
                    : doc.digest() == null ? new ListTitles(InstallIndex.titles(doc.doc(), catalogue), null)
                    : shared(doc.digest(), version);
            changes.put(q, new Planned(list, holdings.get(q.deviceId()),
                    InstallIndex.diff(rows.get(q.deviceId()), list.titles())));
        }
        Instant now = clock.instant();
        Set<String> reordered = new TreeSet<>();
        int[] skipped = new int[1];
        try {
            db.inTransaction(c -> {
                skipped[0] = 0;
                try (PreparedStatement done = c.prepareStatement(
                        "DELETE FROM software_index_queue WHERE device_id = ? AND report_id = ?")) {
                    for (Map.Entry<Queued, Planned> e : changes.entrySet()) {
                        Planned p = e.getValue();
                        skipped[0] += InstallIndex.apply(c, e.getKey().deviceId(), p.holding(), p.list().titles(),
                                p.list().setId(), p.change(), now, keys);
                        done.setObject(1, e.getKey().deviceId());
                        done.setObject(2, e.getKey().reportId());
                        done.addBatch();
                    }
                    done.executeBatch();
                }
                return null;
            });
            keys.commit();
            duplicatesSkipped.addAndGet(skipped[0]);
        } catch (SQLException | RuntimeException e) {
            keys.rollback();
            throw e;
        }
        changes.values().forEach(p -> reordered.addAll(p.change().reordered()));
        return reordered;
    }

    /**
     * A list's titles and their {@link InstallIndex#setId}: known for a list stored once for many devices (derived once
     * per catalogue, {@link #shared}), {@code null} for a device's own list ({@link InstallIndex#apply} derives it if
     * the device is to hold the set).
     */
    private record ListTitles(Map<String, InstallIndex.Install> titles, String setId) {
    }

    /** One device's list, the set it holds (or {@code null}), and what changes in the index. */
    private record Planned(ListTitles list, InstallIndex.Holding holding, InstallIndex.Change change) {
    }

    /** A device's stored software document and, when it is stored once for many devices, its digest. */
    private record StoredList(String digest, byte[] doc) {
    }

    /**
     * The stored software sections of {@code held}'s devices, read in one query: the list's digest for a list stored
     * once for many devices ({@link #shared} reads it), the document itself otherwise.
     */
    private Map<UUID, StoredList> softwareDocs(List<Queued> held) throws SQLException {
        return db.read(c -> {
            Map<UUID, StoredList> out = new HashMap<>();
            String marks = String.join(",", java.util.Collections.nCopies(held.size(), "?"));
            try (PreparedStatement ps = c.prepareStatement("SELECT device_id, list_digest, "
                    + "CASE WHEN list_digest IS NULL THEN doc END AS doc FROM device_sections"
                    + " WHERE section = ? AND device_id IN (" + marks + ")")) {
                ps.setString(1, SectionDocs.SOFTWARE);
                for (int i = 0; i < held.size(); i++) {
                    ps.setObject(i + 2, held.get(i).deviceId());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(Jdbc.getUuid(rs, "device_id"),
                                new StoredList(rs.getString("list_digest"), rs.getBytes("doc")));
                    }
                }
            }
            return out;
        });
    }

    /**
     * The titles of the list stored under {@code digest} with the catalogue of {@code version}: laptops from one image
     * share one list, so its 850 titles are derived once per catalogue, not once per laptop (the last
     * {@link #REMEMBERED} lists are kept).
     */
    private ListTitles shared(String digest, String version) {
        String key = version + "\n" + digest;
        synchronized (derived) {
            ListTitles d = derived.get(key);
            if (d != null) {
                return d;
            }
        }
        byte[] doc;
        try {
            doc = db.read(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT doc FROM software_lists WHERE digest = ?")) {
                    ps.setString(1, digest);
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next() ? rs.getBytes(1) : null;
                    }
                }
            });
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the software list " + digest + ": " + e.getMessage(), e);
        }
        Map<String, InstallIndex.Install> titles = InstallIndex.titles(doc, catalogue);
        ListTitles d = new ListTitles(titles, InstallIndex.setId(titles));
        synchronized (derived) {
            derived.put(key, d);
            if (derived.size() > REMEMBERED) {
                derived.remove(derived.keySet().iterator().next());
            }
        }
        return d;
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        wake();
        try {
            if (thread.isAlive()) {
                thread.join(10_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
