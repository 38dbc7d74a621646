package io.rollcall.collector.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.collector.CollectorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jdbc.pool.size}: how many connections one collector may hold, so that several collectors fit one
 * PostgreSQL's {@code max_connections}. That a running collector keeps to it is shown by {@code
 * cluster/ThreeNodeClusterKillTest} (three JVMs, connections counted in {@code pg_stat_activity}).
 */
class JdbcPoolSizeTest {
    @TempDir
    Path dir;

    @Test
    void unsetItStaysWorkerPoolSizePlusFourAsBefore() throws Exception {
        assertEquals(36, CollectorConfig.defaults().effectiveJdbcPoolSize());
        assertEquals(12, config("worker.pool.size=8\n").effectiveJdbcPoolSize());
    }

    @Test
    void setItIsThePoolSizeWhateverTheWorkers() throws Exception {
        assertEquals(10, config("worker.pool.size=8\njdbc.pool.size=10\n").effectiveJdbcPoolSize());
        assertEquals(1, config("jdbc.pool.size=1\n").effectiveJdbcPoolSize());
        assertEquals(200, config("jdbc.pool.size= 200\n").effectiveJdbcPoolSize());
        assertEquals(5, CollectorConfig.defaults().withJdbcPoolSize(5).effectiveJdbcPoolSize());
    }

    @Test
    void outOfRangeOrNotANumberIsRefusedNamingTheKey() {
        for (String bad : new String[] {"0", "-3", "201", "ten", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> config("jdbc.pool.size=" + bad + "\n"), bad);
            assertTrue(e.getMessage().startsWith("jdbc.pool.size was "), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CollectorConfig.defaults().withJdbcPoolSize(500));
        assertEquals("jdbc.pool.size was 500, must be 1 to 200", e.getMessage());
    }

    private CollectorConfig config(String lines) throws Exception {
        Path file = dir.resolve("collector.properties");
        Files.writeString(file, lines);
        return CollectorConfig.defaults().withFile(file);
    }
}
