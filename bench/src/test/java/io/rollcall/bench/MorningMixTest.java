package io.rollcall.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.collector.Collector;
import io.rollcall.collector.CollectorConfig;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --mix morning} against a real collector on loopback: the reports it says it sent are the ones stored. */
class MorningMixTest {
    @TempDir
    Path dir;

    @Test
    void everyDeviceReportsOnceThenTheMixIsTenTwentySeventyAndTheCollectorStoredExactlyThat() throws Exception {
        String admin = token("rc_admin_");
        try (Collector c = start(admin)) {
            MorningMix.Result r = run(c, admin, "--devices", "5", "--packages", "40", "--count", "100",
                    "--concurrency", "4", "--ceiling-seconds", "1", "--ceiling-threads", "2");

            assertEquals(5, r.first().accepted.sum());
            assertEquals(10, r.full().accepted.sum());
            assertEquals(20, r.delta().accepted.sum());
            assertEquals(70, r.heartbeat().accepted.sum());
            assertEquals(100, r.mixSent());
            for (KindStats k : new KindStats[] {r.first(), r.full(), r.delta(), r.heartbeat()}) {
                assertEquals(0, k.errors.sum() + k.non202Total(), k.name + " " + k.non202());
                assertTrue(k.percentileMs(99) >= k.percentileMs(50) && k.percentileMs(50) > 0, k.name);
            }
            assertTrue(r.ceiling().oneThread() > 0 && r.ceiling().nThreads() > 0);
            assertEquals(2, r.ceiling().threads());

            Map<String, Long> byKind = c.database().read(conn -> {
                Map<String, Long> out = new HashMap<>();
                try (Statement s = conn.createStatement();
                     ResultSet rs = s.executeQuery("SELECT kind, COUNT(*) FROM report_log GROUP BY kind")) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getLong(2));
                    }
                }
                return out;
            });
            assertEquals(Map.of("full", 15L, "delta", 20L, "heartbeat", 70L), byKind);
            // each full report after the first carried the other software list: every one of them replaced the
            // device's list, and the history keeps each version replaced (the current ones are the 5 devices' rows)
            long softwareReplaced = c.database().read(conn -> {
                try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery(
                        "SELECT COUNT(*) FROM section_history WHERE section = 'software'")) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            assertEquals(10, softwareReplaced);
        }
    }

    @Test
    void untimedFirstReportsAreSentFirstAndNotCountedAndTheTimedDevicesTakeTheirOwnTemplates() throws Exception {
        String admin = token("rc_admin_");
        try (Collector c = start(admin)) {
            MorningMix.Result r = run(c, admin, "--devices", "8", "--untimed-first", "5", "--packages", "40",
                    "--count", "1", "--templates", "3", "--concurrency", "2", "--ceiling-seconds", "0");
            assertEquals(3, r.first().accepted.sum());
            assertEquals(3, r.first().sent.sum());
            // all 8 first reports were stored, plus the mix's one report (a changed full report: seq 0)
            long fulls = c.database().read(conn -> {
                try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery(
                        "SELECT COUNT(DISTINCT device_id) FROM report_log WHERE kind = 'full'")) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            assertEquals(8, fulls);
            // untimed 0..4 take templates i mod 3; timed 5, 6, 7 start again at 0, as the same devices would alone
            MorningMix mix = new MorningMix(LoadGenOptions.parse(new String[] {"--mix", "morning", "--devices", "8",
                    "--untimed-first", "5"}), null);
            assertEquals(List.of(0, 1, 2, 0, 1, 0, 1, 2),
                    java.util.stream.IntStream.range(0, 8).map(i -> mix.templateOf(i, 3)).boxed().toList());
        }
    }

    @Test
    void withTwoUrlsDeviceIEnrolsAndReportsThroughNodeIModTwo() throws Exception {
        // the first-run enrolment token, imported by both: a token made through one lone node's API is unknown to the other
        String enroll = token("rc_enroll_");
        Map<String, String> env = Map.of("ROLLCALL_ADMIN_TOKEN", token("rc_admin_"), "ROLLCALL_ENROLL_TOKEN", enroll);
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        try (Collector ca = Collector.start(config(a), env)) {
            copyTree(a.resolve("tls"), b.resolve("tls")); // one CA for both, as for the nodes of a cluster
            try (Collector cb = Collector.start(config(b), env)) {
                // two lone collectors with their own stores: a device that ever talked to the wrong one would fail
                LoadGenOptions o = LoadGenOptions.parse(new String[] {"--url", "https://localhost:" + ca.port(),
                        "--url", "https://localhost:" + cb.port(), "--ca", a.resolve("tls").resolve("ca.crt").toString(),
                        "--enroll-token", enroll, "--mix", "morning", "--devices", "6", "--packages", "40",
                        "--count", "100", "--concurrency", "4", "--templates", "2", "--ceiling-seconds", "0"});
                o.requireRunnable();
                MorningMix.Result r;
                try (CollectorClient client = new CollectorClient(o)) {
                    r = new MorningMix(o, client).run();
                }
                KindStats mix = r.mix();
                assertEquals(6, r.first().accepted.sum());
                assertEquals(100, mix.accepted.sum());
                assertEquals(0, mix.errors.sum() + mix.non202Total() + r.first().errors.sum() + r.first().non202Total());
                assertTrue(r.first().ackDrainSeconds() > 0 && KindStats.drainSeconds(r.full(), r.delta(), r.heartbeat()) > 0);
                // devices 0, 2, 4 on a; 1, 3, 5 on b; the mix's 100 reports take the devices in turn: 17 + 17 + 16 each
                assertEquals(List.of(3L, 3L + 50L), enrolledAndReports(ca));
                assertEquals(List.of(3L, 3L + 50L), enrolledAndReports(cb));
            }
        }
    }

    /** A lone collector on loopback in {@code dir}, {@code admin} its admin token. */
    private Collector start(String admin) throws Exception {
        return Collector.start(config(dir), Map.of("ROLLCALL_ADMIN_TOKEN", admin, "ROLLCALL_ENROLL_TOKEN",
                token("rc_enroll_")));
    }

    /** {@code --mix morning} with {@code args} against {@code c}, enrolling with a token made by {@code admin}. */
    private MorningMix.Result run(Collector c, String admin, String... args) throws Exception {
        List<String> all = new java.util.ArrayList<>(List.of("--url", "https://localhost:" + c.port(), "--ca",
                dir.resolve("tls").resolve("ca.crt").toString(), "--admin-token", admin, "--mix", "morning"));
        all.addAll(List.of(args));
        LoadGenOptions o = LoadGenOptions.parse(all.toArray(String[]::new));
        o.requireRunnable();
        try (CollectorClient client = new CollectorClient(o)) {
            return new MorningMix(o, client).run();
        }
    }

    private CollectorConfig config(Path data) {
        return CollectorConfig.defaults().withDataDir(data).withPort(0).withBindHost("127.0.0.1")
                .withClusterName("loadgen-test-" + UUID.randomUUID());
    }

    private static List<Long> enrolledAndReports(Collector c) throws Exception {
        return c.database().read(conn -> {
            try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT (SELECT COUNT(*) FROM devices), (SELECT COUNT(*) FROM report_log)")) {
                rs.next();
                return List.of(rs.getLong(1), rs.getLong(2));
            }
        });
    }

    private static void copyTree(Path from, Path to) throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (java.nio.file.Files.isDirectory(f)) {
                    java.nio.file.Files.createDirectories(target);
                } else {
                    java.nio.file.Files.copy(f, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    @Test
    void readsTheInstallIndexBacklogFromPrometheusText() {
        assertEquals(12.0, MorningMix.pendingIndex("# HELP rollcall_software_index_pending devices waiting\n"
                + "# TYPE rollcall_software_index_pending gauge\nrollcall_software_index_pending 12.0\n"));
        assertEquals(0.0, MorningMix.pendingIndex("rollcall_software_index_pending{node=\"a\"} 0\n"));
        assertEquals(-1.0, MorningMix.pendingIndex("jvm_threads_live 40\n"));
    }

    @Test
    void theMixIsExactlyTenTwentySeventyInEveryHundred() {
        for (long base : new long[] {0, 100, 12_300}) {
            int[] n = new int[3];
            for (long seq = base; seq < base + 100; seq++) {
                n[MorningMix.kindOf(seq).ordinal()]++;
            }
            assertEquals(10, n[0]);
            assertEquals(20, n[1]);
            assertEquals(70, n[2]);
        }
    }

    private static String token(String prefix) {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return prefix + HexFormat.of().formatHex(b);
    }
}
