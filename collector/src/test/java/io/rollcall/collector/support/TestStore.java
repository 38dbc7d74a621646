package io.rollcall.collector.support;

import io.rollcall.collector.CollectorConfig;
import io.rollcall.collector.db.Database;
import java.nio.file.Path;

/**
 * The database test collectors store into: the embedded H2 under the data dir (the default), or PostgreSQL
 * ({@link PostgresServer}) when the JVM runs with {@code -Drollcall.test.store=postgres}, as the collector
 * module's {@code store-tests-on-postgresql} Surefire execution does for the store tests. Each data dir owns one
 * database, so a reopened data dir finds its data and a second node pointed at the first's dir shares it.
 */
public enum TestStore {
    H2, POSTGRESQL;

    public static final String PROPERTY = "rollcall.test.store";

    /** The store this test JVM was asked for. */
    public static TestStore current() {
        String v = System.getProperty(PROPERTY, "h2").trim().toLowerCase(java.util.Locale.ROOT);
        return switch (v) {
            case "h2", "" -> H2;
            case "postgres", "postgresql" -> POSTGRESQL;
            default -> throw new IllegalArgumentException(PROPERTY + " was '" + v + "', must be h2 or postgresql");
        };
    }

    /** {@code cfg} storing into the database that belongs to {@code dbDir}. */
    public CollectorConfig useDatabaseOf(CollectorConfig cfg, Path dbDir) {
        if (this == H2) {
            return dbDir.equals(cfg.dataDir()) ? cfg.withJdbcUrl(null) : cfg.withJdbc(Database.embeddedUrl(dbDir), "sa", "");
        }
        PostgresServer pg = PostgresServer.shared();
        return cfg.withJdbc(pg.databaseFor(dbDir), pg.user(), pg.password());
    }

    /** The database that belongs to {@code dbDir}, opened and migrated as a collector opens it. */
    public Database open(Path dbDir, int poolSize) {
        if (this == H2) {
            return Database.open(Database.embeddedUrl(dbDir), "sa", "", poolSize);
        }
        PostgresServer pg = PostgresServer.shared();
        return Database.open(pg.databaseFor(dbDir), pg.user(), pg.password(), poolSize);
    }

    /** The {@code --config} lines of a collector process storing into the database of {@code dbDir} ("" for H2). */
    public String configLines(Path dbDir) {
        if (this == H2) {
            return "";
        }
        PostgresServer pg = PostgresServer.shared();
        return "jdbc.url=" + pg.databaseFor(dbDir) + "\njdbc.user=" + pg.user() + "\njdbc.password=" + pg.password() + "\n";
    }
}
