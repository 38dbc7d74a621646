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

/** The tests' PostgreSQL: found or refused loudly, never skipped; the one it starts listens on loopback only. */
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
}
