package io.rollcall.collector.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
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

    PostgresServer(String baseUrl, String user, String password, List<String> listen, Runnable stop) {
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
            return ThrowawayPostgres.start(bin, listen, meshSubnets);
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
            return ThrowawayPostgres.start(bin, List.of("127.0.0.1"), List.of());
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
}
