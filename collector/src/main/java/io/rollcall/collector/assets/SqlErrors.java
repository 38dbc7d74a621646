package io.rollcall.collector.assets;

import java.sql.SQLException;

/** Recognises the SQL errors that mean "someone else changed this first" on H2 and PostgreSQL. */
public final class SqlErrors {
    private SqlErrors() {
    }

    /** A unique-key violation, a serialisation failure, a lock timeout or H2's concurrent-update refusal. */
    public static boolean isConflict(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                String state = s.getSQLState();
                if (state != null && (state.equals("23505") || state.startsWith("40") || state.equals("55P03")
                        || state.equals("HYT00"))) {
                    return true;
                }
                // H2: 90131 concurrent update, 50200 lock timeout
                if (s.getErrorCode() == 90131 || s.getErrorCode() == 50200) {
                    return true;
                }
            }
        }
        return false;
    }
}
