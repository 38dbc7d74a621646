package io.rollcall.collector.policy;

import io.rollcall.collector.db.Database;
import io.rollcall.collector.db.Jdbc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Re-evaluates devices from their stored sections (never their reports) after a setting changed: the whole
 * fleet for a policy change, the affected devices for an approved-media change. Blocking; devices one after
 * another, each under its own lock.
 */
public final class FleetReevaluator {
    /** Re-evaluates one device; {@code false} when it does not exist. */
    @FunctionalInterface
    public interface DeviceReevaluation {
        boolean reevaluate(UUID deviceId) throws SQLException, InterruptedException;
    }

    private final Database db;
    private final DeviceReevaluation device;

    public FleetReevaluator(Database db, DeviceReevaluation device) {
        this.db = db;
        this.device = device;
    }

    /** Every enrolled device; how many were re-evaluated. */
    public int all() throws SQLException, InterruptedException {
        return these(deviceIds());
    }

    /** The ids of every enrolled device, in id order. */
    public List<UUID> deviceIds() throws SQLException {
        return db.read(c -> {
            List<UUID> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM devices ORDER BY id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(Jdbc.getUuid(rs, "id"));
                }
            }
            return out;
        });
    }

    /** Re-evaluates one device; {@code false} when it does not exist. */
    public boolean one(UUID id) throws SQLException, InterruptedException {
        return device.reevaluate(id);
    }

    public int these(Collection<UUID> ids) throws SQLException, InterruptedException {
        int n = 0;
        for (UUID id : ids) {
            if (device.reevaluate(id)) {
                n++;
            }
        }
        return n;
    }
}
