package io.rollcall.collector.db;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.collector.assets.SqlErrors;
import io.rollcall.collector.support.TestStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The SQL forms the stores rely on behave alike on H2 (PostgreSQL mode) and PostgreSQL, each on a freshly migrated
 * database: where the two differ, the stores use the form both read the same way, and these are those forms.
 */
class StoreDialectTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestStore.class)
    void instantsRoundTripToTheMicrosecondAndBindWhereTheTypeIsOnlyInferred(TestStore store) throws Exception {
        Instant at = Instant.parse("2025-03-03T08:15:30.123456Z");
        try (Database db = store.open(dir, 2)) {
            UUID id = device(db, at, null, true);
            Instant back = db.read(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT enrolled_at FROM devices WHERE id = ?")) {
                    ps.setObject(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return Jdbc.getInstant(rs, "enrolled_at");
                    }
                }
            });
            assertEquals(at, back);
            // a parameter whose type only the CASE around it could tell (the stale sweep's cut-off): PostgreSQL
            // reads an untyped one as text and refuses "timestamptz < text"; Jdbc.setInstant types it
            int n = db.read(c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT COUNT(*) FROM devices WHERE enrolled_at < CASE WHEN compliant THEN ? ELSE ? END")) {
                    Jdbc.setInstant(ps, 1, at.plusSeconds(1));
                    Jdbc.setInstant(ps, 2, at);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getInt(1);
                    }
                }
            });
            assertEquals(1, n);
            // nanoseconds are cut, never rounded up: a time stored just before another must not read back after it
            Instant nanos = Instant.parse("2025-03-03T08:15:30.999999999Z");
            UUID late = device(db, nanos, null, true);
            Instant cut = db.read(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT enrolled_at FROM devices WHERE id = ?")) {
                    ps.setObject(1, late);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return Jdbc.getInstant(rs, "enrolled_at");
                    }
                }
            });
            assertEquals(Instant.parse("2025-03-03T08:15:30.999999Z"), cut);
        }
    }

    @ParameterizedTest
    @EnumSource(TestStore.class)
    void insertOnConflictDoNothingCountsAReplayAsZeroRows(TestStore store) throws Exception {
        try (Database db = store.open(dir, 2)) {
            UUID report = UUID.randomUUID();
            String sql = """
                    INSERT INTO report_log (report_id, device_id, kind, collected_at, received_at, body_bytes)
                    VALUES (?, ?, 'full', ?, ?, 10) ON CONFLICT DO NOTHING""";
            List<Integer> counts = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                counts.add(db.inTransaction(c -> {
                    try (PreparedStatement ps = c.prepareStatement(sql)) {
                        ps.setObject(1, report);
                        ps.setObject(2, UUID.randomUUID());
                        Jdbc.setInstant(ps, 3, Instant.EPOCH);
                        Jdbc.setInstant(ps, 4, Instant.EPOCH);
                        return ps.executeUpdate();
                    }
                }));
            }
            assertEquals(List.of(1, 0), counts);
        }
    }

    @ParameterizedTest
    @EnumSource(TestStore.class)
    void aDuplicateKeyIsAConflictAndTheTransactionRollsBackWhole(TestStore store) throws Exception {
        try (Database db = store.open(dir, 2)) {
            device(db, Instant.EPOCH, "same-hw", null);
            SQLException e = assertThrows(SQLException.class, () -> db.inTransaction(c -> {
                insertPerson(c, "first-in-the-failed-transaction");
                insertDevice(c, UUID.randomUUID(), "same-hw", Instant.EPOCH, null, null);
                return null;
            }));
            assertTrue(SqlErrors.isConflict(e), e.getSQLState() + " " + e.getMessage());
            int people = db.read(c -> count(c, "SELECT COUNT(*) FROM people"));
            assertEquals(0, people, "nothing of a failed transaction stays");
        }
    }

    @ParameterizedTest
    @EnumSource(TestStore.class)
    void nullsSortLastAscendingAndFirstDescendingAsKeysetCursorsExpect(TestStore store) throws Exception {
        try (Database db = store.open(dir, 2)) {
            device(db, Instant.EPOCH, null, null);
            UUID b = device(db, Instant.EPOCH, null, null);
            db.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE devices SET hostname = 'b' WHERE id = ?")) {
                    ps.setObject(1, b);
                    return ps.executeUpdate();
                }
            });
            assertEquals(List.of("b", "-"), hostnames(db, "ORDER BY hostname LIMIT ? OFFSET ?", 5, 0));
            assertEquals(List.of("-", "b"), hostnames(db, "ORDER BY hostname DESC LIMIT ? OFFSET ?", 5, 0));
            assertEquals(List.of("-"), hostnames(db, "ORDER BY hostname LIMIT ? OFFSET ?", 1, 1));
        }
    }

    @ParameterizedTest
    @EnumSource(TestStore.class)
    void bytesBooleansUnknownsAndIdentityColumnsComeBackAsWritten(TestStore store) throws Exception {
        byte[] doc = Docs.encode(java.util.Map.of("name", "Firefox", "versions", List.of(1, 2, 3)));
        try (Database db = store.open(dir, 2)) {
            UUID unknown = device(db, Instant.EPOCH, null, null);
            UUID yes = device(db, Instant.EPOCH, null, true);
            db.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO device_sections (device_id, section, doc, sha256, updated_at, report_id)
                        VALUES (?, 'software', ?, 'x', ?, ?)""")) {
                    ps.setObject(1, yes);
                    ps.setBytes(2, doc);
                    Jdbc.setInstant(ps, 3, Instant.EPOCH);
                    ps.setObject(4, UUID.randomUUID());
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO assets (tag, type, status, created_at, updated_at) VALUES ('T1', 'laptop', 'in-stock', ?, ?)")) {
                    Jdbc.setInstant(ps, 1, Instant.EPOCH);
                    Jdbc.setInstant(ps, 2, Instant.EPOCH);
                    ps.executeUpdate();
                }
                for (int i = 0; i < 3; i++) {
                    try (PreparedStatement ps = c.prepareStatement("""
                            INSERT INTO asset_history (id, tag, at, actor, to_status) VALUES (?, 'T1', ?, 'test', 'in-stock')""")) {
                        ps.setObject(1, UUID.randomUUID());
                        Jdbc.setInstant(ps, 2, Instant.EPOCH);
                        ps.executeUpdate();
                    }
                }
                return null;
            });
            db.read(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT doc FROM device_sections WHERE device_id = ?")) {
                    ps.setObject(1, yes);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        assertArrayEquals(doc, rs.getBytes("doc"));
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT id, compliant FROM devices WHERE id IN (?, ?)")) {
                    ps.setObject(1, unknown);
                    ps.setObject(2, yes);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            Object v = rs.getObject("compliant");
                            if (Jdbc.getUuid(rs, "id").equals(unknown)) {
                                assertNull(v);
                            } else {
                                assertEquals(Boolean.TRUE, v);
                            }
                        }
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT seq FROM asset_history ORDER BY seq");
                     ResultSet rs = ps.executeQuery()) {
                    long last = 0;
                    int rows = 0;
                    while (rs.next()) {
                        assertTrue(rs.getLong(1) > last, "identity values increase");
                        last = rs.getLong(1);
                        rows++;
                    }
                    assertEquals(3, rows);
                }
                return null;
            });
        }
    }

    private static List<String> hostnames(Database db, String tail, int limit, int offset) throws SQLException {
        return db.read(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT hostname FROM devices " + tail)) {
                ps.setInt(1, limit);
                ps.setInt(2, offset);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1) == null ? "-" : rs.getString(1));
                    }
                }
            }
            return out;
        });
    }

    private static UUID device(Database db, Instant enrolled, String hardware, Boolean compliant) throws SQLException {
        UUID id = UUID.randomUUID();
        db.inTransaction(c -> {
            insertDevice(c, id, hardware == null ? id.toString() : hardware, enrolled, null, compliant);
            return null;
        });
        return id;
    }

    private static void insertDevice(Connection c, UUID id, String hardware, Instant enrolled, String hostname,
                                     Boolean compliant) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO devices (id, hardware_uuid, hostname, secret_hash, enrolled_at, compliant)
                VALUES (?, ?, ?, 'x', ?, ?)""")) {
            ps.setObject(1, id);
            ps.setString(2, hardware);
            ps.setString(3, hostname);
            Jdbc.setInstant(ps, 4, enrolled);
            ps.setObject(5, compliant, java.sql.Types.BOOLEAN);
            ps.executeUpdate();
        }
    }

    private static void insertPerson(Connection c, String staffId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO people (id, staff_id, name, status, updated_at) VALUES (?, ?, 'Someone', 'active', ?)""")) {
            ps.setObject(1, UUID.randomUUID());
            ps.setString(2, staffId);
            Jdbc.setInstant(ps, 3, Instant.EPOCH);
            ps.executeUpdate();
        }
    }

    private static int count(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
