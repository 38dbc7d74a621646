package io.rollcall.collector.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rollcall.collector.support.PostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every pooled PostgreSQL connection plans each statement for its parameters ({@link Database#CUSTOM_PLANS}): a
 * generic plan kept from a small table read every open finding for each first report.
 */
class PostgresPlansTest {

    @Test
    void everyPooledConnectionPlansForItsParameters() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        try (Database db = Database.open(pg.freshDatabase("rc_plans"), pg.user(), pg.password(), 3)) {
            List<Connection> held = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    Connection c = db.dataSource().getConnection();
                    held.add(c);
                    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW plan_cache_mode")) {
                        rs.next();
                        assertEquals("force_custom_plan", rs.getString(1), "connection " + i);
                    }
                }
            } finally {
                for (Connection c : held) {
                    c.close();
                }
            }
        }
    }
}
