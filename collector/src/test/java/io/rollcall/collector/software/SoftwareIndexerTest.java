package io.rollcall.collector.software;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.rollcall.collector.db.Database;
import io.rollcall.collector.db.Docs;
import io.rollcall.collector.db.Jdbc;
import io.rollcall.collector.devices.DeviceRecord;
import io.rollcall.collector.findings.Catalogue;
import io.rollcall.collector.support.StoreRows;
import io.rollcall.collector.support.TestStore;
import io.rollcall.common.report.SoftwareItem;
import io.rollcall.common.sample.SampleReports;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The install index written behind the acknowledgement (H2, or PostgreSQL with {@code -Drollcall.test.store=postgresql};
 * a real Hazelcast member for the device locks): queued devices get exactly their stored list's rows, a device busy
 * with a report waits for a later round, a queue left by a crash is finished by the next indexer, and seats are told.
 */
class SoftwareIndexerTest {
    private static final Instant NOW = Instant.parse("2026-12-01T08:00:00Z");
    static HazelcastInstance hz;

    @TempDir
    Path dir;
    Database db;
    IMap<String, DeviceRecord> locks;
    final List<Set<String>> told = new ArrayList<>();

    @BeforeAll
    static void member() {
        Config c = new Config().setClusterName("indexer-" + UUID.randomUUID());
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.setProperty("hazelcast.logging.type", "slf4j");
        c.getJetConfig().setEnabled(false);
        var net = c.getNetworkConfig();
        net.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        net.getJoin().getMulticastConfig().setEnabled(false);
        net.getJoin().getAutoDetectionConfig().setEnabled(false);
        c.setProperty("hazelcast.socket.bind.any", "false");
        hz = Hazelcast.newHazelcastInstance(c);
    }

    @AfterAll
    static void shutdown() {
        hz.shutdown();
    }

    @BeforeEach
    void open() {
        db = TestStore.current().open(dir, 2);
        locks = hz.getMap("devices-" + UUID.randomUUID());
    }

    @AfterEach
    void close() {
        db.close();
    }

    private SoftwareIndexer indexer(boolean start) {
        return new SoftwareIndexer(db, locks, Catalogue.empty(), new InstallIndex(db), Clock.fixed(NOW, ZoneOffset.UTC),
                titles -> told.add(new TreeSet<>(titles)), start);
    }

    @Test
    void queuedDevicesGetTheirStoredListsRowsAndKnownTitlesAreNotOfferedAgain() throws Exception {
        List<SoftwareItem> software = SampleReports.software(4, 850, NOW);
        var titles = InstallIndex.titles(software, Catalogue.empty());
        UUID a = device(software);
        UUID b = device(software);
        SoftwareIndexer indexer = indexer(false);
        assertEquals(2, indexer.pending());

        assertEquals(2, indexer.indexBatch());
        assertEquals(0, indexer.pending());
        assertEquals(titles.size(), count("SELECT COUNT(*) FROM software_held WHERE device_id = ?", a));
        assertEquals(titles.size(), count("SELECT COUNT(*) FROM software_held WHERE device_id = ?", b));
        assertEquals(titles.size(), count("SELECT COUNT(*) FROM software_titles", null));
        long raws = software.stream().map(i -> List.of(i.name(), String.valueOf(i.version()),
                String.valueOf(i.publisher()), String.valueOf(i.source()))).distinct().count();
        assertEquals(raws, count("SELECT COUNT(*) FROM software_raw", null));
        // b brought the same titles and raw names as a in the same batch: it holds the set a stored, so neither
        // store is offered them again (H2 would throw one duplicate-key exception per row)
        assertEquals(0, indexer.duplicateRowsSkipped());
        assertEquals(1, count("SELECT COUNT(*) FROM software_title_sets", null));
        assertEquals(0, count("SELECT COUNT(*) FROM software_installs", null));
        assertEquals(1, told.size());
        assertEquals(titles.keySet(), told.get(0));
        assertEquals(0, indexer.indexBatch(), "nothing left to index");
    }

    @Test
    void aNewerListReplacesTheRowsAndADeviceStoringAReportWaitsForALaterRound() throws Exception {
        List<SoftwareItem> software = SampleReports.software(4, 20, NOW);
        UUID a = device(software);
        SoftwareIndexer indexer = indexer(false);
        assertEquals(1, indexer.indexBatch());

        List<SoftwareItem> fewer = software.subList(0, 15);
        store(a, fewer, UUID.randomUUID());
        // a report of a is being stored on another thread: the indexer leaves a queued and takes it next round
        CompletableFuture<Void> held = new CompletableFuture<>();
        CompletableFuture<Void> release = new CompletableFuture<>();
        Thread reporter = new Thread(() -> {
            locks.lock(a.toString());
            held.complete(null);
            release.join();
            locks.unlock(a.toString());
        });
        reporter.start();
        held.get(10, TimeUnit.SECONDS);
        assertEquals(0, indexer.indexBatch());
        assertEquals(1, indexer.pending());
        release.complete(null);
        reporter.join(10_000);

        assertEquals(1, indexer.indexBatch());
        var now = InstallIndex.titles(fewer, Catalogue.empty());
        assertEquals(now.size(), count("SELECT COUNT(*) FROM software_held WHERE device_id = ?", a));
        Set<String> gone = new TreeSet<>(InstallIndex.titles(software, Catalogue.empty()).keySet());
        gone.removeAll(now.keySet());
        assertEquals(gone, told.get(1), "the removed titles are the ones whose seats may move");
    }

    @Test
    void aQueueLeftByACrashIsIndexedByTheNextIndexerWithoutBeingWoken() throws Exception {
        List<SoftwareItem> software = SampleReports.software(4, 30, NOW);
        UUID a = device(software);
        UUID b = device(software.subList(0, 10));
        try (SoftwareIndexer indexer = indexer(true)) {
            assertTrue(indexer.awaitIdle(20_000));
            // the queue rows go with the commit, the count just after it
            long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (indexer.indexed() < 2 && System.nanoTime() < end) {
                Thread.sleep(5);
            }
            assertEquals(2, indexer.indexed());
        }
        assertEquals(InstallIndex.titles(software, Catalogue.empty()).size(),
                count("SELECT COUNT(*) FROM software_held WHERE device_id = ?", a));
        assertEquals(InstallIndex.titles(software.subList(0, 10), Catalogue.empty()).size(),
                count("SELECT COUNT(*) FROM software_held WHERE device_id = ?", b));
    }

    @Test
    void whileReportsKeepArrivingTheIndexerPausesBetweenBatchesButKeepsGoing() throws Exception {
        List<SoftwareItem> software = SampleReports.software(4, 5, NOW);
        int devices = SoftwareIndexer.BATCH * 2 + 3; // three batches
        for (int i = 0; i < devices; i++) {
            device(software);
        }
        SoftwareIndexer indexer = indexer(false);
        indexer.yieldTo(System::nanoTime); // a report "just stored", all the time
        Thread t = new Thread(() -> {
            try {
                indexer.indexBatch(); // the first batch, then the loop below must not stop for good
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        t.start();
        t.join(30_000);
        assertEquals(devices - SoftwareIndexer.BATCH, indexer.pending());
        try (SoftwareIndexer running = indexer(true)) {
            running.yieldTo(System::nanoTime);
            assertTrue(running.awaitIdle(30_000), "the queue drains while reports keep arriving");
        }
    }

    @Test
    void anImagesTitlesAreStoredOnceAndAHolderThatChangesGetsItsOwnRowsKeepingWhenEachTitleWasFirstSeen()
            throws Exception {
        List<SoftwareItem> image = SampleReports.software(4, 40, NOW);
        var titles = InstallIndex.titles(image, Catalogue.empty());
        UUID a = device(image);
        UUID b = device(image);
        UUID c = device(image.subList(0, 30));
        Instant[] clock = {NOW};
        SoftwareIndexer indexer = new SoftwareIndexer(db, locks, Catalogue.empty(), new InstallIndex(db),
                new Clock() {
                    public java.time.ZoneId getZone() {
                        return ZoneOffset.UTC;
                    }

                    public Clock withZone(java.time.ZoneId zone) {
                        return this;
                    }

                    public Instant instant() {
                        return clock[0];
                    }
                }, t -> told.add(new TreeSet<>(t)), false);
        assertEquals(3, indexer.indexBatch());

        // two sets (the image, and c's shorter list), three holders, no row of a device's own
        assertEquals(2, count("SELECT COUNT(*) FROM software_title_sets", null));
        assertEquals(titles.size() + 30, count("SELECT COUNT(*) FROM software_set_titles", null));
        assertEquals(3, count("SELECT COUNT(*) FROM software_set_holders", null));
        assertEquals(0, count("SELECT COUNT(*) FROM software_installs", null));
        String oneTitle = titles.keySet().iterator().next();
        assertEquals(3, new InstallIndex(db).holders(oneTitle).size(), "a title's holders read through the sets");
        assertEquals(titles.keySet(), new InstallIndex(db).read(b).keySet());

        // a month later a adds one package and updates none: its rows are written out, the kept titles first seen
        // when it was first indexed, the new one now; b still holds the image's set
        clock[0] = NOW.plus(java.time.Duration.ofDays(30));
        List<SoftwareItem> more = new ArrayList<>(image);
        more.add(new SoftwareItem("Added Later Editor", "1.0", "Someone", null, null, null));
        store(a, more, UUID.randomUUID());
        assertEquals(1, indexer.indexBatch());
        assertEquals(titles.size() + 1, count("SELECT COUNT(*) FROM software_installs WHERE device_id = ?", a));
        assertEquals(0, count("SELECT COUNT(*) FROM software_set_holders WHERE device_id = ?", a));
        assertEquals(titles.size(), count(
                "SELECT COUNT(*) FROM software_installs WHERE device_id = ? AND first_seen = TIMESTAMP WITH TIME ZONE "
                        + "'2026-12-01 08:00:00+00'", a));
        assertEquals(titles.size() + 1, count("SELECT COUNT(*) FROM software_held WHERE device_id = ?", a));
        assertEquals(titles.size(), count("SELECT COUNT(*) FROM software_held WHERE device_id = ?", b));
        assertEquals(Set.of(InstallIndex.titles(more, Catalogue.empty()).keySet().stream()
                .filter(t -> !titles.containsKey(t)).findFirst().orElseThrow()), told.get(1),
                "only the added title's seats may move");
        var holders = new InstallIndex(db).holders(oneTitle);
        assertEquals(3, holders.size());
        assertTrue(holders.stream().allMatch(h -> h.installedAt() != null || NOW.equals(h.since())));

        // a device whose list goes holds nothing
        store(c, List.of(), UUID.randomUUID());
        assertEquals(1, indexer.indexBatch());
        assertEquals(0, count("SELECT COUNT(*) FROM software_held WHERE device_id = ?", c));
        assertEquals(2, count("SELECT COUNT(*) FROM software_title_sets", null), "a set stays for the next laptop");
    }

    @Test
    void aDeviceEvaluatedAgainstAnOlderCatalogueIsReevaluatedOnceIndexed() throws Exception {
        List<SoftwareItem> software = SampleReports.software(4, 10, NOW);
        UUID current = device(software); // queued with version "" (the catalogue below says "")
        UUID stale = device(software);
        UUID[] ids = {stale};
        // its report was evaluated before a decision changed the catalogue
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE software_index_queue SET catalogue_version = 'before-the-decision' WHERE device_id = ?")) {
                ps.setObject(1, ids[0]);
                return ps.executeUpdate();
            }
        });
        List<UUID> reevaluated = new ArrayList<>();
        SoftwareIndexer indexer = indexer(false);
        indexer.reevaluateWith(d -> reevaluated.add(d));
        assertEquals(2, indexer.indexBatch());
        assertEquals(List.of(stale), reevaluated, "only the device evaluated against the older catalogue, not " + current);
    }

    /** A device row, its stored software section and its queue row, as a report's transaction leaves them. */
    private UUID device(List<SoftwareItem> software) throws Exception {
        UUID id = StoreRows.device(db, NOW);
        store(id, software, UUID.randomUUID());
        return id;
    }

    private void store(UUID device, List<SoftwareItem> software, UUID reportId) throws Exception {
        db.inTransaction(c -> {
            try (PreparedStatement del = c.prepareStatement(
                    "DELETE FROM device_sections WHERE device_id = ? AND section = 'software'");
                 PreparedStatement ps = c.prepareStatement("INSERT INTO device_sections (device_id, section, doc, sha256, "
                         + "updated_at, report_id) VALUES (?, 'software', ?, ?, ?, ?)")) {
                del.setObject(1, device);
                del.executeUpdate();
                ps.setObject(1, device);
                ps.setBytes(2, Docs.encode(software));
                ps.setString(3, "x".repeat(64));
                Jdbc.setInstant(ps, 4, NOW);
                ps.setObject(5, reportId);
                ps.executeUpdate();
            }
            SoftwareIndexer.enqueue(c::prepareStatement, device, reportId, "", NOW);
            return null;
        });
    }

    private long count(String sql, UUID param) throws Exception {
        return StoreRows.count(db, sql, param);
    }
}
