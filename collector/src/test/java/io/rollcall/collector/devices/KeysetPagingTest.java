package io.rollcall.collector.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rollcall.collector.compliance.FindingQueries;
import io.rollcall.collector.db.Database;
import io.rollcall.collector.db.Jdbc;
import io.rollcall.collector.db.Keyset;
import io.rollcall.collector.http.ApiException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Walking a list by {@code after} cursors returns exactly the rows, in the order, that offsets return. */
class KeysetPagingTest {
    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
    @TempDir
    Path dir;
    private Database db;

    @BeforeEach
    void seed() throws Exception {
        db = io.rollcall.collector.support.TestStore.current().open(dir, 2);
        db.inTransaction(c -> {
            try (PreparedStatement dev = c.prepareStatement("""
                    INSERT INTO devices (id, hardware_uuid, hostname, secret_hash, enrolled_at, last_seen_at, compliant)
                    VALUES (?, ?, ?, 'x', ?, ?, ?)""");
                 PreparedStatement find = c.prepareStatement("""
                    INSERT INTO findings (id, device_id, rule, subject, outcome, severity, status, first_seen, last_seen)
                    VALUES (?, ?, ?, '', 'fail', 'low', 'open', ?, ?)""")) {
                for (int i = 0; i < 23; i++) {
                    UUID id = UUID.randomUUID();
                    dev.setObject(1, id);
                    dev.setString(2, id.toString());
                    // repeated host names and hosts without a name: the cursor must tie-break by id and cross into NULLs
                    dev.setString(3, i % 6 == 5 ? null : "host-" + (i % 4));
                    Jdbc.setInstant(dev, 4, NOW);
                    Jdbc.setInstant(dev, 5, NOW);
                    dev.setObject(6, i % 3 == 0 ? null : i % 3 == 1);
                    dev.addBatch();
                    for (int k = 0; k < 2; k++) {
                        find.setObject(1, UUID.randomUUID());
                        find.setObject(2, id);
                        find.setString(3, k == 0 ? "security.unencrypted" : "screenlock.disabled");
                        Jdbc.setInstant(find, 4, NOW);
                        // many findings share a last_seen: ties are ordered by id
                        Jdbc.setInstant(find, 5, NOW.minusSeconds(i % 5));
                        find.addBatch();
                    }
                }
                dev.executeBatch();
                find.executeBatch();
            }
            return null;
        });
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void devicePagesByCursorMatchPagesByOffsetIncludingHostsWithoutName() throws Exception {
        DeviceQueries q = new DeviceQueries(db);
        for (Boolean compliant : new Boolean[] {null, false}) {
            List<UUID> all = q.list(compliant, null, null, null, null, 1000, 0).items().stream()
                    .map(DeviceQueries.DeviceSummary::id).toList();
            List<UUID> walked = walk(after -> {
                try {
                    return q.list(compliant, null, null, null, after, 4, 0);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, DeviceQueries.DeviceSummary::id);
            assertEquals(all, walked);
            assertEquals(compliant == null ? 23 : 15, all.size());
        }
    }

    @Test
    void findingPagesByCursorMatchPagesByOffset() throws Exception {
        FindingQueries f = new FindingQueries(db);
        for (String rule : new String[] {null, "security.unencrypted"}) {
            List<UUID> all = f.list("open", rule, null, null, 1000, 0).items().stream().map(FindingQueries.Finding::id).toList();
            List<UUID> walked = walk(after -> {
                try {
                    return f.list("open", rule, null, after, 5, 0);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, FindingQueries.Finding::id);
            assertEquals(all, walked);
            assertEquals(rule == null ? 46 : 23, all.size());
        }
        Keyset.Page<FindingQueries.Finding> first = f.list(null, null, null, null, 5, 0);
        assertEquals(46, first.total());
        // the page is joined to its devices after paging: host names still arrive
        assertEquals(true, first.items().stream().anyMatch(x -> x.hostname() != null && x.hostname().startsWith("host-")));
    }

    @Test
    void aCursorThatIsNotOursIsABadRequestNamingAfter() {
        DeviceQueries q = new DeviceQueries(db);
        ApiException e = assertThrows(ApiException.class, () -> q.list(null, null, null, null, "not*base64", 5, 0));
        assertEquals(400, e.status());
        assertEquals(true, e.getMessage().contains("after"));
        FindingQueries f = new FindingQueries(db);
        String wrongShape = Keyset.encode("yesterday", "x");
        assertThrows(ApiException.class, () -> f.list(null, null, null, wrongShape, 5, 0));
    }

    private static <T> List<UUID> walk(Function<String, Keyset.Page<T>> page, Function<T, UUID> id) {
        List<UUID> out = new ArrayList<>();
        String after = null;
        for (int guard = 0; guard < 100; guard++) {
            Keyset.Page<T> p = page.apply(after);
            p.items().forEach(t -> out.add(id.apply(t)));
            if (p.next() == null) {
                return out;
            }
            after = p.next();
        }
        throw new AssertionError("cursor never ended");
    }

    @Test
    void theLastPageHasNoNextCursor() throws Exception {
        Keyset.Page<DeviceQueries.DeviceSummary> p = new DeviceQueries(db).list(null, null, null, null, null, 100, 0);
        assertNull(p.next());
        assertEquals(23, p.items().size());
    }
}
