package io.rollcall.collector.db;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.collector.support.PostgresServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.postgresql.PGStatement;

/**
 * A statement marked {@link Jdbc#plannedEachCall} is never kept prepared on the PostgreSQL server (so never read by one
 * generic plan), however often it runs; an unmarked one is after the driver's five uses.
 */
class PostgresPlansTest {
    private static final String OPEN = "SELECT * FROM findings WHERE device_id = ? AND status = 'open'";

    @Test
    void aMarkedStatementIsPlannedForItsParametersAtEveryCall() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        try (Database db = Database.open(pg.freshDatabase("rc_plans"), pg.user(), pg.password(), 2);
             Connection c = db.dataSource().getConnection()) {
            assertFalse(serverPrepared(c, true), "marked: planned at every call");
            assertTrue(serverPrepared(c, false), "unmarked: the driver prepares it on the server (the control)");
        }
    }

    /** Runs {@link #OPEN} ten times on one statement; whether the driver would run it server-prepared next. */
    private static boolean serverPrepared(Connection c, boolean marked) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(OPEN)) {
            if (marked) {
                Jdbc.plannedEachCall(ps);
            }
            for (int i = 0; i < 10; i++) {
                ps.setObject(1, UUID.randomUUID());
                try (ResultSet rs = ps.executeQuery()) {
                    assertFalse(rs.next());
                }
            }
            return ps.unwrap(PGStatement.class).isUseServerPrepare();
        }
    }
}
