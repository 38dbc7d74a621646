package io.rollcall.collector.ingest;

import io.rollcall.collector.db.Database;
import io.rollcall.collector.db.Jdbc;
import io.rollcall.collector.software.SoftwareIndexer;
import io.rollcall.common.id.TimeOrderedUuid;
import io.rollcall.common.report.MediaEvent;
import io.rollcall.common.wire.WireJson;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes reports with group commit: one thread takes every report waiting, writes them in one
 * transaction and commits once, then completes each caller's future. A 202 waits for that commit,
 * so acknowledged means durable; batching is what lets one node acknowledge thousands a second
 * when each commit reaches the disk. If a batch fails, each report in it is retried alone so one
 * bad report cannot sink the others.
 */
final class ReportWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReportWriter.class);
    private static final int MAX_BATCH = 256;

    private final Database db;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>(8192);
    private final Thread thread;
    private volatile boolean running = true;
    private final AtomicLong groups = new AtomicLong();
    private volatile long lastCommitNanos = Long.MIN_VALUE;
    /** Told after a commit that queued software sections for the install index (wakes the indexer). */
    private volatile Runnable indexQueued = () -> { };

    private record Pending(PreparedReport report, CompletableFuture<Boolean> done) {
    }

    ReportWriter(Database db) {
        this(db, true);
    }

    /** @param start whether to start writing now; a test queues a group first, then calls {@link #start} */
    ReportWriter(Database db, boolean start) {
        this(db, "rollcall-report-writer", start);
    }

    /** @param name the writer thread's name */
    ReportWriter(Database db, String name, boolean start) {
        this.db = db;
        this.thread = new Thread(this::loop, name);
        this.thread.setDaemon(true);
        if (start) {
            this.thread.start();
        }
    }

    void start() {
        thread.start();
    }

    /** Groups committed so far (each a transaction of one or more reports). */
    long groupsCommitted() {
        return groups.get();
    }

    /** When the last group was committed ({@link System#nanoTime}; {@code Long.MIN_VALUE} before the first). */
    long lastCommitNanos() {
        return lastCommitNanos;
    }

    /** Runs after each commit that queued a device for the install index; set once at start. */
    void onIndexQueued(Runnable r) {
        this.indexQueued = r;
    }

    /** Reports waiting for the next batch (for the metrics). */
    int queueDepth() {
        return queue.size();
    }

    /** Completes with {@code true} once stored and committed, {@code false} if the reportId was already stored. */
    CompletableFuture<Boolean> submit(PreparedReport report) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        if (!running) {
            done.completeExceptionally(new IllegalStateException("the report writer is shut down"));
        } else if (!queue.offer(new Pending(report, done))) {
            done.completeExceptionally(new IllegalStateException("the report writer is overloaded; retry later"));
        }
        return done;
    }

    private void loop() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                writeBatch(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                batch.clear();
            }
        }
    }

    private void writeBatch(List<Pending> batch) {
        try {
            List<Boolean> stored = db.inTransaction(c -> {
                List<Boolean> out = new ArrayList<>(batch.size());
                try (Statements st = new Statements(c)) {
                    write(st, batch, out);
                    st.flush(FLUSH_ORDER);
                }
                return out;
            });
            groups.incrementAndGet();
            lastCommitNanos = System.nanoTime();
            for (int i = 0; i < batch.size(); i++) {
                if (stored.get(i) && batch.get(i).report().indexSoftware()) {
                    indexQueued.run();
                    break;
                }
            }
            // only now, after the commit, is any report of the group acknowledged
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).done().complete(stored.get(i));
            }
        } catch (SQLException | RuntimeException e) {
            if (batch.size() == 1) {
                LOG.warn("report {} could not be stored: {}", batch.get(0).report().reportId(), e.toString());
                batch.get(0).done().completeExceptionally(e);
                return;
            }
            // the group's transaction rolled back as a whole: each report gets its own, so one bad report
            // is refused alone
            for (Pending p : batch) {
                writeBatch(new ArrayList<>(List.of(p)));
            }
        }
    }

    private static final String LOG_INSERT = """
            INSERT INTO report_log (report_id, device_id, kind, collected_at, received_at, body_bytes,
              changed_sections, agent_version, dropped_events) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING""";
    private static final String SECTION_UPDATE = "UPDATE device_sections SET doc = ?, sha256 = ?, updated_at = ?, "
            + "report_id = ?, list_digest = ? WHERE device_id = ? AND section = ?";
    private static final String SECTION_INSERT = "INSERT INTO device_sections (device_id, section, doc, sha256, "
            + "updated_at, report_id, list_digest) VALUES (?, ?, ?, ?, ?, ?, ?)";
    private static final String SECTION_INSERT_FIRST = SECTION_INSERT + " ON CONFLICT DO NOTHING";
    /**
     * A section's version about to be replaced, kept: {@code section_history} holds the versions before the current one
     * (which is in {@code device_sections} alone), each with when it became current.
     */
    private static final String SECTION_SUPERSEDED = """
            INSERT INTO section_history (id, device_id, section, doc, sha256, changed_at, report_id, list_digest)
            SELECT CAST(? AS UUID), device_id, section, doc, sha256, updated_at, report_id, list_digest
            FROM device_sections WHERE device_id = ? AND section = ?""";
    private static final String LIST_INSERT =
            "INSERT INTO software_lists (digest, doc, stored_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING";
    private static final byte[] BY_REFERENCE = new byte[0];
    private static final String MEDIA_INSERT = """
            INSERT INTO media_events (id, device_id, report_id, at, action, kind, device_key, vendor_id, product_id,
              vendor, product, serial, capacity_bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING""";
    private static final String FINDING_OPEN = """
            INSERT INTO findings (id, device_id, rule, subject, outcome, severity, status, first_seen,
              last_seen, evidence, policy_ref) VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?)""";
    private static final String FINDING_UPDATE =
            "UPDATE findings SET outcome = ?, severity = ?, last_seen = ?, evidence = ?, policy_ref = ? WHERE id = ?";
    private static final String FINDING_RESOLVE =
            "UPDATE findings SET status = 'resolved', resolved_at = ? WHERE id = ? AND status = 'open'";
    private static final String FINDING_HISTORY =
            "INSERT INTO finding_history (id, finding_id, device_id, at, change, outcome, severity) VALUES (?, ?, ?, ?, ?, ?, ?)";
    private static final String DEVICE_UPDATE = """
            UPDATE devices SET last_seen_at = ?, last_report_kind = ?, agent_version = ?,
              hostname = COALESCE(?, hostname), os_family = COALESCE(?, os_family),
              os_version = COALESCE(?, os_version), serial_number = COALESCE(?, serial_number),
              compliant = ?, open_findings = ? WHERE id = ?""";
    private static final String DEVICE_COMPLIANCE = "UPDATE devices SET compliant = ?, open_findings = ? WHERE id = ?";
    /** The group's batched rows go in this order: a finding before its history row, all before the device rows. */
    private static final List<String> FLUSH_ORDER = List.of(MEDIA_INSERT, FINDING_OPEN,
            FINDING_UPDATE, FINDING_RESOLVE, FINDING_HISTORY, DEVICE_UPDATE, DEVICE_COMPLIANCE);

    /**
     * Writes a group's reports inside the open transaction, adding to {@code stored} for each whether it was stored
     * ({@code false}: its reportId was stored before, or earlier in the group). Each step is one statement batch for
     * the whole group where it can be (one round trip to PostgreSQL, not one per report): the log rows, then the
     * sections new to their devices, then the first lists' index queue rows; the other rows are batched until
     * {@link Statements#flush}.
     */
    private static void write(Statements st, List<Pending> group, List<Boolean> stored) throws SQLException {
        PreparedStatement log = st.now(LOG_INSERT);
        for (Pending p : group) {
            PreparedReport r = p.report();
            log.setObject(1, r.reportId());
            log.setObject(2, r.deviceId());
            log.setString(3, r.kind());
            Jdbc.setInstant(log, 4, r.collectedAt());
            Jdbc.setInstant(log, 5, r.receivedAt());
            log.setInt(6, r.bodyBytes());
            log.setString(7, String.join(",", r.sections().stream().map(PreparedReport.SectionWrite::section).toList()));
            log.setString(8, r.agentVersion());
            log.setLong(9, r.droppedEvents());
            log.addBatch();
        }
        int[] logged = log.executeBatch();
        List<PreparedReport> fresh = new ArrayList<>(group.size());
        for (int i = 0; i < logged.length; i++) {
            stored.add(logged[i] != 0);
            if (logged[i] != 0) {
                fresh.add(group.get(i).report());
            }
        }
        writeSections(st, fresh);
        List<SoftwareIndexer.First> firsts = new ArrayList<>();
        for (PreparedReport r : fresh) {
            if (r.indexSoftware()) {
                // the install index is derived from the section just written, behind the acknowledgement
                boolean first = r.sections().stream()
                        .anyMatch(s -> s.section().equals(SectionDocs.SOFTWARE) && s.absent());
                if (first) {
                    firsts.add(new SoftwareIndexer.First(r.deviceId(), r.reportId(), r.catalogueVersion(), r.receivedAt()));
                } else {
                    SoftwareIndexer.enqueue(st::now, r.deviceId(), r.reportId(), r.catalogueVersion(), r.receivedAt());
                }
            }
        }
        SoftwareIndexer.enqueueFirsts(st::now, firsts);
        for (PreparedReport r : fresh) {
            writeMedia(st, r);
            writeFindings(st, r.deviceId(), r.findings());
            writeDevice(st, r);
        }
    }

    private static void writeSections(Statements st, List<PreparedReport> reports) throws SQLException {
        // sections new to their devices (first reports) are inserted together, the group's in one batch, not each
        // tried as an update first; one found there after all (the device's record was behind the store, or a report
        // of it earlier in the group) is updated below, after every insert
        storeNewLists(st, reports); // before any row refers to them
        boolean anyAbsent = false;
        for (PreparedReport r : reports) {
            for (PreparedReport.SectionWrite s : r.sections()) {
                if (s.absent()) {
                    anyAbsent = true;
                    bind(st.now(SECTION_INSERT_FIRST), 1, r, s).addBatch();
                }
            }
        }
        int[] inserted = anyAbsent ? st.now(SECTION_INSERT_FIRST).executeBatch() : new int[0];
        // the rows to update, in report order: each one's version before it is kept first
        List<Replace> replaces = new ArrayList<>();
        int next = 0;
        for (PreparedReport r : reports) {
            for (PreparedReport.SectionWrite s : r.sections()) {
                if (!s.absent() || inserted[next++] == 0) {
                    replaces.add(new Replace(r, s));
                }
            }
        }
        // the versions a group replaces are kept in one batch; a row the group replaces twice (two reports of one
        // device) has its second replaced version kept just before its second update
        Set<String> kept = new HashSet<>();
        for (Replace x : replaces) {
            if (kept.add(x.key())) {
                keep(st.now(SECTION_SUPERSEDED), x).addBatch();
            }
        }
        if (!kept.isEmpty()) {
            st.now(SECTION_SUPERSEDED).executeBatch();
        }
        kept.clear();
        for (Replace x : replaces) {
            if (!kept.add(x.key())) {
                keep(st.now(SECTION_SUPERSEDED), x).executeUpdate();
            }
            if (update(st, x.report(), x.section()) == 0 && !x.section().absent()) {
                // the device's record named a section the store did not have: nothing was replaced
                bind(st.now(SECTION_INSERT), 1, x.report(), x.section()).executeUpdate();
            }
        }
    }

    /** A section row a report replaces. */
    private record Replace(PreparedReport report, PreparedReport.SectionWrite section) {
        String key() {
            return report.deviceId() + "/" + section.section();
        }
    }

    private static PreparedStatement keep(PreparedStatement ps, Replace x) throws SQLException {
        ps.setObject(1, TimeOrderedUuid.next());
        ps.setObject(2, x.report().deviceId());
        ps.setString(3, x.section().section());
        return ps;
    }

    /**
     * The software lists this group is the first to bring (another node, or this node's other writer, may store the
     * same one at the same time), in digest order: every writer takes their locks in that one order, so two groups
     * storing the same new lists wait for each other at most once, never in a cycle. A section row that names a list
     * keeps no document of its own.
     */
    private static void storeNewLists(Statements st, List<PreparedReport> reports) throws SQLException {
        TreeMap<String, PreparedReport.SectionWrite> lists = new TreeMap<>();
        Map<String, Instant> at = new HashMap<>();
        for (PreparedReport r : reports) {
            for (PreparedReport.SectionWrite s : r.sections()) {
                if (s.listDigest() != null && s.doc() != null && lists.putIfAbsent(s.listDigest(), s) == null) {
                    at.put(s.listDigest(), r.receivedAt());
                }
            }
        }
        for (PreparedReport.SectionWrite s : lists.values()) {
            PreparedStatement list = st.now(LIST_INSERT);
            list.setString(1, s.listDigest());
            list.setBytes(2, s.doc());
            Jdbc.setInstant(list, 3, at.get(s.listDigest()));
            list.executeUpdate();
        }
    }

    /** Binds a section row's values (device, section, doc, hash, time, report, list) from parameter {@code from}. */
    private static PreparedStatement bind(PreparedStatement ps, int from, PreparedReport r,
                                          PreparedReport.SectionWrite s) throws SQLException {
        ps.setObject(from, r.deviceId());
        ps.setString(from + 1, s.section());
        ps.setBytes(from + 2, rowDoc(s));
        ps.setString(from + 3, s.sha256());
        Jdbc.setInstant(ps, from + 4, r.receivedAt());
        ps.setObject(from + 5, r.reportId());
        ps.setString(from + 6, s.listDigest());
        return ps;
    }

    /** The document a section's row keeps: its own, or none for a list stored once for many devices. */
    private static byte[] rowDoc(PreparedReport.SectionWrite s) {
        return s.listDigest() == null ? s.doc() : BY_REFERENCE;
    }

    private static int update(Statements st, PreparedReport r, PreparedReport.SectionWrite s) throws SQLException {
        PreparedStatement up = st.now(SECTION_UPDATE);
        up.setBytes(1, rowDoc(s));
        up.setString(2, s.sha256());
        Jdbc.setInstant(up, 3, r.receivedAt());
        up.setObject(4, r.reportId());
        up.setString(5, s.listDigest());
        up.setObject(6, r.deviceId());
        up.setString(7, s.section());
        return up.executeUpdate();
    }

    private static void writeMedia(Statements st, PreparedReport r) throws SQLException {
        for (MediaEvent e : r.mediaEvents()) {
            PreparedStatement ps = st.batch(MEDIA_INSERT);
            ps.setObject(1, TimeOrderedUuid.next());
            ps.setObject(2, r.deviceId());
            ps.setObject(3, r.reportId());
            Jdbc.setInstant(ps, 4, e.at());
            ps.setString(5, WireJson.name(e.action()));
            ps.setString(6, WireJson.name(e.device().kind()));
            ps.setString(7, e.device().identityKey());
            ps.setString(8, e.device().vendorId());
            ps.setString(9, e.device().productId());
            ps.setString(10, e.device().vendor());
            ps.setString(11, e.device().product());
            ps.setString(12, e.device().serial());
            ps.setObject(13, e.device().capacityBytes());
            ps.addBatch();
        }
    }

    /** A re-evaluation without a report: the device's finding changes and its compliance, in one transaction. */
    void writeReevaluation(UUID deviceId, List<PreparedReport.FindingWrite> findings, boolean compliant, int open)
            throws SQLException {
        db.inTransaction(c -> {
            try (Statements st = new Statements(c)) {
                writeFindings(st, deviceId, findings);
                PreparedStatement ps = st.batch(DEVICE_COMPLIANCE);
                ps.setBoolean(1, compliant);
                ps.setInt(2, open);
                ps.setObject(3, deviceId);
                ps.addBatch();
                st.flush(FLUSH_ORDER);
            }
            return null;
        });
    }

    private static void writeFindings(Statements st, UUID deviceId, List<PreparedReport.FindingWrite> findings)
            throws SQLException {
        for (PreparedReport.FindingWrite f : findings) {
            switch (f.op()) {
                case OPEN -> {
                    PreparedStatement ps = st.batch(FINDING_OPEN);
                    ps.setObject(1, f.id());
                    ps.setObject(2, deviceId);
                    ps.setString(3, f.rule());
                    ps.setString(4, f.subject());
                    ps.setString(5, f.outcome());
                    ps.setString(6, f.severity());
                    Jdbc.setInstant(ps, 7, f.firstSeen());
                    Jdbc.setInstant(ps, 8, f.lastSeen());
                    ps.setString(9, f.evidenceJson());
                    ps.setString(10, f.policyRef());
                    ps.addBatch();
                }
                case UPDATE -> {
                    PreparedStatement ps = st.batch(FINDING_UPDATE);
                    ps.setString(1, f.outcome());
                    ps.setString(2, f.severity());
                    Jdbc.setInstant(ps, 3, f.lastSeen());
                    ps.setString(4, f.evidenceJson());
                    ps.setString(5, f.policyRef());
                    ps.setObject(6, f.id());
                    ps.addBatch();
                }
                case RESOLVE -> {
                    PreparedStatement ps = st.batch(FINDING_RESOLVE);
                    Jdbc.setInstant(ps, 1, f.lastSeen());
                    ps.setObject(2, f.id());
                    ps.addBatch();
                }
            }
            if (f.historyChange() != null) {
                PreparedStatement h = st.batch(FINDING_HISTORY);
                h.setObject(1, TimeOrderedUuid.next());
                h.setObject(2, f.id());
                h.setObject(3, deviceId);
                Jdbc.setInstant(h, 4, f.lastSeen());
                h.setString(5, f.historyChange());
                h.setString(6, f.outcome());
                h.setString(7, f.severity());
                h.addBatch();
            }
        }
    }

    private static void writeDevice(Statements st, PreparedReport r) throws SQLException {
        PreparedReport.DeviceUpdate d = r.device();
        PreparedStatement ps = st.batch(DEVICE_UPDATE);
        Jdbc.setInstant(ps, 1, r.receivedAt());
        ps.setString(2, r.kind());
        ps.setString(3, r.agentVersion());
        ps.setString(4, d.hostname());
        ps.setString(5, d.osFamily());
        ps.setString(6, d.osVersion());
        ps.setString(7, d.serialNumber());
        ps.setBoolean(8, d.compliant());
        ps.setInt(9, d.openFindings());
        ps.setObject(10, r.deviceId());
        ps.addBatch();
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
