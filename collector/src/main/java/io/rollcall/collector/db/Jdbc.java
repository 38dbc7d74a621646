package io.rollcall.collector.db;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** Small JDBC conversions kept in one place so every store maps time and ids the same way. */
public final class Jdbc {
    /**
     * Marks {@code ps} to be planned for its parameters at every call on PostgreSQL; nothing on H2. The PostgreSQL
     * driver prepares a statement on the server after five uses, and PostgreSQL may then keep one generic plan for it,
     * chosen from the statistics of that moment: for a read whose best plan changes as a table fills (a device's open
     * findings during a morning's first reports) that plan can stay the worst one. Planning each call costs
     * 0.005–0.07 ms a statement, which adds up: for every statement it cost later reports 15 %, for the open-findings
     * read alone 11 % (BENCHMARKS.md, "The install index by title set"), so it is for reads that need it only.
     */
    public static PreparedStatement plannedEachCall(PreparedStatement ps) throws SQLException {
        if (ps.isWrapperFor(org.postgresql.PGStatement.class)) {
            ps.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(0);
        }
        return ps;
    }

    private Jdbc() {
    }

    /**
     * Binds {@code t} cut to whole microseconds, what both stores keep: left to the database, a time with nanoseconds
     * was rounded, possibly up, so a password changed "before" a session began could read back as after it (seen with
     * a test clock that has nanoseconds; the system clock has microseconds on Linux). Cutting is never later.
     */
    public static void setInstant(PreparedStatement ps, int i, Instant t) throws SQLException {
        if (t == null) {
            ps.setNull(i, java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(i, OffsetDateTime.ofInstant(t.truncatedTo(java.time.temporal.ChronoUnit.MICROS), ZoneOffset.UTC));
        }
    }

    public static Instant getInstant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    public static UUID getUuid(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, UUID.class);
    }

    public static Timestamp ts(Instant t) {
        return Timestamp.from(t);
    }

    /** Binds {@code args} from parameter 1; returns the next free parameter index. */
    public static int bind(PreparedStatement ps, java.util.List<Object> args) throws SQLException {
        int i = 1;
        for (Object a : args) {
            if (a instanceof Instant t) {
                setInstant(ps, i++, t);
            } else {
                ps.setObject(i++, a);
            }
        }
        return i;
    }
}
