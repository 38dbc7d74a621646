package io.rollcall.collector.groups;

import io.rollcall.collector.db.Database;
import java.sql.SQLException;
import java.util.UUID;

/**
 * The {@code group=} filter of the device list, findings, the compliance summary and exports: a group named by its
 * name (or id) becomes an id, then an {@code IN} over the {@code group_devices} index. An unknown group is a 400
 * naming the parameter, never an empty list that looks like "all compliant".
 */
public final class GroupFilter {
    /** Append after a device-id column; bind the group id. */
    public static final String DEVICE_IN = " IN (SELECT device_id FROM group_devices WHERE group_id = ?)";

    private GroupFilter() {
    }

    /** The id of the group named {@code group}, or null when {@code group} is null. */
    public static UUID resolve(Database db, String group) throws SQLException {
        return group == null ? null : db.read(c -> GroupStore.resolve(c, "group", group));
    }
}
