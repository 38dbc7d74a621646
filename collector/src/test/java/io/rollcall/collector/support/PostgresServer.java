package io.rollcall.collector.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
 * A real PostgreSQL for the tests, one per test JVM. Either the server named by {@code ROLLCALL_TEST_PG_URL}
 * (environment or {@code -Drollcall.test.pg.url}; a JDBC URL of a database such as {@code postgres}, with
 * {@code ROLLCALL_TEST_PG_USER}/{@code ROLLCALL_TEST_PG_PASSWORD}, a role that may create databases), or a throwaway
 * cluster made from Debian's {@code postgresql} package ({@code /usr/lib/postgresql/N/bin}): initdb in a temp dir,
 * password authentication with a random password, listening on 127.0.0.1 only on a free port, no Unix socket. As
 * root it runs as the {@code postgres} user (PostgreSQL refuses to run as root). It stops when the JVM exits, and also
 * when the JVM is killed: the server's wrapper shell ends it once its standard input (a pipe from this JVM) closes.
 * Without either it fails, saying how to get one: tests never skip for want of PostgreSQL.
 * <p>
 * {@link #startListeningOn} makes a further throwaway cluster that also listens on a test's own mesh addresses (the
 * three-node test's {@code 10.231.x.11}, on a veth link of its own) and admits password logins from exactly that
 * mesh's subnet: never {@code *}, never a real network interface's address.
 */
public final class PostgresServer implements AutoCloseable {
    /** Where {@code cluster/HostMesh} puts its hosts: the only addresses besides loopback a test server may use. */
    static final String MESH_RANGE = "10.231.0.0/16";
    private static PostgresServer shared;

    private final String baseUrl;
    private final String user;
    private final String password;
    private final List<String> listen;
    private final Runnable stop;

    private PostgresServer(String baseUrl, String user, String password, List<String> listen, Runnable stop) {
        this.baseUrl = baseUrl;
        this.user = user;
        this.password = password;
        this.listen = listen;
        this.stop = stop;
    }

    /**
     * A throwaway cluster of its own (not the shared one) on 127.0.0.1 and {@code meshAddresses}, admitting password
     * (SCRAM) logins from 127.0.0.1 and from {@code meshSubnets}. Both must lie in {@value #MESH_RANGE}; {@link #close}
     * (or the JVM's end) stops it. Needs Debian's binaries: a server named by {@code ROLLCALL_TEST_PG_URL} cannot be
     * told where to listen.
     */
    public static PostgresServer startListeningOn(List<String> meshAddresses, List<String> meshSubnets) {
        for (String a : meshAddresses) {
            requireInMeshRange("listen address", a + "/32");
        }
        for (String n : meshSubnets) {
            requireInMeshRange("hba network", n);
        }
        Path bin = findBinaries(Path.of("/usr/lib/postgresql"));
        if (bin == null) {
            throw new IllegalStateException("This test needs Debian's postgresql package (apt-get install postgresql, "
                    + "as ./run-tests.sh does): it starts a PostgreSQL of its own on its mesh address, which a "
                    + "server named by ROLLCALL_TEST_PG_URL cannot do.");
        }
        List<String> listen = new ArrayList<>(List.of("127.0.0.1"));
        listen.addAll(meshAddresses);
        try {
            return Throwaway.start(bin, listen, meshSubnets);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("could not start a throwaway PostgreSQL from " + bin + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Refuses anything but an IPv4 network {@code a.b.c.d/n} inside {@value #MESH_RANGE}: {@code *}, {@code 0.0.0.0},
     * a host name or a real interface's address would put the test's database on the school's network.
     */
    static void requireInMeshRange(String what, String cidr) {
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("10\\.231\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})").matcher(cidr);
        if (!m.matches() || Integer.parseInt(m.group(1)) > 255 || Integer.parseInt(m.group(2)) > 255
                || Integer.parseInt(m.group(3)) < 16 || Integer.parseInt(m.group(3)) > 32) {
            throw new IllegalArgumentException(what + " was '" + cidr.replaceAll("/32$", "") + "', must be an IPv4 "
                    + "address or network inside " + MESH_RANGE + " (a test mesh), never a real interface or *");
        }
    }

    /** Stops a server this class started with {@link #startListeningOn}; the shared one stops with its JVM. */
    @Override
    public void close() {
        if (stop != null && this != shared) {
            stop.run();
        }
    }

    /** The addresses it listens on (the server started here), or empty (one named by {@code ROLLCALL_TEST_PG_URL}). */
    public List<String> listenAddresses() {
        return listen;
    }

    /** {@link #database} as reached at {@code host}, one of {@link #listenAddresses}. */
    public String database(String name, String host) {
        if (!listen.contains(host)) {
            throw new IllegalArgumentException("host was '" + host + "', must be one of " + listen);
        }
        String url = database(name);
        return url.replaceFirst("//127\\.0\\.0\\.1:", "//" + host + ":");
    }

    /** The server of this JVM, started on first use. */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            shared = startOrConnect();
        }
        return shared;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /**
     * The JDBC URL of database {@code name} (lower-case letters, digits and {@code _}), created empty if it does not
     * exist yet: a test that reopens a data dir, or a second node, asks for the same name and finds the same data.
     */
    public synchronized String database(String name) {
        if (!name.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("database name was '" + name + "', must be [a-z][a-z0-9_]{0,62}");
        }
        try (Connection c = DriverManager.getConnection(baseUrl, props())) {
            boolean exists;
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    exists = rs.next();
                }
            }
            if (!exists) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE DATABASE " + name + " ENCODING 'UTF8' TEMPLATE template0");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database " + name + " on " + baseUrl + ": "
                    + e.getMessage(), e);
        }
        return baseUrl.substring(0, baseUrl.lastIndexOf('/') + 1) + name;
    }

    /** A new, empty database with a random name. */
    public String freshDatabase(String prefix) {
        byte[] b = new byte[8];
        new SecureRandom().nextBytes(b);
        return database(prefix + "_" + HexFormat.of().formatHex(b));
    }

    /** The database that belongs to {@code dir}: the same directory always gets the same database. */
    public String databaseFor(Path dir) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest(dir.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
            return database("rc_" + HexFormat.of().formatHex(h, 0, 12));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Properties props() {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        return p;
    }

    private static PostgresServer startOrConnect() {
        return startOrConnect(PostgresServer::setting, Path.of("/usr/lib/postgresql"));
    }

    /**
     * @param setting   a setting by its environment name ({@code ROLLCALL_TEST_PG_URL}), {@code null} when unset
     * @param versions  where Debian puts one directory per installed PostgreSQL version
     */
    static PostgresServer startOrConnect(java.util.function.UnaryOperator<String> setting, Path versions) {
        String url = setting.apply("ROLLCALL_TEST_PG_URL");
        if (url != null) {
            String u = setting.apply("ROLLCALL_TEST_PG_USER");
            String p = setting.apply("ROLLCALL_TEST_PG_PASSWORD");
            return new PostgresServer(url, u == null ? "postgres" : u, p == null ? "" : p, List.of(), null);
        }
        Path bin = findBinaries(versions);
        if (bin == null) {
            throw new IllegalStateException("These tests need PostgreSQL and none was found. Install Debian's "
                    + "postgresql package (./run-tests.sh does: apt-get install postgresql) so that "
                    + "/usr/lib/postgresql/<version>/bin/initdb exists, or set ROLLCALL_TEST_PG_URL (with "
                    + "ROLLCALL_TEST_PG_USER and ROLLCALL_TEST_PG_PASSWORD) to a server where that role may create "
                    + "databases.");
        }
        try {
            return Throwaway.start(bin, List.of("127.0.0.1"), List.of());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("could not start a throwaway PostgreSQL from " + bin + ": " + e.getMessage(), e);
        }
    }

    /** {@code ROLLCALL_TEST_PG_URL} from the environment, or {@code -Drollcall.test.pg.url}. */
    private static String setting(String env) {
        String property = env.toLowerCase(java.util.Locale.ROOT).replace('_', '.');
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            v = System.getenv(env);
        }
        return v == null || v.isBlank() ? null : v;
    }

    /** The newest {@code root/N/bin} ({@code /usr/lib/postgresql/N/bin}) holding initdb and postgres. */
    static Path findBinaries(Path root) {
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("postgres")))
                    .max(Comparator.comparingInt(b -> versionOf(b.getParent().getFileName().toString())))
                    .orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static int versionOf(String dir) {
        try {
            return Integer.parseInt(dir.replaceAll("\\..*", ""));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** A cluster made for this JVM and thrown away with it. */
    private static final class Throwaway {
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
}
