package io.rollcall.collector.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The prepared statements of one writer transaction: each SQL text is prepared once for the whole group of reports
 * (H2 parses a statement on every {@code prepareStatement}), and rows added with {@link #batch} go to the database
 * together at {@link #flush}, in the order the caller names (a history row after the finding it refers to).
 */
final class Statements implements AutoCloseable {
    private final Connection c;
    private final Map<String, PreparedStatement> prepared = new HashMap<>();
    private final Set<String> batched = new HashSet<>();

    Statements(Connection c) {
        this.c = c;
    }

    Connection connection() {
        return c;
    }

    /** The statement for {@code sql}, to execute now. */
    PreparedStatement now(String sql) throws SQLException {
        PreparedStatement ps = prepared.get(sql);
        if (ps == null) {
            ps = c.prepareStatement(sql);
            prepared.put(sql, ps);
        }
        return ps;
    }

    /** The statement for {@code sql}, to set and {@code addBatch} now and execute at {@link #flush}. */
    PreparedStatement batch(String sql) throws SQLException {
        batched.add(sql);
        return now(sql);
    }

    /** Executes the pending batches in {@code order}; every SQL given to {@link #batch} must appear in it. */
    void flush(List<String> order) throws SQLException {
        if (!order.containsAll(batched)) {
            throw new IllegalStateException("a batched statement has no place in the flush order");
        }
        for (String sql : order) {
            if (batched.contains(sql)) {
                prepared.get(sql).executeBatch();
            }
        }
        batched.clear();
    }

    @Override
    public void close() throws SQLException {
        SQLException first = null;
        for (PreparedStatement ps : prepared.values()) {
            try {
                ps.close();
            } catch (SQLException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
