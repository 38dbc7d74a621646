package io.rollcall.collector.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.collector.db.Database;
import io.rollcall.collector.db.Jdbc;
import io.rollcall.collector.support.StoreRows;
import io.rollcall.collector.support.TestStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report writer on the test store (H2, or PostgreSQL with {@code -Drollcall.test.store=postgresql}): a group
 * of reports in one transaction, a bad report in a group refused alone, and a changed software list queued for the
 * install index in the report's own transaction ({@code SoftwareIndexerTest} covers the index itself).
 */
class ReportWriterGroupTest {
    private static final Instant NOW = Instant.parse("2026-12-01T08:00:00Z");

    @TempDir
    Path dir;
    Database db;
    ReportWriter writer;

    @BeforeEach
    void open() {
        db = TestStore.current().open(dir, 2);
        writer = new ReportWriter(db, false);
    }

    @AfterEach
    void close() {
        writer.close();
        db.close();
    }

    @Test
    void aGroupWithBadReportsStoresTheOthersAndRefusesOnlyThose() throws Exception {
        UUID a = device();
        UUID b = device();
        UUID c = device();
        UUID taken = UUID.randomUUID();
        CompletableFuture<Boolean> first = writer.submit(report(a, List.of(finding(UUID.randomUUID())), false));
        // a device that does not exist: fails at once, on its section row
        CompletableFuture<Boolean> ghost = writer.submit(report(UUID.randomUUID(), List.of(), false));
        CompletableFuture<Boolean> second = writer.submit(report(b, List.of(finding(taken)), false));
        // a finding id already used by b's report: fails only when the group's batched rows are flushed
        CompletableFuture<Boolean> clash = writer.submit(report(c, List.of(finding(taken)), false));
        writer.start();

        assertTrue(first.get(30, TimeUnit.SECONDS));
        assertTrue(second.get(30, TimeUnit.SECONDS));
        assertThrows(ExecutionException.class, () -> ghost.get(30, TimeUnit.SECONDS));
        assertThrows(ExecutionException.class, () -> clash.get(30, TimeUnit.SECONDS));
        // the group failed as a whole, then each report went alone: 2 of 4 transactions committed
        assertEquals(2, writer.groupsCommitted());
        assertEquals(1, count("SELECT COUNT(*) FROM findings WHERE device_id = ?", a));
        assertEquals(1, count("SELECT COUNT(*) FROM findings WHERE device_id = ?", b));
        assertEquals(0, count("SELECT COUNT(*) FROM report_log WHERE device_id = ?", c));
        assertEquals(0, count("SELECT COUNT(*) FROM device_sections WHERE device_id = ?", c));
        assertEquals(2, count("SELECT COUNT(*) FROM report_log", null));
    }

    @Test
    void aGroupOfGoodReportsIsOneTransactionAndAReplayIsADuplicate() throws Exception {
        UUID a = device();
        UUID b = device();
        PreparedReport ra = report(a, List.of(finding(UUID.randomUUID())), false);
        CompletableFuture<Boolean> fa = writer.submit(ra);
        CompletableFuture<Boolean> fb = writer.submit(report(b, List.of(finding(UUID.randomUUID())), false));
        writer.start();
        assertTrue(fa.get(30, TimeUnit.SECONDS));
        assertTrue(fb.get(30, TimeUnit.SECONDS));
        assertEquals(1, writer.groupsCommitted());
        assertFalse(writer.submit(ra).get(30, TimeUnit.SECONDS), "the same reportId again is a duplicate");
        assertEquals(1, count("SELECT COUNT(*) FROM report_log WHERE device_id = ?", a));
        assertEquals(1, count("SELECT COUNT(*) FROM finding_history WHERE device_id = ?", a));
        assertEquals("lab-host", string("SELECT hostname FROM devices WHERE id = ?", b));
    }

    @Test
    void aChangedSoftwareListQueuesItsDeviceForTheIndexInTheReportsOwnTransaction() throws Exception {
        UUID a = device();
        PreparedReport first = report(a, List.of(finding(UUID.randomUUID())), true);
        CompletableFuture<Boolean> fa = writer.submit(first);
        // a device that does not exist: its report fails, and nothing of it is queued
        CompletableFuture<Boolean> ghost = writer.submit(report(UUID.randomUUID(), List.of(), true));
        writer.start();
        assertTrue(fa.get(30, TimeUnit.SECONDS));
        assertThrows(ExecutionException.class, () -> ghost.get(30, TimeUnit.SECONDS));
        assertEquals(1, count("SELECT COUNT(*) FROM software_index_queue", null));
        assertEquals(first.reportId().toString(), string("SELECT report_id FROM software_index_queue WHERE device_id = ?", a));
        String queuedAt = string("SELECT queued_at FROM software_index_queue WHERE device_id = ?", a);

        // a newer list before the indexer came: the row names the newer report and keeps its place in the queue
        PreparedReport second = report(a, List.of(), true);
        assertTrue(writer.submit(second).get(30, TimeUnit.SECONDS));
        assertEquals(second.reportId().toString(), string("SELECT report_id FROM software_index_queue WHERE device_id = ?", a));
        assertEquals(queuedAt, string("SELECT queued_at FROM software_index_queue WHERE device_id = ?", a));
        // no index row is written in the report's transaction
        assertEquals(0, count("SELECT COUNT(*) FROM software_held", null));

        UUID b = device();
        assertTrue(writer.submit(report(b, List.of(), false)).get(30, TimeUnit.SECONDS));
        assertEquals(0, count("SELECT COUNT(*) FROM software_index_queue WHERE device_id = ?", b));
    }

    @Test
    void aFirstReportsSectionsAreInsertedAndOnesFoundStoredAfterAllAreUpdated() throws Exception {
        UUID a = device();
        PreparedReport first = storedFirstReport(a);
        assertEquals(2, count("SELECT COUNT(*) FROM device_sections WHERE device_id = ?", a));
        assertEquals(first.reportId().toString(),
                string("SELECT report_id FROM software_index_queue WHERE device_id = ?", a));
        String queuedAt = string("SELECT queued_at FROM software_index_queue WHERE device_id = ?", a);

        // the device's record said "no sections" again (behind the store): the insert finds the rows and they are
        // updated, the queue row too, keeping its place
        PreparedReport again = firstReport(a, "c");
        assertTrue(writer.submit(again).get(30, TimeUnit.SECONDS));
        assertEquals(2, count("SELECT COUNT(*) FROM device_sections WHERE device_id = ?", a));
        assertEquals("c".repeat(64), string("SELECT sha256 FROM device_sections WHERE device_id = ? AND section = 'os'", a));
        assertEquals(again.reportId().toString(),
                string("SELECT report_id FROM device_sections WHERE device_id = ? AND section = 'software'", a));
        assertEquals(again.reportId().toString(),
                string("SELECT report_id FROM software_index_queue WHERE device_id = ?", a));
        assertEquals(queuedAt, string("SELECT queued_at FROM software_index_queue WHERE device_id = ?", a));
        // the history keeps the versions replaced, the first report's, and not the current ones again
        assertEquals(2, count("SELECT COUNT(*) FROM section_history WHERE device_id = ?", a));
        assertEquals(first.reportId().toString(),
                string("SELECT report_id FROM section_history WHERE device_id = ? AND section = 'os'", a));
        assertEquals("a".repeat(64), string("SELECT sha256 FROM section_history WHERE device_id = ? AND section = 'os'", a));
    }

    @Test
    void aFirstReportKeepsNoHistoryAndARowReplacedTwiceInOneGroupKeepsBothEarlierVersionsInOrder() throws Exception {
        UUID a = device();
        PreparedReport first = storedFirstReport(a);
        assertEquals(0, count("SELECT COUNT(*) FROM section_history WHERE device_id = ?", a));

        writer.close(); // the next two go in one group
        writer = new ReportWriter(db, false);
        PreparedReport second = changed(a, "c", NOW.plusSeconds(60));
        PreparedReport third = changed(a, "d", NOW.plusSeconds(120));
        CompletableFuture<Boolean> f2 = writer.submit(second);
        CompletableFuture<Boolean> f3 = writer.submit(third);
        writer.start();
        assertTrue(f2.get(30, TimeUnit.SECONDS));
        assertTrue(f3.get(30, TimeUnit.SECONDS));
        assertEquals(1, writer.groupsCommitted());
        assertEquals("d".repeat(64), string("SELECT sha256 FROM device_sections WHERE device_id = ? AND section = 'os'", a));
        // each kept with when it became current
        assertEquals(List.of("a".repeat(64) + " " + first.reportId() + " " + NOW,
                        "c".repeat(64) + " " + second.reportId() + " " + NOW.plusSeconds(60)),
                db.read(c -> {
                    List<String> out = new ArrayList<>();
                    try (var ps = c.prepareStatement(
                            "SELECT sha256, report_id, changed_at FROM section_history WHERE device_id = ? AND section = 'os' "
                                    + "ORDER BY changed_at")) {
                        ps.setObject(1, a);
                        try (var rs = ps.executeQuery()) {
                            while (rs.next()) {
                                out.add(rs.getString(1) + " " + rs.getString(2) + " " + Jdbc.getInstant(rs, "changed_at"));
                            }
                        }
                    }
                    return out;
                }));
    }

    @Test
    void oneGroupWithTwoFirstReportsOfOneDeviceAndAReplayInItStoresEachOnceInOrder() throws Exception {
        UUID a = device();
        UUID b = device();
        PreparedReport a1 = firstReport(a, "a");
        PreparedReport a2 = firstReport(a, "c"); // prepared before a1 was stored: its sections look new too
        PreparedReport b1 = firstReport(b, "d");
        CompletableFuture<Boolean> f1 = writer.submit(a1);
        CompletableFuture<Boolean> replay = writer.submit(a1);
        CompletableFuture<Boolean> f2 = writer.submit(a2);
        CompletableFuture<Boolean> fb = writer.submit(b1);
        writer.start();
        assertTrue(f1.get(30, TimeUnit.SECONDS));
        assertFalse(replay.get(30, TimeUnit.SECONDS), "the same reportId later in the same group is a duplicate");
        assertTrue(f2.get(30, TimeUnit.SECONDS));
        assertTrue(fb.get(30, TimeUnit.SECONDS));
        assertEquals(1, writer.groupsCommitted());
        assertEquals(2, count("SELECT COUNT(*) FROM report_log WHERE device_id = ?", a));
        // a2's sections were inserted after a1's in the group's one batch, found there, and updated
        assertEquals(2, count("SELECT COUNT(*) FROM device_sections WHERE device_id = ?", a));
        assertEquals("c".repeat(64), string("SELECT sha256 FROM device_sections WHERE device_id = ? AND section = 'os'", a));
        // a1's versions, replaced by a2's in the same group, are the history
        assertEquals(2, count("SELECT COUNT(*) FROM section_history WHERE device_id = ?", a));
        assertEquals(a1.reportId().toString(),
                string("SELECT report_id FROM section_history WHERE device_id = ? AND section = 'os'", a));
        assertEquals(0, count("SELECT COUNT(*) FROM section_history WHERE device_id = ?", b));
        // one queue row each; a's names a2, the later report
        assertEquals(a2.reportId().toString(), string("SELECT report_id FROM software_index_queue WHERE device_id = ?", a));
        assertEquals(b1.reportId().toString(), string("SELECT report_id FROM software_index_queue WHERE device_id = ?", b));
        assertEquals("d".repeat(64), string("SELECT sha256 FROM device_sections WHERE device_id = ? AND section = 'os'", b));
    }

    @Test
    void theHistoryRowsItAddsAreKeyedInTheOrderTheyWereWrittenAsThisStoreSortsThem() throws Exception {
        UUID a = device();
        writer.start();
        List<String> written = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            PreparedReport r = report(a, List.of(finding(UUID.randomUUID())), false);
            assertTrue(writer.submit(r).get(30, TimeUnit.SECONDS));
            written.add(r.reportId().toString());
            Thread.sleep(3); // the ids' time is in milliseconds
        }
        // version 7 ids (time first): each new row goes to the right-hand edge of the key's B-tree, not a random page;
        // the history holds the versions replaced, every one but the last
        assertEquals(written.subList(0, 3), db.read(c -> {
            List<String> out = new ArrayList<>();
            try (var ps = c.prepareStatement("SELECT id, report_id FROM section_history WHERE device_id = ? ORDER BY id")) {
                ps.setObject(1, a);
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        assertEquals(7, rs.getObject(1, UUID.class).version());
                        out.add(rs.getString(2));
                    }
                }
            }
            return out;
        }));
        assertEquals(4, count("SELECT COUNT(*) FROM finding_history WHERE device_id = ?", a));
        assertEquals(Set.of(7), versions("SELECT id FROM finding_history WHERE device_id = ?", a));
    }

    private Set<Integer> versions(String sql, UUID param) throws Exception {
        return db.read(c -> {
            Set<Integer> out = new HashSet<>();
            try (var ps = c.prepareStatement(sql)) {
                ps.setObject(1, param);
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getObject(1, UUID.class).version());
                    }
                }
            }
            return out;
        });
    }

    /** Starts the writer and stores {@code device}'s first report (sections hashed "a…"). */
    private PreparedReport storedFirstReport(UUID device) throws Exception {
        writer.start();
        PreparedReport first = firstReport(device, "a");
        assertTrue(writer.submit(first).get(30, TimeUnit.SECONDS));
        return first;
    }

    /** A report whose two sections the device had no row for when it was prepared. */
    private static PreparedReport firstReport(UUID device, String sha) {
        byte[] doc = "{}".getBytes(StandardCharsets.UTF_8);
        return new PreparedReport(UUID.randomUUID(), device, "full", NOW, NOW, 100, "1.0", 0,
                List.of(new PreparedReport.SectionWrite("os", doc, sha.repeat(64), null, true),
                        new PreparedReport.SectionWrite("software", doc, "b".repeat(64), null, true)),
                List.of(), List.of(), new PreparedReport.DeviceUpdate("lab-host", "linux", "12", null, true, 0),
                true, "");
    }

    @Test
    void twoWritersEachWriteTheirDevicesAndGroupsBringingTheSameNewListsInOppositeOrdersBothCommitWhole()
            throws Exception {
        ReportWriters two = ReportWriters.of(db, 2, false);
        try {
            // six devices per writer; each writer's group brings the same six new lists, one in the reverse order
            int n = 6;
            List<List<UUID>> by = List.of(new ArrayList<>(), new ArrayList<>());
            while (by.get(0).size() < n || by.get(1).size() < n) {
                UUID d = device();
                if (by.get(two.indexOf(d)).size() < n) {
                    by.get(two.indexOf(d)).add(d);
                }
            }
            List<CompletableFuture<Boolean>> done = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                done.add(two.submit(listReport(by.get(0).get(i), String.valueOf(i).repeat(64))));
                done.add(two.submit(listReport(by.get(1).get(i), String.valueOf(n - 1 - i).repeat(64))));
            }
            two.start();
            for (CompletableFuture<Boolean> f : done) {
                assertTrue(f.get(30, TimeUnit.SECONDS));
            }
            assertEquals(n, count("SELECT COUNT(*) FROM software_lists", null));
            for (int w = 0; w < 2; w++) {
                // a group that failed (a deadlock) is written again report by report: more than one group
                assertEquals(1, two.get(w).groupsCommitted(), "writer " + w);
                for (UUID d : by.get(w)) {
                    assertEquals(1, count("SELECT COUNT(*) FROM device_sections WHERE device_id = ? AND list_digest IS NOT NULL", d));
                }
            }
            // a report that writes no section (a heartbeat, an unchanged full report) shares the first writer's commits
            UUID second = by.get(1).get(0);
            PreparedReport heartbeat = new PreparedReport(UUID.randomUUID(), second, "heartbeat", NOW, NOW, 100, "1.0",
                    0, List.of(), List.of(), List.of(),
                    new PreparedReport.DeviceUpdate(null, null, null, null, true, 0), false, "");
            assertSame(two.get(0), two.of(heartbeat));
            assertSame(two.get(1), two.of(changed(second, "e", NOW)));
            assertTrue(two.submit(heartbeat).get(30, TimeUnit.SECONDS));
            assertEquals(2, two.get(0).groupsCommitted());
            assertEquals(1, two.get(1).groupsCommitted());
        } finally {
            two.close();
        }
    }

    /** A first report whose software section brings list {@code digest}, new to the store. */
    private static PreparedReport listReport(UUID device, String digest) {
        byte[] doc = ("[\"" + digest + "\"]").getBytes(StandardCharsets.UTF_8);
        return new PreparedReport(UUID.randomUUID(), device, "full", NOW, NOW, 100, "1.0", 0,
                List.of(new PreparedReport.SectionWrite("software", doc, digest, digest, true)),
                List.of(), List.of(), new PreparedReport.DeviceUpdate("lab-host", "linux", "12", null, true, 0),
                false, "");
    }

    /** A report changing the os section the device has a row for. */
    private static PreparedReport changed(UUID device, String sha, Instant at) {
        byte[] doc = "{}".getBytes(StandardCharsets.UTF_8);
        return new PreparedReport(UUID.randomUUID(), device, "delta", at, at, 100, "1.0", 0,
                List.of(new PreparedReport.SectionWrite("os", doc, sha.repeat(64), null, false)),
                List.of(), List.of(), new PreparedReport.DeviceUpdate("lab-host", "linux", "12", null, true, 0),
                false, "");
    }

    private UUID device() throws Exception {
        return StoreRows.device(db, NOW);
    }

    private static PreparedReport.FindingWrite finding(UUID id) {
        return new PreparedReport.FindingWrite(PreparedReport.FindingWrite.Op.OPEN, id, "screenlock.no-password",
                "", "fail", "high", NOW, NOW, "{}", null, "opened");
    }

    private static PreparedReport report(UUID device, List<PreparedReport.FindingWrite> findings, boolean software) {
        byte[] doc = "{}".getBytes(StandardCharsets.UTF_8);
        List<PreparedReport.SectionWrite> sections = !software
                ? List.of(new PreparedReport.SectionWrite("os", doc, "a".repeat(64)))
                : List.of(new PreparedReport.SectionWrite("os", doc, "a".repeat(64)),
                        new PreparedReport.SectionWrite("software", doc, "b".repeat(64)));
        return new PreparedReport(UUID.randomUUID(), device, "full", NOW, NOW, 100, "1.0", 0, sections, List.of(),
                findings, new PreparedReport.DeviceUpdate("lab-host", "linux", "12", null, false, findings.size()),
                software, "");
    }

    private long count(String sql, UUID param) throws Exception {
        return StoreRows.count(db, sql, param);
    }

    private String string(String sql, UUID param) throws Exception {
        return StoreRows.string(db, sql, param);
    }
}
