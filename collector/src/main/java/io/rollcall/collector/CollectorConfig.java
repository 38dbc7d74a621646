package io.rollcall.collector;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * How a collector runs. Defaults suit one school on one machine: data in {@code ./data}, HTTPS on
 * 8443, an embedded H2 database, a Hazelcast cluster of one on loopback that joins nothing. A properties file
 * ({@code --config}) sets the rest; command-line flags win over the file.
 *
 * @param publicHost   the host name agents use to reach this collector; goes in the URL and the certificate
 * @param extraNames   further DNS names or IP addresses for the server certificate
 * @param jdbcUrl      {@code null} for the embedded H2 database under the data dir
 * @param clusterName  a label in the Hazelcast cluster name; sharing it never merges collectors (see ClusterFactory)
 * @param members      every member's cluster tunnel address, this one included, same order everywhere; empty for a
 *                     cluster of one
 * @param clusterOptions how members of a larger cluster keep others out: {@code cluster.secret}, {@code cluster.bind},
 *                     {@code cluster.loopback.port}
 * @param loans        equipment loans: school name on receipts, silent-device days, reminders and SMTP
 * @param staleSweepMinutes how often ({@code stale.sweep.minutes}, default 15) this node offers to sweep for devices
 *                     that stopped reporting ({@link io.rollcall.collector.stale.StaleSweep}); 0 = this node never does
 * @param jobs              timing of the cluster's scheduled jobs ({@code jobs.*}, see {@link io.rollcall.collector.jobs.JobSettings})
 * @param metrics      who may read {@code GET /metrics}: {@code metrics.token}, else loopback only
 * @param jdbcPoolSize {@code jdbc.pool.size}, 1..200; 0 = unset, {@code worker.pool.size} + 4 ({@link #effectiveJdbcPoolSize})
 * @param bookings     reservation reminders and acknowledgement links ({@code bookings.*}, {@code loans.ack.*})
 */
public record CollectorConfig(Path dataDir, String bindHost, int port, String publicHost, List<String> extraNames,
                              String jdbcUrl, String jdbcUser, String jdbcPassword, String clusterName,
                              List<String> members, int hazelcastPort, int reportIntervalSeconds, int workerPoolSize,
                              int httpInstances, io.rollcall.collector.loans.LoanSettings loans,
                              int staleSweepMinutes, io.rollcall.collector.cluster.ClusterOptions clusterOptions,
                              io.rollcall.collector.jobs.JobSettings jobs,
                              io.rollcall.collector.metrics.MetricsSettings metrics, int jdbcPoolSize,
                              io.rollcall.collector.bookings.BookingSettings bookings) {

    public static final int DEFAULT_STALE_SWEEP_MINUTES = 15;
    /** Most connections one collector may hold ({@code jdbc.pool.size}); three collectors × 200 already needs 600. */
    public static final int MAX_JDBC_POOL_SIZE = 200;

    public CollectorConfig {
        if (staleSweepMinutes < 0) {
            throw new IllegalArgumentException("stale.sweep.minutes was " + staleSweepMinutes + ", must be 0 (off) or more");
        }
        if (jdbcPoolSize < 0 || jdbcPoolSize > MAX_JDBC_POOL_SIZE) {
            throw new IllegalArgumentException("jdbc.pool.size was " + jdbcPoolSize + ", must be 1 to "
                    + MAX_JDBC_POOL_SIZE);
        }
    }

    public static CollectorConfig defaults() {
        return new CollectorConfig(Path.of("data"), "0.0.0.0", 8443, localHostName(), List.of(), null, "sa", "",
                "rollcall", List.of(), 5701, 3600, 32, 2, io.rollcall.collector.loans.LoanSettings.defaults(),
                DEFAULT_STALE_SWEEP_MINUTES, io.rollcall.collector.cluster.ClusterOptions.defaults(),
                io.rollcall.collector.jobs.JobSettings.defaults(),
                io.rollcall.collector.metrics.MetricsSettings.defaults(), 0,
                io.rollcall.collector.bookings.BookingSettings.defaults());
    }

    public CollectorConfig withDataDir(Path d) {
        return new CollectorConfig(d, bindHost, port, publicHost, extraNames, jdbcUrl, jdbcUser, jdbcPassword,
                clusterName, members, hazelcastPort, reportIntervalSeconds, workerPoolSize, httpInstances, loans, staleSweepMinutes, clusterOptions, jobs, metrics, jdbcPoolSize, bookings);
    }

    public CollectorConfig withPort(int p) {
        return new CollectorConfig(dataDir, bindHost, p, publicHost, extraNames, jdbcUrl, jdbcUser, jdbcPassword,
                clusterName, members, hazelcastPort, reportIntervalSeconds, workerPoolSize, httpInstances, loans, staleSweepMinutes, clusterOptions, jobs, metrics, jdbcPoolSize, bookings);
    }

    public CollectorConfig withClusterName(String n) {
        return new CollectorConfig(dataDir, bindHost, port, publicHost, extraNames, jdbcUrl, jdbcUser, jdbcPassword,
                n, members, hazelcastPort, reportIntervalSeconds, workerPoolSize, httpInstances, loans, staleSweepMinutes, clusterOptions, jobs, metrics, jdbcPoolSize, bookings);
    }

    public CollectorConfig withBindHost(String h) {
        return new CollectorConfig(dataDir, h, port, publicHost, extraNames, jdbcUrl, jdbcUser, jdbcPassword,
                clusterName, members, hazelcastPort, reportIntervalSeconds, workerPoolSize, httpInstances, loans, staleSweepMinutes, clusterOptions, jobs, metrics, jdbcPoolSize, bookings);
    }

    public CollectorConfig withLoans(io.rollcall.collector.loans.LoanSettings l) {
        return new CollectorConfig(dataDir, bindHost, port, publicHost, extraNames, jdbcUrl, jdbcUser, jdbcPassword,
                clusterName, members, hazelcastPort, reportIntervalSeconds, workerPoolSize, httpInstances, l, staleSweepMinutes, clusterOptions, jobs, metrics, jdbcPoolSize, bookings);
    }

    public CollectorConfig withJdbcUrl(String url) {
        return new CollectorConfig(dataDir, bindHost, port, publicHost, extraNames, url, jdbcUser, jdbcPassword,
                clusterName, members, hazelcastPort, reportIntervalSeconds, workerPoolSize, httpInstances, loans, staleSweepMinutes, clusterOptions, jobs, metrics, jdbcPoolSize, bookings);
    }

    /** Another database: {@code jdbc.url}, {@code jdbc.user}, {@code jdbc.password} (issue 14: PostgreSQL). */
    public CollectorConfig withJdbc(String url, String user, String password) {
        return new CollectorConfig(dataDir, bindHost, port, publicHost, extraNames, url, user, password,
                clusterName, members, hazelcastPort, reportIntervalSeconds, workerPoolSize, httpInstances, loans, staleSweepMinutes, clusterOptions, jobs, metrics, jdbcPoolSize, bookings);
    }

    /** The record's own toString would print {@code jdbc.password}; this one never does. */
    @Override
    public String toString() {
        return "CollectorConfig[dataDir=" + dataDir + ", bind=" + bindHost + ", port=" + port + ", publicHost=" + publicHost
                + ", jdbcUrl=" + jdbcUrl + ", jdbcUser=" + jdbcUser + ", jdbcPassword=" + (jdbcPassword == null
                || jdbcPassword.isEmpty() ? "(none)" : "(hidden)") + ", cluster=" + clusterName + ", members=" + members
                + ", clusterOptions=" + clusterOptions + "]";
    }

    /** This node's cluster tunnel on {@code clusterPort}, in a cluster of {@code clusterMembers} (this node included). */
    public CollectorConfig withCluster(List<String> clusterMembers, int clusterPort) {
        return new CollectorConfig(dataDir, bindHost, port, publicHost, extraNames, jdbcUrl, jdbcUser, jdbcPassword,
                clusterName, clusterMembers, clusterPort, reportIntervalSeconds, workerPoolSize, httpInstances, loans,
                staleSweepMinutes, clusterOptions, jobs, metrics, jdbcPoolSize, bookings);
    }

    public CollectorConfig withClusterOptions(io.rollcall.collector.cluster.ClusterOptions o) {
        return new CollectorConfig(dataDir, bindHost, port, publicHost, extraNames, jdbcUrl, jdbcUser, jdbcPassword,
                clusterName, members, hazelcastPort, reportIntervalSeconds, workerPoolSize, httpInstances, loans,
                staleSweepMinutes, o, jobs, metrics, jdbcPoolSize, bookings);
    }

    public CollectorConfig withStaleSweepMinutes(int minutes) {
        return new CollectorConfig(dataDir, bindHost, port, publicHost, extraNames, jdbcUrl, jdbcUser, jdbcPassword,
                clusterName, members, hazelcastPort, reportIntervalSeconds, workerPoolSize, httpInstances, loans, minutes, clusterOptions, jobs, metrics, jdbcPoolSize, bookings);
    }

    /** These settings with the scheduled jobs timed by {@code j}. */
    public CollectorConfig withJobs(io.rollcall.collector.jobs.JobSettings j) {
        return new CollectorConfig(dataDir, bindHost, port, publicHost, extraNames, jdbcUrl, jdbcUser, jdbcPassword,
                clusterName, members, hazelcastPort, reportIntervalSeconds, workerPoolSize, httpInstances, loans,
                staleSweepMinutes, clusterOptions, j, metrics, jdbcPoolSize, bookings);
    }

    /** At most {@code size} database connections ({@code jdbc.pool.size}); 0 = worker.pool.size + 4. */
    public CollectorConfig withJdbcPoolSize(int size) {
        return new CollectorConfig(dataDir, bindHost, port, publicHost, extraNames, jdbcUrl, jdbcUser, jdbcPassword,
                clusterName, members, hazelcastPort, reportIntervalSeconds, workerPoolSize, httpInstances, loans,
                staleSweepMinutes, clusterOptions, jobs, metrics, size, bookings);
    }

    /** These settings with reservation reminders and acknowledgement links set by {@code b}. */
    public CollectorConfig withBookings(io.rollcall.collector.bookings.BookingSettings b) {
        return new CollectorConfig(dataDir, bindHost, port, publicHost, extraNames, jdbcUrl, jdbcUser, jdbcPassword,
                clusterName, members, hazelcastPort, reportIntervalSeconds, workerPoolSize, httpInstances, loans,
                staleSweepMinutes, clusterOptions, jobs, metrics, jdbcPoolSize, b);
    }

    public CollectorConfig withMetrics(io.rollcall.collector.metrics.MetricsSettings m) {
        return new CollectorConfig(dataDir, bindHost, port, publicHost, extraNames, jdbcUrl, jdbcUser, jdbcPassword,
                clusterName, members, hazelcastPort, reportIntervalSeconds, workerPoolSize, httpInstances, loans,
                staleSweepMinutes, clusterOptions, jobs, m, jdbcPoolSize, bookings);
    }

    /** Reads a properties file over these values. Unknown keys are refused so a typo is not silently ignored. */
    public CollectorConfig withFile(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        List<String> known = List.of("data", "bind", "port", "public.host", "tls.extra.names", "jdbc.url", "jdbc.user",
                "jdbc.password", "cluster.name", "cluster.members", "cluster.port", "report.interval.seconds",
                "worker.pool.size", "http.instances", "stale.sweep.minutes", "jdbc.pool.size");
        known = new java.util.ArrayList<>(known);
        known.addAll(io.rollcall.collector.loans.LoanSettings.KEYS);
        known.addAll(io.rollcall.collector.cluster.ClusterOptions.KEYS);
        known.addAll(io.rollcall.collector.metrics.MetricsSettings.KEYS);
        known.addAll(io.rollcall.collector.bookings.BookingSettings.KEYS);
        for (String k : p.stringPropertyNames()) {
            if (!known.contains(k) && !io.rollcall.collector.jobs.JobSettings.isKey(k)) {
                throw new IllegalArgumentException("unknown setting '" + k + "' in " + file + "; known: " + known);
            }
        }
        return new CollectorConfig(Path.of(p.getProperty("data", dataDir.toString())), p.getProperty("bind", bindHost),
                intProp(p, "port", port), p.getProperty("public.host", publicHost),
                list(p.getProperty("tls.extra.names"), extraNames), p.getProperty("jdbc.url", jdbcUrl),
                p.getProperty("jdbc.user", jdbcUser), p.getProperty("jdbc.password", jdbcPassword),
                p.getProperty("cluster.name", clusterName), list(p.getProperty("cluster.members"), members),
                intProp(p, "cluster.port", hazelcastPort), intProp(p, "report.interval.seconds", reportIntervalSeconds),
                intProp(p, "worker.pool.size", workerPoolSize), intProp(p, "http.instances", httpInstances), loans.with(p),
                intProp(p, "stale.sweep.minutes", staleSweepMinutes), clusterOptions.with(p), jobs.with(p), metrics.with(p),
                poolSizeProp(p, jdbcPoolSize), bookings.with(p));
    }

    /**
     * Connections this collector may hold open to its database: {@code jdbc.pool.size} when set, else
     * {@code worker.pool.size} + 4 (the blocking workers, the report writers and the jobs). Collectors sharing one
     * PostgreSQL need this times their number below its {@code max_connections}.
     */
    public int effectiveJdbcPoolSize() {
        return jdbcPoolSize > 0 ? jdbcPoolSize : workerPoolSize + 4;
    }

    /** {@code jdbc.pool.size}: unset keeps {@code dflt} (0 = worker.pool.size + 4); set, it must be 1..200. */
    private static int poolSizeProp(Properties p, int dflt) {
        if (p.getProperty("jdbc.pool.size") == null) {
            return dflt;
        }
        int v = intProp(p, "jdbc.pool.size", dflt);
        if (v < 1 || v > MAX_JDBC_POOL_SIZE) {
            throw new IllegalArgumentException("jdbc.pool.size was " + v + ", must be 1 to " + MAX_JDBC_POOL_SIZE);
        }
        return v;
    }

    /** A whole-number setting, {@code dflt} when absent; a value that is no whole number is an error naming the key. */
    public static int intProp(Properties p, String key, int dflt) {
        String v = p.getProperty(key);
        if (v == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " was '" + v + "', must be a whole number");
        }
    }

    /** Refuses a setting below 1, naming the key. */
    public static void positive(String key, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(key + " was " + v + ", must be at least 1");
        }
    }

    private static List<String> list(String v, List<String> dflt) {
        return v == null ? dflt : Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    static String localHostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }
}
