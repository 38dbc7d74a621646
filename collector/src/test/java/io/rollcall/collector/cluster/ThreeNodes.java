package io.rollcall.collector.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.collector.support.PostgresServer;
import io.rollcall.collector.support.TestCollector;
import io.rollcall.common.wire.WireJson;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Three collector JVMs ({@link CollectorProcess}) in one cluster over the authenticated tunnel, one per host of a
 * {@link HostMesh} (each its own loopback, as on three machines), sharing one database and one CA (node 1's
 * {@code tls} directory is copied to the others, as behind a load balancer).
 * <p>
 * The database is one real PostgreSQL ({@link PostgresServer#startListeningOn}): a throwaway cluster of this test's
 * own listening on 127.0.0.1 and host 1's mesh address only, admitting password logins from the mesh's /24 only; each
 * node holds at most {@value #POOL_SIZE} connections ({@code jdbc.pool.size}). {@code -D}{@value #STORE}{@code =h2}
 * uses an H2 TCP server on that address instead (PostgreSQL mode, as the embedded database). The system property
 * {@value #JDBC_URL} (with {@value #JDBC_USER}, {@value #JDBC_PASSWORD}) names a server of your own, e.g.
 * {@code jdbc:postgresql://{host}:5432/rollcall}, where {@code {host}} becomes host 1's mesh address (the server must
 * listen there and admit the mesh's addresses).
 */
final class ThreeNodes implements AutoCloseable {
    static final String JDBC_URL = "rollcall.cluster.jdbc.url";
    static final String JDBC_USER = "rollcall.cluster.jdbc.user";
    static final String JDBC_PASSWORD = "rollcall.cluster.jdbc.password";
    static final String STORE = "rollcall.cluster.store";
    /** Each node's {@code jdbc.pool.size}: below the default (worker.pool.size 8 + 4), so ignoring it shows. */
    static final int POOL_SIZE = 10;
    static final String DATABASE = "rollcall_cluster";

    final List<CollectorProcess> nodes = new ArrayList<>();
    final String jdbcUrl;
    final String jdbcUser;
    final String jdbcPassword;
    final String enrollToken = TestCollector.randomToken("rc_enroll_");
    final String adminToken = TestCollector.randomToken("rc_admin_");
    private final org.h2.tools.Server h2;
    private final PostgresServer pg;
    private final HostMesh mesh;
    private HttpClient http;

    private ThreeNodes(HostMesh mesh, org.h2.tools.Server h2, PostgresServer pg, String url, String user,
                       String password) {
        this.mesh = mesh;
        this.h2 = h2;
        this.pg = pg;
        this.jdbcUrl = url;
        this.jdbcUser = user;
        this.jdbcPassword = password;
    }

    /**
     * Starts the database (unless given), node 1 (it migrates the empty schema alone), then nodes 2 and 3 together,
     * and returns once all three serve HTTPS and see each other as members.
     *
     * @param jobs extra {@code jobs.*} settings for every node
     */
    static ThreeNodes start(Path dir, Properties jobs) throws Exception {
        HostMesh mesh = HostMesh.create();
        ThreeNodes t;
        try {
            t = database(mesh, dir);
        } catch (Exception | Error e) {
            mesh.close();
            throw e;
        }
        try {
            t.startNodes(dir, jobs);
            return t;
        } catch (Exception | Error e) {
            t.close();
            throw e;
        }
    }

    private static ThreeNodes database(HostMesh mesh, Path dir) throws SQLException, IOException {
        String host = mesh.address(0);
        String url = System.getProperty(JDBC_URL);
        if (url != null && !url.isBlank()) {
            return new ThreeNodes(mesh, null, null, url.replace("{host}", host), System.getProperty(JDBC_USER, ""),
                    System.getProperty(JDBC_PASSWORD, ""));
        }
        String store = System.getProperty(STORE, "postgresql");
        if (store.equals("postgresql")) {
            PostgresServer server = PostgresServer.startListeningOn(List.of(host), List.of(mesh.subnet()));
            try {
                return new ThreeNodes(mesh, null, server, server.database(DATABASE, host), server.user(),
                        server.password());
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
        }
        if (!store.equals("h2")) {
            throw new IllegalArgumentException(STORE + " was '" + store + "', must be postgresql or h2");
        }
        Path base = Files.createDirectories(dir.resolve("h2"));
        // on the mesh address only: the other hosts' collectors connect from their own addresses
        System.setProperty("h2.bindAddress", host);
        org.h2.tools.Server server = org.h2.tools.Server.createTcpServer("-tcpPort", Integer.toString(freePort()),
                "-tcpAllowOthers", "-ifNotExists", "-baseDir", base.toString()).start();
        String h2url = "jdbc:h2:tcp://" + host + ":" + server.getPort() + "/rollcall"
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        return new ThreeNodes(mesh, server, null, h2url, "sa", TestCollector.randomToken("db-"));
    }

    private void startNodes(Path dir, Properties jobs) throws Exception {
        int loopback = freeConsecutivePorts(3);
        List<Integer> tunnels = List.of(freePort(), freePort(), freePort());
        List<String> hosts = List.of(mesh.address(0), mesh.address(1), mesh.address(2));
        String members = hosts.get(0) + ":" + tunnels.get(0) + "," + hosts.get(1) + ":" + tunnels.get(1) + ","
                + hosts.get(2) + ":" + tunnels.get(2);
        String secret = TestCollector.randomToken("cluster-");
        Map<String, String> env = Map.of("ROLLCALL_ENROLL_TOKEN", enrollToken, "ROLLCALL_ADMIN_TOKEN", adminToken);
        for (int i = 0; i < 3; i++) {
            Properties p = new Properties();
            p.setProperty("bind", hosts.get(i));
            p.setProperty("public.host", "localhost");
            p.setProperty("tls.extra.names", String.join(",", hosts));
            p.setProperty("jdbc.url", jdbcUrl);
            p.setProperty("jdbc.user", jdbcUser);
            p.setProperty("jdbc.password", jdbcPassword);
            p.setProperty("jdbc.pool.size", Integer.toString(POOL_SIZE));
            p.setProperty("cluster.name", "rc-three");
            p.setProperty("cluster.members", members);
            p.setProperty("cluster.port", tunnels.get(i).toString());
            p.setProperty("cluster.secret", secret);
            p.setProperty("cluster.loopback.port", Integer.toString(loopback));
            p.setProperty("worker.pool.size", "8");
            p.setProperty("http.instances", "1");
            p.putAll(jobs);
            Path data = dir.resolve("node" + (i + 1));
            if (i > 0) {
                copyTree(dir.resolve("node1").resolve("tls"), data.resolve("tls"));
            }
            nodes.add(CollectorProcess.start("node" + (i + 1), mesh.prefix(i), hosts.get(i), data, freePort(), p, env));
            if (i == 0) {
                awaitHealthy(nodes.get(0)); // one node migrates the empty database and makes the CA
                http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                        .sslContext(TestCollector.trustOnly(data.resolve("tls").resolve("ca.crt"))).build();
            }
        }
        awaitHealthy(nodes.get(1));
        awaitHealthy(nodes.get(2));
        for (CollectorProcess n : nodes) {
            awaitMembers(n, 3);
        }
    }

    CollectorProcess node(int i) {
        return nodes.get(i);
    }

    HttpClient http() {
        return http;
    }

    URI uri(CollectorProcess n, String path) {
        return URI.create("https://" + n.host + ":" + n.httpPort + path);
    }

    /** {@code method path} as the first-run admin; {@code json} may be null. */
    HttpResponse<String> admin(CollectorProcess n, String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(n, path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + adminToken);
        if (json == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode adminJson(CollectorProcess n, String path) throws Exception {
        HttpResponse<String> r = admin(n, "GET", path, null);
        if (r.statusCode() != 200) {
            throw new IllegalStateException(n.name + " GET " + path + ": " + r.statusCode() + " " + r.body());
        }
        return WireJson.mapper().readTree(r.body());
    }

    /** A connection to the shared database, for checks the API does not answer (reports stored once). */
    Connection sql() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, jdbcUser, jdbcPassword);
    }

    /** The database's product and version, as its JDBC driver names them. */
    String store() throws SQLException {
        try (Connection c = sql()) {
            return c.getMetaData().getDatabaseProductName() + " " + c.getMetaData().getDatabaseProductVersion();
        }
    }

    /** Connections the collectors hold to the cluster's PostgreSQL database now (this test's own not counted). */
    int collectorConnections() throws SQLException {
        try (Connection c = sql(); java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity"
                     + " WHERE datname = current_database() AND pid <> pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** {@code SHOW name} on the cluster's PostgreSQL, as a number. */
    int setting(String name) throws SQLException {
        return Integer.parseInt(rows("SHOW " + name).get(0));
    }

    /** Each row of {@code query}, its columns joined by a space. */
    List<String> rows(String query) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = sql(); java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery(query)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    b.append(i > 1 ? " " : "").append(rs.getString(i));
                }
                out.add(b.toString());
            }
        }
        return out;
    }

    /** True when this harness started the PostgreSQL (not one named by {@value #JDBC_URL}). */
    boolean ownPostgresql() {
        return pg != null;
    }

    HostMesh mesh() {
        return mesh;
    }

    boolean onPostgresql() {
        return jdbcUrl.startsWith("jdbc:postgresql:");
    }

    /** Every node's log tail, for failure messages. */
    String logs() {
        StringBuilder b = new StringBuilder();
        for (CollectorProcess n : nodes) {
            b.append("\n--- ").append(n.name).append(" (pid ").append(n.pid()).append(")\n").append(n.logTail(25));
        }
        return b.toString();
    }

    private void awaitHealthy(CollectorProcess n) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < until) {
            if (!n.alive()) {
                throw new IllegalStateException(n.name + " exited at start:\n" + n.logTail(40));
            }
            if (http != null) {
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(n, "/health"))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        return;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
            } else if (Files.exists(n.dataDir.resolve("tls").resolve("ca.crt")) && listening(n.host, n.httpPort)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(n.name + " not serving after 90 s:\n" + n.logTail(40));
    }

    private void awaitMembers(CollectorProcess n, int count) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < until) {
            if (adminJson(n, "/api/v1/cluster/jobs").get("members").size() == count) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(n.name + " never saw " + count + " members" + logs());
    }

    private static boolean listening(String host, int port) {
        try (java.net.Socket s = new java.net.Socket(host, port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        nodes.forEach(CollectorProcess::close);
        // the temp dir goes with the test; the nodes' logs stay in target/ to read after a failure
        for (CollectorProcess n : nodes) {
            try {
                Path logs = Files.createDirectories(Path.of("target", "three-node-logs"));
                Files.copy(n.dataDir.resolve("collector.log"), logs.resolve(n.name + ".log"),
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                // no log to keep
            }
        }
        if (h2 != null) {
            h2.stop();
        }
        if (pg != null) {
            pg.close();
        }
        mesh.close();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A port p with p … p + n - 1 free on loopback (Hazelcast's view of the members: cluster.loopback.port). */
    static int freeConsecutivePorts(int n) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int p = freePort();
            if (p + n - 1 > 65535) {
                continue;
            }
            List<ServerSocket> held = new ArrayList<>();
            try {
                for (int i = 0; i < n; i++) {
                    held.add(new ServerSocket(p + i, 1, InetAddress.getLoopbackAddress()));
                }
                return p;
            } catch (IOException e) {
                // one is taken: try another
            } finally {
                for (ServerSocket s : held) {
                    s.close();
                }
            }
        }
        throw new IllegalStateException("no " + n + " consecutive free ports on loopback");
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
