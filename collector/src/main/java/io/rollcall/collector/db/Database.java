package io.rollcall.collector.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The SQL database behind the collector: an embedded H2 file database in PostgreSQL mode under the
 * data dir by default, PostgreSQL ({@code jdbc:postgresql://…}, the scale-out store) when configured. Schema changes
 * are Flyway migrations in {@code db/migration}, the same files for both: every statement in them and in the stores
 * is written in the SQL both accept (see {@code collector/README.md}, "PostgreSQL"). All methods block: call them
 * from worker threads.
 */
public final class Database implements AutoCloseable {
    private final HikariDataSource pool;
    /** Stops the embedded file's {@link H2Compactor}; nothing to stop for PostgreSQL or an in-memory H2. */
    private final Runnable stopFileUpkeep;
    private final boolean postgresql;

    private Database(HikariDataSource pool, Runnable stopFileUpkeep, boolean postgresql) {
        this.pool = pool;
        this.stopFileUpkeep = stopFileUpkeep;
        this.postgresql = postgresql;
    }

    /** Whether this is PostgreSQL (a server: transactions of several connections run in parallel), not H2. */
    public boolean postgresql() {
        return postgresql;
    }

    /**
     * The embedded default. {@code WRITE_DELAY=0} makes H2 write each commit to the file before the
     * commit returns, which is what lets a 202 mean "stored": a killed process loses nothing acknowledged. It also
     * stops H2's background compaction, so {@link #open} starts an {@link H2Compactor} for any embedded file URL.
     */
    public static String embeddedUrl(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.resolve("db").resolve("rollcall").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0";
    }

    /**
     * Opens the pool and brings the schema up to date; for an H2 database in a file, also starts compacting it
     * ({@link H2Compactor}).
     */
    public static Database open(String jdbcUrl, String user, String password, int poolSize) {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(jdbcUrl);
        cfg.setUsername(user);
        cfg.setPassword(password);
        cfg.setMaximumPoolSize(poolSize);
        cfg.setPoolName("rollcall-db");
        cfg.setAutoCommit(true);
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(cfg);
        } catch (RuntimeException e) {
            throw new IllegalStateException("jdbc.url " + withoutParameters(jdbcUrl) + ": cannot open the database: "
                    + rootMessage(e), e);
        }
        try {
            Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        return new Database(ds, H2Compactor.isEmbeddedFile(jdbcUrl) ? H2Compactor.start(ds)::close : () -> { },
                jdbcUrl.startsWith("jdbc:postgresql:"));
    }

    /** The URL up to its parameters, which may carry a password: what a message may show. */
    static String withoutParameters(String jdbcUrl) {
        int cut = jdbcUrl.length();
        for (char c : new char[] {'?', ';'}) {
            int i = jdbcUrl.indexOf(c);
            if (i >= 0) {
                cut = Math.min(cut, i);
            }
        }
        return jdbcUrl.substring(0, cut);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        if (t.getMessage() != null && (t.getMessage().startsWith("Failed to get driver instance")
                || t.getMessage().startsWith("No suitable driver"))) {
            return "no JDBC driver for this URL; jdbc:postgresql://host:port/database and jdbc:h2: are supported";
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    public DataSource dataSource() {
        return pool;
    }

    /** Runs {@code work} in one transaction: committed if it returns, rolled back if it throws. */
    public <T> T inTransaction(SqlWork<T> work) throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /** The single number a parameterless query such as {@code SELECT COUNT(*) FROM t} answers. */
    public long count(String sql) throws SQLException {
        return read(c -> {
            try (java.sql.PreparedStatement ps = c.prepareStatement(sql);
                 java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** Runs a read (or a single autocommitted statement). */
    public <T> T read(SqlWork<T> work) throws SQLException {
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        }
    }

    @Override
    public void close() {
        try {
            stopFileUpkeep.run(); // first: a running pass must finish before H2 closes under it
        } finally {
            pool.close();
        }
    }

    /** A piece of JDBC work on a borrowed connection. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }
}
