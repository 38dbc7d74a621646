package io.rollcall.bench;

import com.hazelcast.core.HazelcastInstance;
import io.rollcall.collector.cluster.ClusterFactory;
import io.rollcall.collector.db.Database;
import io.rollcall.collector.db.Jdbc;
import io.rollcall.collector.findings.RuleEngine;
import io.rollcall.collector.licences.LicenceService;
import io.rollcall.collector.licences.LicenceStore;
import io.rollcall.collector.policy.PolicyStore;
import io.rollcall.collector.media.MediaStore;
import io.rollcall.collector.software.CatalogueService;
import io.rollcall.collector.software.CatalogueStore;
import io.rollcall.collector.software.SoftwareService;
import io.rollcall.collector.software.TitleEvaluator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Re-evaluation after one catalogue decision, on a seeded embedded database: N devices with M installs each
 * (one title, {@code bench-target}, on every device and unreviewed), then three decisions on that title, timed
 * one by one: licence-required with seats for three quarters of the fleet (opens the unlicensed findings of
 * the newest quarter and takes the title out of every device's unapproved list), banned, approved.
 *
 * <pre>java -cp bench/target/rollcall-bench.jar io.rollcall.bench.ReevaluationBench [devices] [installs] [titles]</pre>
 */
public final class ReevaluationBench {
    private static final String TARGET = "bench-target";

    public static void main(String[] args) throws Exception {
        int devices = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int installs = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        int titles = args.length > 2 ? Integer.parseInt(args[2]) : 3_000;
        Path dir = Files.createTempDirectory("rollcall-reeval-bench");
        Database db = Database.open(Database.embeddedUrl(dir), "sa", "", 8);
        HazelcastInstance hz = ClusterFactory.start("bench-" + UUID.randomUUID(), List.of(), 5901, db);
        try {
            long t0 = System.nanoTime();
            List<UUID> ids = seed(db, devices, installs, titles);
            System.out.printf("seeded %,d devices x %,d installs (%,d titles) in %.1f s%n", devices, installs, titles,
                    (System.nanoTime() - t0) / 1e9);

            Clock clock = Clock.systemUTC();
            var versions = ClusterFactory.settingsVersions(hz);
            PolicyStore policy = new PolicyStore(db, new MediaStore(db), versions);
            CatalogueService catalogue = new CatalogueService(new CatalogueStore(db), versions);
            RuleEngine engine = new RuleEngine(catalogue);
            LicenceService licences = new LicenceService(new LicenceStore(db), catalogue, clock);
            SoftwareService software = new SoftwareService(catalogue,
                    new TitleEvaluator(db, catalogue, licences, policy, engine, clock), ClusterFactory.titleLocks(hz), clock);
            licences.bind(software);
            licences.add(new LicenceService.LicenceRequest(TARGET, "per-device", devices * 3 / 4, LocalDate.of(2024, 1, 1),
                    null, "Bench Ltd", "PO-1"), "bench");

            for (String status : List.of("licence-required", "banned", "approved")) {
                long s = System.nanoTime();
                var r = software.decide(TARGET, new SoftwareService.DecisionRequest(status, null, "bench"), "bench");
                double ms = (System.nanoTime() - s) / 1e6;
                System.out.printf("decision %-16s %,9.0f ms  holders=%,d opened=%,d updated=%,d resolved=%,d devices=%,d%n",
                        status, ms, r.reevaluated().holders(), r.reevaluated().opened(), r.reevaluated().updated(),
                        r.reevaluated().resolved(), r.reevaluated().devices().size());
            }
            if (ids.isEmpty()) {
                throw new IllegalStateException("nothing seeded");
            }
        } finally {
            hz.shutdown();
            db.close();
        }
    }

    /**
     * Devices, titles (a fifth unreviewed, the rest approved), installs and each device's unapproved finding.
     * Device k holds {@code bench-target} and titles (k + 10 j) mod titles for j < installs - 1: distinct, and
     * generated inside the database so seeding millions of rows takes minutes, not hours.
     */
    private static List<UUID> seed(Database db, int devices, int installs, int titles) throws SQLException {
        if (titles < 10 * installs) {
            throw new IllegalArgumentException("titles must be at least 10 x installs");
        }
        Instant now = Instant.now();
        List<UUID> ids = new ArrayList<>();
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO software_titles (id, name, category, status, first_seen) VALUES (?, ?, NULL, ?, ?)""")) {
                add(ps, TARGET, "Bench Target", "unreviewed", now);
                for (int t = 0; t < titles; t++) {
                    add(ps, "title-" + t, "Title " + t, t % 5 == 0 ? "unreviewed" : "approved", now);
                }
                ps.executeBatch();
            }
            return null;
        });
        db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "CREATE TABLE bench_k (k INT PRIMARY KEY, id UUID NOT NULL)")) {
                s.executeUpdate();
            }
            try (PreparedStatement dev = c.prepareStatement("""
                    INSERT INTO devices (id, hardware_uuid, secret_hash, enrolled_at, last_seen_at, compliant, open_findings)
                    VALUES (?, ?, 'x', ?, ?, TRUE, 1)""");
                 PreparedStatement k = c.prepareStatement("INSERT INTO bench_k (k, id) VALUES (?, ?)");
                 PreparedStatement find = c.prepareStatement("""
                    INSERT INTO findings (id, device_id, rule, subject, outcome, severity, status, first_seen, last_seen,
                      evidence, policy_ref) VALUES (?, ?, 'software.unapproved', '', 'fail', 'low', 'open', ?, ?, ?, 'ref')""")) {
                for (int i = 0; i < devices; i++) {
                    UUID id = UUID.randomUUID();
                    ids.add(id);
                    dev.setObject(1, id);
                    dev.setString(2, id.toString());
                    Jdbc.setInstant(dev, 3, now);
                    Jdbc.setInstant(dev, 4, now);
                    dev.addBatch();
                    k.setInt(1, i);
                    k.setObject(2, id);
                    k.addBatch();
                    List<String> unreviewed = new ArrayList<>(List.of("Bench Target"));
                    for (int j = 0; j < installs - 1; j++) {
                        int t = (i + 10 * j) % titles;
                        if (t % 5 == 0) {
                            unreviewed.add("Title " + t);
                        }
                    }
                    unreviewed.sort(String.CASE_INSENSITIVE_ORDER);
                    find.setObject(1, UUID.randomUUID());
                    find.setObject(2, id);
                    Jdbc.setInstant(find, 3, now);
                    Jdbc.setInstant(find, 4, now);
                    find.setString(5, "{\"unreviewedTitles\":" + unreviewed.size() + ",\"titles\":["
                            + String.join(",", unreviewed.stream().limit(20).map(x -> "\"" + x + "\"").toList()) + "]}");
                    find.addBatch();
                }
                dev.executeBatch();
                k.executeBatch();
                find.executeBatch();
            }
            return null;
        });
        db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO software_installs (device_id, title_id, version, installed_at, first_seen)
                    SELECT b.id, 'bench-target', '1.0', DATEADD('SECOND', -MOD(b.k * 7919, 60000000), CAST(? AS TIMESTAMP WITH TIME ZONE)), CAST(? AS TIMESTAMP WITH TIME ZONE) FROM bench_k b""")) {
                Jdbc.setInstant(s, 1, now);
                Jdbc.setInstant(s, 2, now);
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO software_installs (device_id, title_id, version, installed_at, first_seen)
                    SELECT b.id, 'title-' || MOD(b.k + 10 * r."X", CAST(? AS INT)), '1.0', CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS TIMESTAMP WITH TIME ZONE)
                    FROM bench_k b CROSS JOIN SYSTEM_RANGE(0, CAST(? AS INT)) r""")) {
                s.setInt(1, titles);
                Jdbc.setInstant(s, 2, now);
                Jdbc.setInstant(s, 3, now);
                s.setInt(4, installs - 2);
                s.executeUpdate();
            }
            return null;
        });
        return ids;
    }

    private static void add(PreparedStatement ps, String id, String name, String status, Instant now) throws SQLException {
        ps.setString(1, id);
        ps.setString(2, name);
        ps.setString(3, status);
        Jdbc.setInstant(ps, 4, now);
        ps.addBatch();
    }


}
