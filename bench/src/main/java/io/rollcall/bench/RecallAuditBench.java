package io.rollcall.bench;

import io.rollcall.collector.Collector;
import io.rollcall.collector.CollectorConfig;
import io.rollcall.collector.db.Database;
import io.rollcall.collector.db.Jdbc;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Latency of the recall and physical-audit reads (issue 16) on a large register: seeds a data dir with {@link ListSeed}
 * (devices, assets, people, loans) plus, for the audit, the open loans' laptops linked to reporting devices and three
 * scans for each of three assets in four; starts a real collector, makes a recall of everyone through the API, and
 * times each read one at a time after warm-up, with an untimed one-row write between requests (as {@link ListBench}
 * does, so H2 cannot answer from its cached last result). Also times one scan ({@code POST .../sightings}).
 *
 * <pre>java -cp bench/target/rollcall-loadgen.jar io.rollcall.bench.RecallAuditBench DATA_DIR [assets] [requests] [warmup]</pre>
 */
public final class RecallAuditBench {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int assets = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int requests = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        int loans = assets * 3 / 10; // two thirds open: a fifth of the register out
        CollectorConfig cfg = CollectorConfig.defaults().withDataDir(dir).withPort(0).withBindHost("127.0.0.1")
                .withClusterName("recall-bench-" + UUID.randomUUID());
        if (!Files.exists(dir.resolve("db"))) {
            long t0 = System.nanoTime();
            Database db = Database.open(Database.embeddedUrl(dir), cfg.jdbcUser(), cfg.jdbcPassword(), 2);
            try {
                Instant now = Instant.now();
                new ListSeed(assets, assets, loans, now).seed(db);
                int sightings = seedAudit(db, assets, loans * 2 / 3, now);
                System.out.printf("seeded %d assets, %d loans, %d sightings in %.1f s%n", assets, loans, sightings,
                        (System.nanoTime() - t0) / 1e9);
            } finally {
                db.close();
            }
        }
        String admin = ListBench.token("rc_admin_");
        Map<String, String> env = Map.of("ROLLCALL_ENROLL_TOKEN", ListBench.token("rc_enroll_"), "ROLLCALL_ADMIN_TOKEN", admin);
        try (Collector collector = Collector.start(cfg, env)) {
            HttpClient http = HttpClient.newBuilder().sslContext(ListBench.trustOnly(dir.resolve("tls").resolve("ca.crt")))
                    .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
            String base = "https://localhost:" + collector.port();
            HttpResponse<String> made = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/recalls"))
                    .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"Summer\",\"scope\":\"everyone\",\"dueAt\":\""
                            + Instant.now().plus(Duration.ofDays(30)) + "\",\"headEmail\":\"head@school.example\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (made.statusCode() != 201) {
                throw new IllegalStateException("recall: HTTP " + made.statusCode() + " " + made.body());
            }
            String recall = made.body().replaceAll("(?s).*\"recall\":\\{\"id\":\"([^\"]+)\".*", "$1");
            System.out.printf("%-52s %8s %8s %8s %8s %9s%n", "request", "p50 ms", "p95 ms", "p99 ms", "max ms", "bytes");
            for (String path : List.of("/api/v1/stocktake/overdue", "/api/v1/stocktake/assets",
                    "/api/v1/stocktake/overdue.csv", "/api/v1/recalls", "/api/v1/recalls/" + recall,
                    "/api/v1/recalls/" + recall + "/outstanding.csv", "POST /api/v1/stocktake/sightings")) {
                double[] ms = new double[requests];
                int bytes = 0;
                for (int i = -warmup; i < requests; i++) {
                    touch(collector.database(), i);
                    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path.replace("POST ", "")))
                            .header("Authorization", "Bearer " + admin);
                    if (path.startsWith("POST ")) {
                        b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                                "{\"tag\":\"" + String.format("A%05d", Math.floorMod(i, assets)) + "\",\"location\":\"Hall\"}"));
                    }
                    long t = System.nanoTime();
                    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                    double took = (System.nanoTime() - t) / 1e6;
                    if (r.statusCode() / 100 != 2) {
                        throw new IllegalStateException(path + ": HTTP " + r.statusCode() + " " + r.body());
                    }
                    if (i >= 0) {
                        ms[i] = took;
                        bytes = r.body().length();
                    }
                }
                Arrays.sort(ms);
                System.out.printf("%-52s %8.1f %8.1f %8.1f %8.1f %9d%n", path, ListBench.pct(ms, 50),
                        ListBench.pct(ms, 95), ListBench.pct(ms, 99), ms[ms.length - 1], bytes);
            }
        }
        System.exit(0);
    }

    /** Links each open loan's asset to a device (so lent laptops are seen by their agents) and adds scans. */
    private static int seedAudit(Database db, int assets, int open, Instant now) throws Exception {
        Random random = new Random(16);
        return db.inTransaction(c -> {
            List<UUID> devices = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM devices ORDER BY id LIMIT ?")) {
                ps.setInt(1, open);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        devices.add(Jdbc.getUuid(rs, "id"));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE devices SET serial_number = ? WHERE id = ?")) {
                for (int i = 0; i < devices.size(); i++) {
                    ps.setString(1, "AS" + i); // ListSeed's asset i has serial AS<i>; the first `open` assets are lent
                    ps.setObject(2, devices.get(i));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            int n = 0;
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO stocktake_sightings (id, scanned_tag, asset_tag, seen_at, location, seen_by, seen_by_name)
                    VALUES (?, ?, ?, ?, ?, 'bench', 'Bench')""")) {
                for (int i = 0; i < assets; i++) {
                    if (i % 4 == 3) {
                        continue;
                    }
                    for (int k = 0; k < 3; k++) {
                        String tag = String.format("A%05d", i);
                        ps.setObject(1, new UUID(random.nextLong(), random.nextLong()));
                        ps.setString(2, tag);
                        ps.setString(3, tag);
                        Jdbc.setInstant(ps, 4, now.minus(Duration.ofDays(random.nextInt(400))));
                        ps.setString(5, "Room " + random.nextInt(60));
                        ps.addBatch();
                        n++;
                    }
                }
                ps.executeBatch();
            }
            return n;
        });
    }

    /** An untimed no-op write of one device row between requests, as a live collector's heartbeats make. */
    private static void touch(Database db, long n) throws Exception {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE devices SET agent_version = agent_version
                    WHERE id = (SELECT id FROM devices ORDER BY id OFFSET ? ROWS FETCH NEXT 1 ROWS ONLY)""")) {
                ps.setLong(1, Math.floorMod(n, 1000));
                return ps.executeUpdate();
            }
        });
    }
}
