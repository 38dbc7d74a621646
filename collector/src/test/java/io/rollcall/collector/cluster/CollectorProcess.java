package io.rollcall.collector.cluster;

import io.rollcall.collector.CollectorMain;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * One collector in its own JVM: {@code java -cp <this test's classpath> CollectorMain --data DIR --config FILE}, the
 * way an operator starts the jar. Output goes to {@code DIR/collector.log}. Every process started here is destroyed
 * by {@link #close} and, should the test JVM end first, by a shutdown hook, so none outlives the test run.
 */
final class CollectorProcess implements AutoCloseable {
    final String name;
    final String host;
    final Path dataDir;
    final int httpPort;
    private final Process process;

    private CollectorProcess(String name, String host, Path dataDir, int httpPort, Process process) {
        this.name = name;
        this.host = host;
        this.dataDir = dataDir;
        this.httpPort = httpPort;
        this.process = process;
    }

    /**
     * Starts a collector over {@code dataDir} with {@code config} (written 0600: it holds the cluster secret), serving
     * HTTPS on {@code host:httpPort}; {@code prefix} runs it elsewhere (e.g. {@code ip netns exec NS}, which execs,
     * so the process is the JVM itself).
     */
    static CollectorProcess start(String name, List<String> prefix, String host, Path dataDir, int httpPort,
                                  Properties config, Map<String, String> env) throws IOException {
        Files.createDirectories(dataDir);
        Path file = dataDir.resolve("collector.properties");
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (Writer w = Files.newBufferedWriter(file)) {
            config.store(w, null);
        }
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(javaBinary(), "-Xmx320m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), CollectorMain.class.getName(),
                "--data", dataDir.toString(), "--port", Integer.toString(httpPort), "--config", file.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("collector.log").toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly, "kill-" + name));
        return new CollectorProcess(name, host, dataDir, httpPort, p);
    }

    /**
     * SIGKILL, as {@code kill -9}: no shutdown hook runs, nothing is flushed, Hazelcast says no goodbye.
     *
     * @return the exit status, 137 (128 + 9) when the JVM died of SIGKILL
     */
    int kill() throws InterruptedException {
        process.destroyForcibly(); // SIGKILL on Linux (ProcessImpl.destroy(true))
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " still running 30 s after SIGKILL");
        }
        return process.exitValue();
    }

    boolean alive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** The last {@code lines} lines of its output, for a failure message. */
    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(dataDir.resolve("collector.log"));
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy(); // SIGTERM: its shutdown hook closes Hazelcast and the pool
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
