package io.rollcall.collector.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.h2.mvstore.MVStoreTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded H2 file under the collector's kind of churn, on real files: the embedded URL as shipped, committing
 * every report on its own ({@code WRITE_DELAY=0}). New devices with random UUID keys, a gzip-sized incompressible
 * software document, small sections and a queue row each; the indexer's transactions adding a batch of devices'
 * install rows and deleting their queue rows; later reports that replace documents. The file's largest size during
 * the churn is compared with its live data: the same file after H2's full offline compaction
 * ({@code MVStoreTool.compact}).
 *
 * <p>H2 reuses a chunk's space only once it is older than {@code RETENTION_TIME} (45 s by default, 5 s while the
 * compactor runs). The churn here lasts seconds, so both databases run with 200 ms: what is compared is
 * fragmentation, partly-live chunks that no retention time ever frees, not the retention window (the storm's
 * figures for that are in BENCHMARKS.md).
 */
class H2CompactorTest {
    private static final int DEVICES = 600;
    private static final int INSTALLS_PER_DEVICE = 120;
    /** Devices per indexer transaction, as {@code SoftwareIndexer.BATCH} takes them (64 there). */
    private static final int INDEX_BATCH = 32;
    /** The bound, a multiple of the live data: the compacted file's peak stays under it, the plain one's does not. */
    private static final double BOUND = 2.5;

    @TempDir
    Path dir;

    @Test
    void withoutCompactionThePeakExceedsTheBound() throws Exception {
        Churned run = churn(dir.resolve("plain"), false);
        assertTrue(run.peakBytes() > BOUND * run.liveBytes(),
                "peak " + run.peakBytes() + " B against live " + run.liveBytes() + " B: expected > " + BOUND + "× (the"
                        + " failure this compactor exists for; if H2 now compacts by itself, the compactor may go)");
    }

    @Test
    void withTheCompactorThePeakStaysWithinTheBoundAndEveryByteIsKept() throws Exception {
        Path db = dir.resolve("compacted");
        Churned run = churn(db, true);
        assertTrue(run.passesThatRewrote() > 0, "no pass rewrote anything");
        assertTrue(run.peakBytes() < BOUND * run.liveBytes(),
                "peak " + run.peakBytes() + " B against live " + run.liveBytes() + " B: expected < " + BOUND + "×");
        try (HikariDataSource ds = pool(db); Connection c = ds.getConnection()) {
            assertEquals(run.digest(), digest(c), "rows or documents changed by compaction");
        }
    }

    @Test
    void onlyAnH2DatabaseInAFileIsCompacted() {
        assertTrue(H2Compactor.isEmbeddedFile(Database.embeddedUrl(dir)));
        assertTrue(H2Compactor.isEmbeddedFile("jdbc:h2:./data/db/rollcall;MODE=PostgreSQL"));
        assertFalse(H2Compactor.isEmbeddedFile("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1"));
        assertFalse(H2Compactor.isEmbeddedFile("jdbc:h2:tcp://localhost/~/rollcall"));
        assertFalse(H2Compactor.isEmbeddedFile("jdbc:postgresql://127.0.0.1:5432/rollcall"));
    }

    @Test
    void aPoolThatIsNotAnEmbeddedFileIsRefusedByName() throws Exception {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl("jdbc:h2:mem:compactor-test");
        try (HikariDataSource mem = new HikariDataSource(cfg)) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> new H2Compactor(mem, 60, 1 << 20).runOnce());
            assertEquals("not an embedded H2 file database", e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new H2Compactor(null, 100, 1));
    }

    @Test
    void openingStartsTheCompactorWithItsRetentionTimeAndClosingStopsIt() throws Exception {
        long before = compactorThreads(); // other test classes' databases, if any left open
        Database db = Database.open(Database.embeddedUrl(dir), "sa", "", 2);
        assertEquals(before + 1, compactorThreads(), "Database.open started no compactor for the embedded file");
        assertEquals(String.valueOf(H2Compactor.RETENTION_MILLIS), db.read(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT setting_value FROM information_schema.settings WHERE setting_name = 'RETENTION_TIME'")) {
                return rs.next() ? rs.getString(1) : null;
            }
        }));
        db.close();
        assertEquals(before, compactorThreads());
    }

    private static long compactorThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("rollcall-h2-compactor") && t.isAlive()).count();
    }

    /** The file's largest size during the churn, its live size, and a digest of what it holds. */
    private record Churned(long peakBytes, long liveBytes, int passesThatRewrote, String digest) {
    }

    private Churned churn(Path db, boolean compact) throws Exception {
        Path file = db.resolve("db").resolve("rollcall.mv.db");
        long peak = 0;
        int rewrote = 0;
        String digest;
        Random random = new Random(14);
        try (HikariDataSource ds = pool(db); Connection c = ds.getConnection()) {
            try (Statement s = c.createStatement()) {
                s.execute("SET RETENTION_TIME 200");
                s.execute("CREATE TABLE devices (id UUID PRIMARY KEY, hostname VARCHAR(100) NOT NULL,"
                        + " last_seen TIMESTAMP WITH TIME ZONE NOT NULL)");
                s.execute("CREATE TABLE device_sections (device_id UUID NOT NULL REFERENCES devices (id),"
                        + " section VARCHAR(32) NOT NULL, doc BYTEA NOT NULL, PRIMARY KEY (device_id, section))");
                s.execute("CREATE TABLE installs (device_id UUID NOT NULL, title_id BIGINT NOT NULL,"
                        + " version VARCHAR(60) NOT NULL, PRIMARY KEY (device_id, title_id))");
                s.execute("CREATE INDEX installs_by_title ON installs (title_id, device_id)");
                s.execute("CREATE TABLE index_queue (device_id UUID PRIMARY KEY, queued_at TIMESTAMP WITH TIME ZONE)");
            }
            H2Compactor compactor = new H2Compactor(ds, H2Compactor.TARGET_FILL_PERCENT,
                    H2Compactor.WRITE_LIMIT_BYTES);
            List<UUID> devices = new ArrayList<>();
            for (int report = 0; report < DEVICES * 3 / 2; report++) {
                if (report < DEVICES) {
                    UUID id = new UUID(random.nextLong(), random.nextLong());
                    devices.add(id);
                    firstReport(c, id, random);
                    if (devices.size() % INDEX_BATCH == 0) {
                        index(c, devices.subList(devices.size() - INDEX_BATCH, devices.size()), random);
                    }
                } else {
                    laterReport(c, devices.get(random.nextInt(devices.size())), random);
                }
                peak = Math.max(peak, Files.size(file));
                // the timer's pass, every 250 ms in production: here every 8 reports (about as often, at this pace)
                if (compact && report % 8 == 7 && compactor.runOnce().rewrote()) {
                    rewrote++;
                }
            }
            digest = digest(c);
        }
        MVStoreTool.compact(file.toString(), false); // the database closed with the pool's last connection
        return new Churned(peak, Files.size(file), rewrote, digest);
    }

    private static HikariDataSource pool(Path db) {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(Database.embeddedUrl(db));
        cfg.setMaximumPoolSize(2);
        return new HikariDataSource(cfg);
    }

    private static void firstReport(Connection c, UUID id, Random random) throws SQLException {
        c.setAutoCommit(false);
        try (PreparedStatement dev = c.prepareStatement("INSERT INTO devices VALUES (?, ?, CURRENT_TIMESTAMP)");
                PreparedStatement queue = c.prepareStatement("INSERT INTO index_queue VALUES (?, CURRENT_TIMESTAMP)")) {
            dev.setObject(1, id);
            dev.setString(2, "pc-" + id.toString().substring(0, 8));
            dev.executeUpdate();
            for (String section : new String[] {"software", "os", "accounts", "security"}) {
                putSection(c, id, section, section.equals("software") ? 20_000 + random.nextInt(8_000)
                        : 300 + random.nextInt(600), random);
            }
            queue.setObject(1, id);
            queue.executeUpdate();
        }
        c.commit();
        c.setAutoCommit(true);
    }

    /** The indexer's transaction: a batch of devices' install rows, and their queue rows gone. */
    private static void index(Connection c, List<UUID> batch, Random random) throws SQLException {
        c.setAutoCommit(false);
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO installs VALUES (?, ?, ?)");
                PreparedStatement done = c.prepareStatement("DELETE FROM index_queue WHERE device_id = ?")) {
            for (UUID id : batch) {
                for (int i = 0; i < INSTALLS_PER_DEVICE; i++) {
                    ins.setObject(1, id);
                    ins.setLong(2, i * 10L + random.nextInt(10));
                    ins.setString(3, "1." + random.nextInt(40) + "." + i);
                    ins.addBatch();
                }
                done.setObject(1, id);
                done.addBatch();
            }
            ins.executeBatch();
            done.executeBatch();
        }
        c.commit();
        c.setAutoCommit(true);
    }

    private static void laterReport(Connection c, UUID id, Random random) throws SQLException {
        c.setAutoCommit(false);
        try (PreparedStatement seen = c.prepareStatement(
                "UPDATE devices SET last_seen = CURRENT_TIMESTAMP WHERE id = ?")) {
            seen.setObject(1, id);
            seen.executeUpdate();
        }
        putSection(c, id, random.nextBoolean() ? "software" : "accounts", 500 + random.nextInt(20_000), random);
        c.commit();
        c.setAutoCommit(true);
    }

    private static void putSection(Connection c, UUID id, String section, int bytes, Random random)
            throws SQLException {
        byte[] doc = new byte[bytes]; // random bytes: gzipped JSON does not compress further either
        random.nextBytes(doc);
        try (PreparedStatement put = c.prepareStatement(
                "MERGE INTO device_sections (device_id, section, doc) KEY (device_id, section) VALUES (?, ?, ?)")) {
            put.setObject(1, id);
            put.setString(2, section);
            put.setBytes(3, doc);
            put.executeUpdate();
        }
    }

    private static String digest(Connection c) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (Statement s = c.createStatement()) {
            for (String sql : new String[] {"SELECT id, hostname FROM devices ORDER BY id",
                    "SELECT device_id, section, doc FROM device_sections ORDER BY device_id, section",
                    "SELECT device_id, title_id, version FROM installs ORDER BY device_id, title_id",
                    "SELECT device_id FROM index_queue ORDER BY device_id"}) {
                try (ResultSet rs = s.executeQuery(sql)) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= columns; i++) {
                            Object value = rs.getObject(i);
                            sha.update(value instanceof byte[] bytes ? bytes
                                    : String.valueOf(value).getBytes(StandardCharsets.UTF_8));
                        }
                    }
                }
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
