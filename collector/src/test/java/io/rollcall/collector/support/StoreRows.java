package io.rollcall.collector.support;

import io.rollcall.collector.db.Database;
import io.rollcall.collector.db.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

/** Rows a store test sets up or counts directly, below the services. */
public final class StoreRows {
    private StoreRows() {
    }

    /** A bare enrolled device (no report yet): the row every section, finding and queue row refers to. */
    public static UUID device(Database db, Instant enrolledAt) throws Exception {
        UUID id = UUID.randomUUID();
        db.inTransaction(c -> device(c, id, enrolledAt));
        return id;
    }

    /** The same on an open connection (a database a test migrates only part of the way). */
    public static int device(Connection c, UUID id, Instant enrolledAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO devices (id, hardware_uuid, secret_hash, enrolled_at) VALUES (?, ?, ?, ?)")) {
            ps.setObject(1, id);
            ps.setString(2, id.toString());
            ps.setString(3, "0".repeat(64));
            Jdbc.setInstant(ps, 4, enrolledAt);
            return ps.executeUpdate();
        }
    }

    /** The first column of the first row of {@code sql} as text; {@code param}, when not null, is its one parameter. */
    public static String string(Database db, String sql, UUID param) throws Exception {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                if (param != null) {
                    ps.setObject(1, param);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        });
    }

    /** A count query's answer. */
    public static long count(Database db, String sql, UUID param) throws Exception {
        return Long.parseLong(string(db, sql, param));
    }
}
