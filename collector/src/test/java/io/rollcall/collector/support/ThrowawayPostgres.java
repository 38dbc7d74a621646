package io.rollcall.collector.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster made for this JVM from Debian's binaries and thrown away with it ({@link PostgresServer}'s
 * servers): initdb in a temp dir, SCRAM passwords only, no Unix socket, as {@code postgres} when root.
 */
final class ThrowawayPostgres {
    private static final String SUPERUSER = "rollcall";

    /**
     * @param listen    {@code listen_addresses}, 127.0.0.1 first (where readiness and databases are checked)
     * @param hbaExtra  networks admitted besides loopback, password (SCRAM) only
     */
    static PostgresServer start(Path bin, List<String> listen, List<String> hbaExtra)
            throws IOException, InterruptedException {
        boolean root = "root".equals(System.getProperty("user.name"));
        removeLeftovers();
        Path dir = Files.createTempDirectory("rollcall-pg-");
        Path data = dir.resolve("data");
        Path pwFile = dir.resolve("pw");
        String password = hex(24);
        Files.writeString(pwFile, password + "\n");
        Files.setPosixFilePermissions(pwFile, PosixFilePermissions.fromString("rw-------"));
        if (root) {
            UserPrincipal pg = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            Files.setOwner(dir, pg);
            Files.setOwner(pwFile, pg);
        }
        Path log = dir.resolve("server.log");
        run(asServerUser(root, List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", SUPERUSER,
                "--pwfile=" + pwFile, "-A", "scram-sha-256", "-E", "UTF8", "--no-locale", "--no-sync")),
                dir.resolve("initdb.log"));
        Files.delete(pwFile);
        if (!hbaExtra.isEmpty()) {
            StringBuilder rules = new StringBuilder("\n# the test's own mesh, passwords only\n");
            for (String net : hbaExtra) {
                rules.append("host all all ").append(net).append(" scram-sha-256\n");
            }
            Files.writeString(data.resolve("pg_hba.conf"), rules, java.nio.file.StandardOpenOption.APPEND);
        }
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            Process server = launch(bin, root, data, port, String.join(",", listen), log);
            String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
            if (awaitReady(server, listen, port, password)) {
                Thread hook = new Thread(() -> stop(server, dir), "rollcall-pg-stop");
                Runtime.getRuntime().addShutdownHook(hook);
                return new PostgresServer(url, SUPERUSER, password, List.copyOf(listen), () -> {
                    try {
                        Runtime.getRuntime().removeShutdownHook(hook);
                    } catch (IllegalStateException e) {
                        return; // the JVM is ending: the hook stops it
                    }
                    stop(server, dir);
                });
            }
            stop(server, null);
            last = new IOException("PostgreSQL did not start on port " + port + "; its log ends: " + tail(log));
        }
        throw last;
    }

    /**
     * Runs postgres under a shell that ends it (fast shutdown) when its standard input reaches end of file: this
     * JVM holds the pipe, so the server goes when the JVM goes, however it goes.
     */
    private static Process launch(Path bin, boolean root, Path data, int port, String listen, Path log)
            throws IOException {
        // an asynchronous list reads /dev/null unless told otherwise: fd 3 keeps the pipe from this JVM for cat
        String script = "exec 3<&0; \"$0\" \"$@\" & pid=$!; (cat <&3 >/dev/null; kill -INT $pid 2>/dev/null) & "
                + "wait $pid";
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", script, bin.resolve("postgres").toString(),
                "-D", data.toString(), "-p", Integer.toString(port), "-c", "listen_addresses=" + listen,
                "-c", "unix_socket_directories=", "-c", "max_connections=500", "-c", "fsync=off",
                "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "shared_buffers=64MB"));
        return new ProcessBuilder(asServerUser(root, cmd)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /** True once a login succeeds at every listen address (PostgreSQL only warns when it cannot bind one). */
    private static boolean awaitReady(Process server, List<String> listen, int port, String password)
            throws InterruptedException {
        Properties p = new Properties();
        p.setProperty("user", SUPERUSER);
        p.setProperty("password", password);
        p.setProperty("connectTimeout", "2");
        Instant until = Instant.now().plus(Duration.ofSeconds(30));
        int ready = 0;
        while (ready < listen.size() && Instant.now().isBefore(until) && server.isAlive()) {
            String url = "jdbc:postgresql://" + listen.get(ready) + ":" + port + "/postgres";
            try (Connection c = DriverManager.getConnection(url, p)) {
                ready++;
            } catch (SQLException e) {
                // still starting: the server refuses connections until recovery is done
                Thread.sleep(100);
            }
        }
        return ready == listen.size();
    }

    private static void stop(Process server, Path dir) {
        try {
            OutputStream in = server.getOutputStream();
            in.close();
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        } catch (IOException | InterruptedException e) {
            server.destroyForcibly();
        }
        if (dir != null) {
            delete(dir);
        }
    }

    /**
     * Data dirs of JVMs that were killed (their servers stopped, but no shutdown hook removed the files): no
     * {@code postmaster.pid}, so no server runs there, and old enough not to be another JVM's initdb at work.
     */
    private static void removeLeftovers() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Instant before = Instant.now().minus(Duration.ofMinutes(10));
        try (Stream<Path> dirs = Files.list(tmp)) {
            dirs.filter(d -> d.getFileName().toString().startsWith("rollcall-pg-"))
                    .filter(d -> !Files.exists(d.resolve("data").resolve("postmaster.pid")))
                    .filter(d -> {
                        try {
                            return Files.getLastModifiedTime(d).toInstant().isBefore(before);
                        } catch (IOException e) {
                            return false;
                        }
                    })
                    .forEach(d -> delete(d));
        } catch (IOException e) {
            // leftovers are only disk space
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temp dir left behind is harmless
        }
    }

    private static List<String> asServerUser(boolean root, List<String> cmd) {
        if (!root) {
            return cmd;
        }
        List<String> out = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        out.addAll(cmd);
        return out;
    }

    private static void run(List<String> cmd, Path log) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd.subList(0, Math.min(cmd.size(), 6))) + " … failed: "
                    + tail(log));
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
