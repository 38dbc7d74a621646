package io.rollcall.collector.software;

import com.hazelcast.map.IMap;
import io.rollcall.collector.db.Database;
import io.rollcall.collector.db.Jdbc;
import io.rollcall.collector.devices.DeviceQueries;
import io.rollcall.collector.http.ApiException;
import io.rollcall.collector.ingest.SectionDocs;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Applies a new or changed normalisation rule to installs already in the index. The raw installs remembered in
 * {@code software_raw} are normalised again; only those whose title changes are moved, and only the devices
 * holding their old titles are touched: each has its index rows re-derived from its stored software list
 * (under the device's lock, as a report would), then is re-evaluated, and every title that gained or lost
 * holders is re-evaluated (seats, bans). Blocking.
 */
public final class Renormaliser {
    /** Re-evaluates one device from its stored sections (the ingest service's). */
    @FunctionalInterface
    public interface DeviceReevaluation {
        boolean reevaluate(UUID deviceId) throws SQLException, InterruptedException;
    }

    private final Database db;
    private final CatalogueService catalogue;
    private final InstallIndex index;
    private final DeviceQueries sections;
    private final IMap<String, ?> deviceLocks;
    private final DeviceReevaluation device;
    private final SoftwareService software;
    private final Clock clock;

    public Renormaliser(Database db, CatalogueService catalogue, InstallIndex index, DeviceQueries sections,
                        IMap<String, ?> deviceLocks, DeviceReevaluation device, SoftwareService software, Clock clock) {
        this.db = db;
        this.catalogue = catalogue;
        this.index = index;
        this.sections = sections;
        this.deviceLocks = deviceLocks;
        this.device = device;
        this.software = software;
        this.clock = clock;
    }

    /**
     * What a re-normalisation moved.
     *
     * @param rawInstalls distinct raw installs whose title changed
     * @param devices     devices whose index rows changed
     * @param titles      titles that gained or lost holders, all re-evaluated
     */
    public record Result(int rawInstalls, int devices, Set<String> titles) {
    }

    /** Re-normalises with the catalogue's current rules (call after the rule is stored and the catalogue reloaded). */
    public Result renormalise() throws SQLException, InterruptedException {
        catalogue.refresh();
        Normaliser n = catalogue.normaliser();
        List<RawNames.Row> moved = new ArrayList<>();
        Set<String> oldTitles = new TreeSet<>();
        for (RawNames.Row r : db.read(RawNames::all)) {
            String now = n.titleOf(r.item()).id();
            if (!now.equals(r.titleId())) {
                moved.add(new RawNames.Row(r.key(), r.item(), now));
                oldTitles.add(r.titleId());
            }
        }
        if (moved.isEmpty()) {
            return new Result(0, 0, Set.of());
        }
        Set<UUID> candidates = new TreeSet<>();
        db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT device_id FROM software_held WHERE title_id = ?")) {
                for (String t : oldTitles) {
                    ps.setString(1, t);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            candidates.add(Jdbc.getUuid(rs, "device_id"));
                        }
                    }
                }
            }
            return null;
        });
        Set<String> titles = new TreeSet<>();
        int devices = 0;
        for (UUID d : candidates) {
            InstallIndex.Change change = reindex(d);
            if (change != null && !change.isEmpty()) {
                devices++;
                titles.addAll(change.added());
                titles.addAll(change.removed());
                device.reevaluate(d);
            }
        }
        // moved last: if a device was busy and this failed, sending the rule again finds the same rows
        db.inTransaction(c -> {
            RawNames.move(c, moved);
            return null;
        });
        for (String t : titles) {
            software.reevaluate(t);
        }
        return new Result(moved.size(), devices, titles);
    }

    /** Re-derives one device's index rows from its stored software list; null when it has none. */
    private InstallIndex.Change reindex(UUID deviceId) throws SQLException, InterruptedException {
        String key = deviceId.toString();
        if (!deviceLocks.tryLock(key, 30, TimeUnit.SECONDS)) {
            throw new ApiException(503, "busy", "device " + deviceId + " is storing a report; retry");
        }
        try {
            Map<String, byte[]> docs = sections.sections(deviceId, List.of(SectionDocs.SOFTWARE));
            byte[] doc = docs.get(SectionDocs.SOFTWARE);
            if (doc == null) {
                return null;
            }
            return index.reindex(deviceId, doc, catalogue, clock.instant());
        } finally {
            deviceLocks.unlock(key);
        }
    }
}
