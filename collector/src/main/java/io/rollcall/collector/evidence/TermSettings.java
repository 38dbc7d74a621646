package io.rollcall.collector.evidence;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.rollcall.collector.db.Database;
import io.rollcall.collector.db.Jdbc;
import io.rollcall.common.wire.WireJson;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * The school's term calendar, stored in {@code evidence_settings} under {@code terms} so every node reads the same;
 * {@link Terms#DEFAULT} until an admin sets one. Read per pack (a small row), so no cache to invalidate. Blocking.
 */
public final class TermSettings implements Supplier<Terms> {
    private static final String NAME = "terms";
    private final Database db;
    private final Clock clock;

    public TermSettings(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public Terms get() {
        try {
            String doc = db.read(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT doc FROM evidence_settings WHERE name = ?")) {
                    ps.setString(1, NAME);
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next() ? rs.getString(1) : null;
                    }
                }
            });
            return doc == null ? Terms.DEFAULT : WireJson.mapper().readValue(doc, Terms.class);
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("the term calendar could not be read: " + e.getMessage(), e);
        }
    }

    /** Stores {@code t} (already checked by its constructor). */
    public Terms put(Terms t, String actor) throws SQLException {
        String doc;
        try {
            doc = WireJson.mapper().writeValueAsString(t);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("three strings always serialise", e);
        }
        db.inTransaction(c -> {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM evidence_settings WHERE name = ?")) {
                del.setString(1, NAME);
                del.executeUpdate();
            }
            try (PreparedStatement ins = c.prepareStatement(
                    "INSERT INTO evidence_settings (name, doc, changed_by, changed_at) VALUES (?, ?, ?, ?)")) {
                ins.setString(1, NAME);
                ins.setString(2, doc);
                ins.setString(3, actor);
                Jdbc.setInstant(ins, 4, clock.instant());
                ins.executeUpdate();
            }
            return null;
        });
        return t;
    }
}
