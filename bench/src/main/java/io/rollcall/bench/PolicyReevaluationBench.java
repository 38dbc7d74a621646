package io.rollcall.bench;

import com.hazelcast.core.HazelcastInstance;
import io.rollcall.collector.cluster.ClusterFactory;
import io.rollcall.collector.db.Database;
import io.rollcall.collector.db.Docs;
import io.rollcall.collector.db.Jdbc;
import io.rollcall.collector.devices.DeviceQueries;
import io.rollcall.collector.findings.Policy;
import io.rollcall.collector.findings.RuleEngine;
import io.rollcall.collector.ingest.IngestReads;
import io.rollcall.collector.ingest.IngestService;
import io.rollcall.collector.ingest.SectionDocs;
import io.rollcall.collector.media.MediaStore;
import io.rollcall.collector.policy.FleetReevaluator;
import io.rollcall.collector.policy.PolicyReevaluation;
import io.rollcall.collector.policy.PolicyStore;
import io.rollcall.collector.software.CatalogueService;
import io.rollcall.collector.software.CatalogueStore;
import io.rollcall.collector.software.InstallIndex;
import io.rollcall.common.report.OsInfo;
import io.rollcall.common.report.ScreenLockSection;
import io.rollcall.common.report.ScreenLockSetting;
import io.rollcall.common.report.Sections;
import io.rollcall.common.report.SecuritySection;
import io.rollcall.common.report.SettingSource;
import io.rollcall.common.report.SoftwareItem;
import io.rollcall.common.report.SoftwareSource;
import io.rollcall.common.report.Tri;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;

/**
 * The fleet re-evaluation a policy change starts ({@link PolicyReevaluation}, as {@code PUT /api/v1/policy} runs it
 * on the worker pool), on an embedded database seeded directly with N devices, each with stored os, screen-lock,
 * security and software sections (M installs, a fifth of them unreviewed titles; a third of the devices lock after
 * 20 minutes). Three policy versions are timed from the store to the {@code done} status: the first evaluation
 * (opens the findings), a screen-lock limit of 30 minutes (resolves the idle findings), and a compliance cut-off
 * change (no finding changes; every device's compliance is rewritten).
 *
 * <pre>java -cp bench/target/rollcall-loadgen.jar io.rollcall.bench.PolicyReevaluationBench [devices] [installs]</pre>
 */
public final class PolicyReevaluationBench {
    /** Distinct software lists; devices share them round-robin (decoding cost is the same either way). */
    private static final int LISTS = 100;

    public static void main(String[] args) throws Exception {
        int devices = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int installs = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        Path dir = Files.createTempDirectory("rollcall-policy-bench");
        Database db = Database.open(Database.embeddedUrl(dir), "sa", "", 8);
        HazelcastInstance hz = ClusterFactory.start("bench-" + UUID.randomUUID(), List.of(), 5951, db);
        ExecutorService background = Executors.newSingleThreadExecutor();
        try {
            long t0 = System.nanoTime();
            seed(db, devices, installs);
            System.out.printf("seeded %,d devices x %,d installs in %.1f s%n", devices, installs,
                    (System.nanoTime() - t0) / 1e9);

            Clock clock = Clock.systemUTC();
            var versions = ClusterFactory.settingsVersions(hz);
            PolicyStore policy = new PolicyStore(db, new MediaStore(db), versions);
            CatalogueService catalogue = new CatalogueService(new CatalogueStore(db), versions);
            RuleEngine engine = new RuleEngine(catalogue);
            try (IngestService ingest = new IngestService(db, ClusterFactory.devices(hz), new IngestReads(db),
                    new DeviceQueries(db), engine, policy, clock, catalogue, new InstallIndex(db), t -> { })) {
                FleetReevaluator fleet = new FleetReevaluator(db, ingest::reevaluate);
                PolicyReevaluation runs = new PolicyReevaluation(hz, fleet, () -> policy.snapshot().version(),
                        background, clock);
                Policy defaults = Policy.defaults();
                Policy longer = new Policy(null, 1800, null, null, null, null, null, null, null, null);
                Policy strict = longer.withComplianceSeverity(io.rollcall.collector.findings.Severity.LOW);
                for (Object[] step : new Object[][] {{"first evaluation (defaults)", defaults},
                    {"screenLockMaxIdleMinutes 15 -> 30", longer}, {"complianceSeverity medium -> low", strict}}) {
                    long s = System.nanoTime();
                    int version = policy.put((Policy) step[1], "bench", clock.instant());
                    PolicyReevaluation.Status started = runs.start(version);
                    double answerMs = (System.nanoTime() - s) / 1e6;
                    PolicyReevaluation.Status st = started;
                    while (!PolicyReevaluation.DONE.equals(st.state()) && !PolicyReevaluation.FAILED.equals(st.state())) {
                        LockSupport.parkNanos(50_000_000L);
                        st = runs.status(version);
                    }
                    double secs = (System.nanoTime() - s) / 1e9;
                    System.out.printf("%-36s answer %,6.0f ms  done in %,7.1f s  %,6.0f devices/s  state=%s done=%,d failed=%,d%n",
                            step[0], answerMs, secs, st.done() / secs, st.state(), st.done(), st.failed());
                }
                db.read(conn -> {
                    try (PreparedStatement ps = conn.prepareStatement(
                            "SELECT rule, COUNT(*) FROM findings WHERE status = 'open' GROUP BY rule ORDER BY rule");
                         var rs = ps.executeQuery()) {
                        while (rs.next()) {
                            System.out.printf("open %-32s %,d%n", rs.getString(1), rs.getLong(2));
                        }
                    }
                    return null;
                });
            }
        } finally {
            background.shutdownNow();
            hz.shutdown();
            db.close();
        }
    }

    private static void seed(Database db, int devices, int installs) throws Exception {
        Instant now = Instant.now();
        List<byte[]> lists = new ArrayList<>();
        for (int l = 0; l < LISTS; l++) {
            List<SoftwareItem> software = new ArrayList<>();
            for (int j = 0; j < installs; j++) {
                int t = (l + 10 * j) % 3_000;
                software.add(new SoftwareItem("Bench Title " + t + " " + (1 + t % 7) + ".0." + t, (1 + t % 7) + ".0." + t,
                        "Bench Publisher " + (t % 40), now.minusSeconds(86_400L * (t % 400)), SoftwareSource.DPKG,
                        null));
            }
            lists.add(Docs.encode(software));
        }
        System.out.printf("software document: %,d bytes gzipped%n", lists.get(0).length);
        int batch = 500;
        for (int from = 0; from < devices; from += batch) {
            int start = from;
            int end = Math.min(devices, from + batch);
            db.inTransaction(c -> {
                try (PreparedStatement dev = c.prepareStatement("""
                        INSERT INTO devices (id, hardware_uuid, hostname, os_family, secret_hash, enrolled_at,
                          last_seen_at, compliant, open_findings) VALUES (?, ?, ?, 'linux', 'x', ?, ?, TRUE, 0)""");
                     PreparedStatement sec = c.prepareStatement("""
                        INSERT INTO device_sections (device_id, section, doc, sha256, updated_at, report_id)
                        VALUES (?, ?, ?, 'bench', ?, ?)""")) {
                    for (int k = start; k < end; k++) {
                        UUID id = UUID.randomUUID();
                        dev.setObject(1, id);
                        dev.setString(2, id.toString());
                        dev.setString(3, "lab-" + k);
                        Jdbc.setInstant(dev, 4, now);
                        Jdbc.setInstant(dev, 5, now);
                        dev.addBatch();
                        int idle = k % 3 == 0 ? 1200 : 300;
                        Sections s = Sections.EMPTY.withOs(new OsInfo("linux", "Ubuntu", "24.04", "6.8", "x86_64", "lab-" + k))
                                .withScreenLock(new ScreenLockSection(List.of(new ScreenLockSetting("jo.bloggs", Tri.YES,
                                        idle, Tri.YES, 0, SettingSource.USER, null)), null))
                                .withSecurity(new SecuritySection(Tri.YES, Tri.YES, List.of(), Tri.YES, Map.of()));
                        UUID report = UUID.randomUUID();
                        for (Map.Entry<String, Object> e : SectionDocs.present(s).entrySet()) {
                            section(sec, id, e.getKey(), Docs.encode(e.getValue()), now, report);
                        }
                        section(sec, id, SectionDocs.SOFTWARE, lists.get(k % LISTS), now, report);
                    }
                    dev.executeBatch();
                    sec.executeBatch();
                }
                return null;
            });
        }
    }

    private static void section(PreparedStatement sec, UUID id, String name, byte[] doc, Instant now, UUID report)
            throws java.sql.SQLException {
        sec.setObject(1, id);
        sec.setString(2, name);
        sec.setBytes(3, doc);
        Jdbc.setInstant(sec, 4, now);
        sec.setObject(5, report);
        sec.addBatch();
    }
}
