package io.rollcall.collector.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tests' PostgreSQL: found or refused loudly, never skipped; the one it starts listens on loopback only, and a
 * test's own server listens nowhere but loopback and that test's mesh.
 */
class PostgresServerTest {
    @TempDir
    Path dir;

    @Test
    void withoutPostgresqlBinariesOrAServerTheTestsFailSayingHowToGetOne() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PostgresServer.startOrConnect(name -> null, dir.resolve("no-postgresql-here")));
        assertTrue(e.getMessage().contains("apt-get install postgresql"), e.getMessage());
        assertTrue(e.getMessage().contains("./run-tests.sh"), e.getMessage());
        assertTrue(e.getMessage().contains("ROLLCALL_TEST_PG_URL"), e.getMessage());
    }

    @Test
    void theNewestInstalledVersionIsChosen() throws Exception {
        for (String v : new String[] {"9.6", "13", "15", "16"}) {
            Path bin = Files.createDirectories(dir.resolve(v).resolve("bin"));
            for (String tool : v.equals("16") ? new String[] {"initdb"} : new String[] {"initdb", "postgres"}) {
                Files.createFile(bin.resolve(tool), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            }
        }
        // 16 lacks the server binary (a client-only install), so 15 is the newest that can run
        assertEquals(dir.resolve("15").resolve("bin"), PostgresServer.findBinaries(dir));
    }

    @Test
    void theServerTheTestsUseListensOnLoopbackOnlyAndNeedsThePassword() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String url = pg.freshDatabase("rc_check");
        try (Connection c = DriverManager.getConnection(url, pg.user(), pg.password()); Statement s = c.createStatement()) {
            if (System.getenv("ROLLCALL_TEST_PG_URL") == null && System.getProperty("rollcall.test.pg.url") == null) {
                try (ResultSet rs = s.executeQuery("SHOW listen_addresses")) {
                    rs.next();
                    assertEquals("127.0.0.1", rs.getString(1));
                }
            }
        }
        assertThrows(java.sql.SQLException.class, () -> DriverManager.getConnection(url, pg.user(), "wrong").close());
    }

    @Test
    void aServerOfItsOwnListensOnlyOnLoopbackOrATestMeshNeverOnARealInterface() {
        for (String bad : new String[] {"*", "0.0.0.0", "192.168.1.20", "10.0.0.5", "10.231.5.11.1", "db.org"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> PostgresServer.startListeningOn(java.util.List.of(bad), java.util.List.of()));
            assertTrue(e.getMessage().startsWith("listen address was '" + bad + "'"), e.getMessage());
        }
        for (String bad : new String[] {"0.0.0.0/0", "10.0.0.0/8", "10.231.0.0/15", "192.168.1.0/24", "all"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> PostgresServer.startListeningOn(java.util.List.of(), java.util.List.of(bad)));
            assertTrue(e.getMessage().startsWith("hba network was '" + bad + "'"), e.getMessage());
        }
        PostgresServer.requireInMeshRange("hba network", "10.231.77.0/24");
    }

    @Test
    void aServerOfItsOwnStopsWhenClosed() throws Exception {
        String url;
        String user;
        String password;
        try (PostgresServer pg = PostgresServer.startListeningOn(java.util.List.of(), java.util.List.of())) {
            assertEquals(java.util.List.of("127.0.0.1"), pg.listenAddresses());
            url = pg.database("rc_own", "127.0.0.1");
            user = pg.user();
            password = pg.password();
            try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SHOW listen_addresses")) {
                rs.next();
                assertEquals("127.0.0.1", rs.getString(1));
            }
            assertThrows(IllegalArgumentException.class, () -> pg.database("rc_own", "10.231.1.11"));
        }
        assertThrows(java.sql.SQLException.class, () -> DriverManager.getConnection(url, user, password).close());
    }
}
