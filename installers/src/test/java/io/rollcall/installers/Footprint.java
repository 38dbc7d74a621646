package io.rollcall.installers;

import io.rollcall.agent.probe.ScanOptions;
import io.rollcall.agent.probe.Scanner;
import io.rollcall.agent.probe.SystemScanner;
import io.rollcall.agent.schedule.ReportFactory;
import io.rollcall.agent.state.DropCounters;
import io.rollcall.common.report.ReportKind;
import io.rollcall.common.wire.ReportCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Benchmark, not a test: {@code java [flags] -cp rollcall-agent.jar:test-classes io.rollcall.installers.Footprint N}
 * runs N full scans as the service would (scan, build the report, gzip it) and prints CPU seconds for the first
 * scan (with JVM start) and per later scan, and resident memory afterwards. Run by src/build/footprint.sh on the
 * packaged runtime; figures in BENCHMARKS.md.
 */
public final class Footprint {
    private Footprint() {
    }

    public static void main(String[] args) throws Exception {
        int scans = Integer.parseInt(args[0]);
        Scanner scanner = SystemScanner.create(new ScanOptions("00".repeat(32), null), Files.createTempDirectory("fp"));
        ReportFactory reports = new ReportFactory(UUID.randomUUID());
        double[] cpu = new double[scans];
        long bytes = 0;
        for (int i = 0; i < scans; i++) {
            var built = reports.build(ReportKind.FULL, Instant.now(), scanner.scan(), List.of(), Map.of(), 0,
                    new DropCounters(0, 0, 0));
            bytes = ReportCodec.toGzipJson(built.report()).length;
            cpu[i] = cpuSeconds();
        }
        double later = (cpu[scans - 1] - cpu[0]) / Math.max(1, scans - 1);
        System.out.printf("first_scan_cpu_s=%.2f later_scan_cpu_s=%.3f rss_mb=%.1f heap_used_mb=%.1f report_gz_kb=%.1f%n",
                cpu[0], later, status("VmRSS:") / 1024.0,
                (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / 1048576.0, bytes / 1024.0);
    }

    /** utime + stime of this process from /proc/self/stat, in seconds (USER_HZ is 100 on Linux). */
    private static double cpuSeconds() throws Exception {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    }

    private static long status(String key) throws Exception {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith(key))
                .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(-1L);
    }
}
