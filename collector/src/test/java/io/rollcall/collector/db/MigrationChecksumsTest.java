package io.rollcall.collector.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rollcall.collector.support.PostgresServer;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schools' H2 databases have these migrations applied, and Flyway refuses to start when an applied file's checksum
 * changes: a migration is never edited, a change is a new version. PostgreSQL applies the very same files.
 */
class MigrationChecksumsTest {
    /** Flyway's checksum of each shipped migration, as applied on schools' databases. A new version adds a line. */
    static final Map<String, Integer> APPLIED = new TreeMap<>(Map.ofEntries(
            Map.entry("1", -734248244), Map.entry("2", 660576048), Map.entry("3", -612627630),
            Map.entry("4", -1401411492), Map.entry("7", -1825624068), Map.entry("8", -865199404),
            Map.entry("9", 201457713), Map.entry("11", -392597423),
            Map.entry("20", 828899335), Map.entry("21", 127685927),
            Map.entry("22", -85282785), Map.entry("26", 1123567095)));

    static {
        APPLIED.put("23", -1041927751); // issue 16: bookings and acknowledgement links
    }

    static {
        APPLIED.put("25", 2087952901); // issue 17: groups and evidence
        APPLIED.put("27", 1551123879); // issue 14: the install index behind the acknowledgement
        APPLIED.put("28", 899549191); // issue 14: software lists stored once, shared by devices
        APPLIED.put("29", 804933482); // issue 14: the install index by title set
        APPLIED.put("30", -210367636); // issue 14: the history keeps the versions replaced
    }

    @TempDir
    Path dir;

    @Test
    void shippedMigrationsKeepTheirChecksumsOnH2AndPostgresql() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        Map<String, Integer> h2;
        Map<String, Integer> postgres;
        try (Database db = Database.open(Database.embeddedUrl(dir), "sa", "", 2)) {
            h2 = checksums(db);
        }
        try (Database db = Database.open(pg.freshDatabase("rc_sums"), pg.user(), pg.password(), 2)) {
            postgres = checksums(db);
        }
        assertEquals(APPLIED, h2);
        assertEquals(APPLIED, postgres);
    }

    private static Map<String, Integer> checksums(Database db) {
        Map<String, Integer> out = new TreeMap<>();
        for (MigrationInfo m : Flyway.configure().dataSource(db.dataSource()).locations("classpath:db/migration").load()
                .info().applied()) {
            out.put(m.getVersion().getVersion(), m.getChecksum());
        }
        return out;
    }

    // issue 16, recalls and the physical audit: kept apart from the list above so other versions merge beside it
    static {
        APPLIED.put("24", 171786247);
    }
}
