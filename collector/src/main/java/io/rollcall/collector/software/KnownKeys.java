package io.rollcall.collector.software;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which of some keys a table already holds, asked before an {@code INSERT … ON CONFLICT DO NOTHING}. H2 implements
 * that clause by inserting, building a duplicate-key exception (message and stack trace) and rolling back to a
 * savepoint for every row it skips: a first report re-seeding 850 titles other devices already brought paid that
 * 850 times in the single report-writer thread (issue 14). On H2 one indexed lookup per chunk of keys costs a
 * fraction of that; the clause stays as the guard against another node inserting the same key meanwhile. PostgreSQL
 * skips a conflicting row natively, without an exception, and there the lookup was the slow part: on tables not yet
 * analysed the planner scanned them for every {@code IN} list (first reports 58/s with the clause alone, 8/s with the
 * lookup, BENCHMARKS.md "Ingest near the ceiling"), so on PostgreSQL nothing is looked up.
 */
final class KnownKeys {
    /** Keys per lookup: well under both databases' parameter limits, few round trips for a report's 850 keys. */
    static final int CHUNK = 200;

    private KnownKeys() {
    }

    /** Those of {@code keys} present in {@code table.column}; the names are constants of the callers, never input. */
    static Set<String> present(Connection c, String table, String column, Collection<String> keys) throws SQLException {
        Set<String> out = new HashSet<>();
        if (!throwsOnConflict(c)) {
            return out;
        }
        List<String> all = new ArrayList<>(new HashSet<>(keys));
        for (int from = 0; from < all.size(); from += CHUNK) {
            List<String> part = all.subList(from, Math.min(all.size(), from + CHUNK));
            String sql = "SELECT " + column + " FROM " + table + " WHERE " + column + " IN ("
                    + "?,".repeat(part.size() - 1) + "?)";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < part.size(); i++) {
                    ps.setString(i + 1, part.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
        }
        return out;
    }

    /** Whether the database answers a skipped {@code ON CONFLICT DO NOTHING} row with an exception (H2 does). */
    static boolean throwsOnConflict(Connection c) throws SQLException {
        return "H2".equals(c.getMetaData().getDatabaseProductName());
    }

    /** Rows of an {@code ON CONFLICT DO NOTHING} batch the database skipped as already present. */
    static int skipped(int[] counts) {
        int n = 0;
        for (int c : counts) {
            if (c == 0) {
                n++;
            }
        }
        return n;
    }
}
