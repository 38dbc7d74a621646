package io.rollcall.agent.resident;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resident as the installers start it ({@code rollcall-agent resident …}, i.e. {@code AgentMain} with
 * {@code resident} first), in a child JVM that logs every class it loads: after it has started a worker and heard
 * back from it, nothing beyond java.base and its own package is loaded — no Jackson, OSHI, JNA, logging, HTTP
 * client or agent command code. The worker here fails (the state directory is not enrolled), which is enough.
 */
class ResidentClassLoadingTest {
    /** What the resident must never load on Linux and macOS. */
    static final List<String> FORBIDDEN = List.of("com.fasterxml.", "oshi.", "com.sun.jna.", "org.slf4j.",
            "java.net.http.", "io.rollcall.agent.cli.Commands", "io.rollcall.agent.cli.Environment",
            "io.rollcall.agent.state.StateStore", "io.rollcall.agent.service.", "io.rollcall.agent.probe.",
            "io.rollcall.common.");

    @TempDir
    Path tmp;
    private long stopStartedAt;

    @Test
    void theServiceEntryPointLoadsOnlyJavaBaseAndTheResident() throws Exception {
        Path classLog = tmp.resolve("classes.log");
        Path out = tmp.resolve("out.log");
        Path watched = Files.createDirectory(tmp.resolve("media"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xlog:class+load=info:file=" + classLog, "-Xmx8m",
                "-cp", System.getProperty("java.class.path"), "io.rollcall.agent.cli.AgentMain", "resident",
                "--state", tmp.resolve("state").toString(), "--watch-dir", watched.toString())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(out).contains("worker (due) exited 1") && System.nanoTime() < deadline
                    && p.isAlive()) {
                p.waitFor(200, TimeUnit.MILLISECONDS);
            }
            assertTrue(Files.readString(out).contains("worker (due) exited 1"), Files.readString(out));
            assertTrue(Files.readString(out).contains("not enrolled"), "the worker's own message passes through: "
                    + Files.readString(out));
        } finally {
            stopStartedAt = System.nanoTime();
            p.destroy(); // SIGTERM, as systemd stops it
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        }
        long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopStartedAt);
        // the shutdown hook waits up to 20 s for the main thread; main must not then block in System.exit
        assertTrue(stopMillis < 10_000, "SIGTERM stopped the resident after " + stopMillis + " ms");
        assertLoadedNothingForbidden(Files.readAllLines(classLog));
    }

    static void assertLoadedNothingForbidden(List<String> loaded) {
        for (String needed : List.of("io.rollcall.agent.resident.ResidentLoop ",
                "io.rollcall.agent.resident.WorkerProcess ", "java.lang.ProcessBuilder ")) {
            assertTrue(loaded.stream().anyMatch(l -> l.contains(" " + needed)),
                    needed + "is in the log, so the absences below mean something");
        }
        for (String prefix : FORBIDDEN) {
            assertFalse(loaded.stream().anyMatch(l -> l.contains(" " + prefix)), "the resident loaded " + prefix
                    + "*: " + loaded.stream().filter(l -> l.contains(" " + prefix)).findFirst().orElse(""));
        }
    }
}
