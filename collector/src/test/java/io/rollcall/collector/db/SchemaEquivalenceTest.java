package io.rollcall.collector.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.collector.support.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same Flyway migrations make the same schema on H2 (PostgreSQL mode) and on PostgreSQL, read back through JDBC
 * metadata: tables, columns (type family, length, precision, nullability, identity), primary keys, unique keys,
 * foreign keys and every index the migrations name, with its columns in order and their direction. A migration that
 * one of them reads differently (a type, a dropped index) fails here rather than in production.
 */
class SchemaEquivalenceTest {
    @TempDir
    Path dir;

    @Test
    void migrationsMakeTheSameTablesColumnsKeysAndIndexesOnH2AndPostgresql() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        Map<String, String> h2;
        Map<String, String> postgres;
        try (Database db = Database.open(Database.embeddedUrl(dir), "sa", "", 2)) {
            h2 = db.read(SchemaEquivalenceTest::describe);
        }
        try (Database db = Database.open(pg.freshDatabase("rc_schema"), pg.user(), pg.password(), 2)) {
            postgres = db.read(SchemaEquivalenceTest::describe);
        }
        assertTrue(h2.containsKey("table devices"), h2.keySet().toString());
        assertTrue(h2.size() > 100, "described " + h2.size() + " facts");
        List<String> differences = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(h2.keySet());
        keys.addAll(postgres.keySet());
        for (String k : keys) {
            String a = h2.get(k);
            String b = postgres.get(k);
            if (a == null || !a.equals(b)) {
                differences.add(k + ": H2 " + a + " / PostgreSQL " + b);
            }
        }
        assertEquals(List.of(), differences, "schema differences");
    }

    /** Facts about the schema, keyed so that both databases' facts line up. */
    static Map<String, String> describe(Connection c) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        Map<String, String> out = new TreeMap<>();
        List<String> tables = new ArrayList<>();
        try (ResultSet rs = md.getTables(null, "public", "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                String t = rs.getString("TABLE_NAME");
                if (!t.equals("flyway_schema_history")) {
                    tables.add(t);
                }
            }
        }
        for (String t : tables) {
            out.put("table " + t, "present");
            try (ResultSet rs = md.getColumns(null, "public", t, "%")) {
                while (rs.next()) {
                    out.put("column " + t + "." + rs.getString("COLUMN_NAME"), type(rs) + (rs.getInt("NULLABLE")
                            == DatabaseMetaData.columnNoNulls ? " not null" : " null")
                            + ("YES".equals(rs.getString("IS_AUTOINCREMENT")) ? " identity" : ""));
                }
            }
            Map<String, TreeMap<Integer, String>> pk = new TreeMap<>();
            try (ResultSet rs = md.getPrimaryKeys(null, "public", t)) {
                while (rs.next()) {
                    pk.computeIfAbsent("pk", k -> new TreeMap<>()).put(rs.getInt("KEY_SEQ"), rs.getString("COLUMN_NAME"));
                }
            }
            pk.values().forEach(cols -> out.put("primary key " + t, String.join(",", cols.values())));
            Map<String, TreeMap<Integer, String>> fks = new TreeMap<>();
            try (ResultSet rs = md.getImportedKeys(null, "public", t)) {
                while (rs.next()) {
                    fks.computeIfAbsent(rs.getString("FKCOLUMN_NAME"), k -> new TreeMap<>())
                            .put(rs.getInt("KEY_SEQ"), rs.getString("PKTABLE_NAME") + "." + rs.getString("PKCOLUMN_NAME"));
                }
            }
            fks.forEach((col, target) -> out.put("foreign key " + t + "." + col, String.join(",", target.values())));
            indexes(md, t, out);
        }
        return out;
    }

    /**
     * Indexes by name, except those a database makes and names itself for a key (H2: {@code primary_key_…},
     * {@code constraint_…}, which also back foreign keys; PostgreSQL: {@code …_pkey}): unique ones of those are
     * compared by their columns instead, and H2's foreign-key indexes have no PostgreSQL counterpart.
     */
    private static void indexes(DatabaseMetaData md, String t, Map<String, String> out) throws SQLException {
        Map<String, TreeMap<Integer, String>> cols = new TreeMap<>();
        Map<String, Boolean> unique = new TreeMap<>();
        try (ResultSet rs = md.getIndexInfo(null, "public", t, false, false)) {
            while (rs.next()) {
                String name = rs.getString("INDEX_NAME");
                if (name == null || rs.getString("COLUMN_NAME") == null) {
                    continue;
                }
                String dir = "D".equals(rs.getString("ASC_OR_DESC")) ? " desc" : "";
                cols.computeIfAbsent(name, k -> new TreeMap<>()).put((int) rs.getShort("ORDINAL_POSITION"),
                        rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT) + dir);
                unique.put(name, !rs.getBoolean("NON_UNIQUE"));
            }
        }
        for (Map.Entry<String, TreeMap<Integer, String>> e : cols.entrySet()) {
            // H2 names the index behind a UNIQUE constraint <constraint>_index_<hex>; PostgreSQL names it <constraint>
            String raw = e.getKey().toLowerCase(Locale.ROOT);
            String name = raw.replaceFirst("_index_[0-9a-f]+$", "");
            String columns = String.join(",", e.getValue().values());
            boolean made = raw.startsWith("primary_key_") || raw.startsWith("constraint_") || raw.endsWith("_pkey");
            if (!made) {
                out.put("index " + t + "." + name, (unique.get(e.getKey()) ? "unique " : "") + columns);
            } else if (unique.get(e.getKey())) {
                out.put("unique key " + t + "(" + columns + ")", "present");
            }
        }
    }

    /** A column's type as a family both databases share, with the length, precision and scale that matter. */
    private static String type(ResultSet rs) throws SQLException {
        String name = rs.getString("TYPE_NAME").toLowerCase(Locale.ROOT);
        int size = rs.getInt("COLUMN_SIZE");
        return switch (name) {
            case "character varying", "varchar" -> size >= 1_000_000_000 ? "varchar" : "varchar(" + size + ")";
            case "uuid" -> "uuid";
            case "timestamp with time zone", "timestamptz" -> "timestamptz";
            case "binary varying", "bytea" -> "bytes";
            case "boolean", "bool" -> "boolean";
            case "integer", "int4" -> "int4";
            case "bigint", "int8" -> "int8";
            case "bigserial" -> "int8";
            case "numeric", "decimal" -> "numeric(" + size + "," + rs.getInt("DECIMAL_DIGITS") + ")";
            case "date" -> "date";
            default -> "unmapped:" + name;
        };
    }
}
