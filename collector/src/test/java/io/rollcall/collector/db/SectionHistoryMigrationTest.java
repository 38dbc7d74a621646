package io.rollcall.collector.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rollcall.collector.support.PostgresServer;
import io.rollcall.collector.support.StoreRows;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * V30 on a database written before it, where {@code section_history} held every version of a section, the current
 * one too: the rows repeating a current version go, the versions replaced stay, on H2 and on PostgreSQL.
 */
class SectionHistoryMigrationTest {
    private static final Instant T0 = Instant.parse("2026-09-01T08:00:00Z");
    private static final Instant T1 = Instant.parse("2026-10-01T08:00:00Z");

    @TempDir
    Path dir;

    @Test
    void theCurrentVersionsRepeatedInTheHistoryGoAndTheReplacedOnesStayOnH2() throws Exception {
        check(Database.embeddedUrl(dir), "sa", "");
    }

    @Test
    void theCurrentVersionsRepeatedInTheHistoryGoAndTheReplacedOnesStayOnPostgresql() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        check(pg.freshDatabase("rc_v30"), pg.user(), pg.password());
    }

    private static void check(String url, String user, String password) throws Exception {
        Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration").target("29").load()
                .migrate();
        UUID device = UUID.randomUUID();
        UUID r0 = UUID.randomUUID();
        UUID r1 = UUID.randomUUID();
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            StoreRows.device(c, device, T0);
            // os changed once (r0 then r1), accounts never: as the writer left them before V30
            current(c, device, "os", "b", T1, r1);
            current(c, device, "accounts", "c", T0, r0);
            history(c, device, "os", "a", T0, r0);
            history(c, device, "os", "b", T1, r1);
            history(c, device, "accounts", "c", T0, r0);
        }
        try (Database db = Database.open(url, user, password, 2)) {
            List<String> left = db.read(c -> {
                List<String> out = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT section, sha256, report_id FROM section_history WHERE device_id = ? ORDER BY changed_at")) {
                    ps.setObject(1, device);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.add(rs.getString(1) + " " + rs.getString(2).charAt(0) + " " + rs.getString(3));
                        }
                    }
                }
                return out;
            });
            assertEquals(List.of("os a " + r0), left);
            assertEquals(2L, db.count("SELECT COUNT(*) FROM device_sections"));
        }
    }

    private static void current(Connection c, UUID device, String section, String sha, Instant at, UUID report)
            throws Exception {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO device_sections (device_id, section, doc, sha256, "
                + "updated_at, report_id) VALUES (?, ?, ?, ?, ?, ?)")) {
            bind(ps, 1, device, section, sha, at, report);
            ps.executeUpdate();
        }
    }

    private static void history(Connection c, UUID device, String section, String sha, Instant at, UUID report)
            throws Exception {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO section_history (id, device_id, section, doc, sha256, "
                + "changed_at, report_id) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setObject(1, UUID.randomUUID());
            bind(ps, 2, device, section, sha, at, report);
            ps.executeUpdate();
        }
    }

    private static void bind(PreparedStatement ps, int from, UUID device, String section, String sha, Instant at,
                             UUID report) throws Exception {
        ps.setObject(from, device);
        ps.setString(from + 1, section);
        ps.setBytes(from + 2, new byte[] {1});
        ps.setString(from + 3, sha.repeat(64));
        Jdbc.setInstant(ps, from + 4, at);
        ps.setObject(from + 5, report);
    }
}
