package io.rollcall.collector.sets;

import io.rollcall.collector.assets.Asset;
import io.rollcall.collector.assets.AssetStore;
import io.rollcall.collector.assets.SqlErrors;
import io.rollcall.collector.db.Database;
import io.rollcall.collector.http.ApiException;
import io.rollcall.collector.loans.BatchLoans;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Asset sets: create, rename, delete, add and remove members, and the set's page: each member with its status,
 * who holds it and until when, and for a laptop or tablet its linked device's last report and whether it has
 * stopped reporting (no report for {@code loans.device.silent.days}; while lent, counted from the later of the
 * last report and the lending, as loans do). Blocking.
 */
public final class SetService {
    private final Database db;
    private final Clock clock;
    private final int silentDays;

    public SetService(Database db, Clock clock, int silentDays) {
        this.db = db;
        this.clock = clock;
        this.silentDays = silentDays;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    public AssetSet create(String name, String kind, String location, List<String> tags) throws SQLException {
        Instant now = now();
        AssetSet s = new AssetSet(UUID.randomUUID(), name, kind, location, now, now);
        try {
            return db.inTransaction(c -> {
                if (SetStore.byName(c, name) != null) {
                    throw new ApiException(409, "conflict", "name: a set called '" + name + "' already exists");
                }
                SetStore.insert(c, s);
                add(c, s.id(), tags, now);
                return s;
            });
        } catch (SQLException e) {
            if (SqlErrors.isConflict(e)) {
                throw new ApiException(409, "conflict", "name: a set called '" + name + "' already exists");
            }
            throw e;
        }
    }

    public AssetSet update(UUID id, String name, String kind, String location) throws SQLException {
        Instant now = now();
        try {
            return db.inTransaction(c -> {
                AssetSet old = require(c, id);
                AssetSet other = SetStore.byName(c, name);
                if (other != null && !other.id().equals(id)) {
                    throw new ApiException(409, "conflict", "name: a set called '" + name + "' already exists");
                }
                SetStore.update(c, id, name, kind, location, now);
                return new AssetSet(id, name, kind, location, old.createdAt(), now);
            });
        } catch (SQLException e) {
            if (SqlErrors.isConflict(e)) {
                throw new ApiException(409, "conflict", "name: a set called '" + name + "' already exists");
            }
            throw e;
        }
    }

    /** Deletes a set that was never lent as a set; one with loan history is kept so its receipts still name it. */
    public void delete(UUID id) throws SQLException {
        db.inTransaction(c -> {
            AssetSet s = require(c, id);
            if (SetStore.hasBatches(c, id)) {
                throw new ApiException(409, "conflict", "set '" + s.name()
                        + "' has been lent and its loan records name it; remove its members instead");
            }
            SetStore.delete(c, id);
            return null;
        });
    }

    /** Adds assets to the set, all or none; an asset already in another set is refused, naming that set. */
    public Map<String, Object> addMembers(UUID id, List<String> tags) throws SQLException {
        Instant now = now();
        try {
            db.inTransaction(c -> {
                require(c, id);
                add(c, id, tags, now);
                return null;
            });
        } catch (SQLException e) {
            if (SqlErrors.isConflict(e)) {
                throw new ApiException(409, "conflict", "tags: an asset was added to a set meanwhile; try again");
            }
            throw e;
        }
        return view(id);
    }

    private static void add(Connection c, UUID id, List<String> tags, Instant now) throws SQLException {
        List<String> problems = new ArrayList<>();
        for (String tag : tags) {
            if (AssetStore.get(c, tag) == null) {
                problems.add("no asset tagged '" + tag + "'");
                continue;
            }
            AssetSet in = SetStore.setOf(c, tag);
            if (in != null && !in.id().equals(id)) {
                problems.add("'" + tag + "' is already in set '" + in.name() + "'");
            }
        }
        if (!problems.isEmpty()) {
            throw new ApiException(409, "conflict", "tags: " + String.join("; ", problems));
        }
        for (String tag : new java.util.LinkedHashSet<>(tags)) {
            if (SetStore.setOf(c, tag) == null) {
                SetStore.addMember(c, id, tag, now);
            }
        }
    }

    public void removeMember(UUID id, String tag) throws SQLException {
        db.inTransaction(c -> {
            AssetSet s = require(c, id);
            if (!SetStore.removeMember(c, id, tag)) {
                throw ApiException.notFound("tag: '" + tag + "' is not in set '" + s.name() + "'");
            }
            return null;
        });
    }

    public List<SetStore.Listed> list(int limit, int offset) throws SQLException {
        return db.read(c -> SetStore.list(c, limit, offset));
    }

    /** The member tags (for lending the set, or printing its labels). */
    public List<String> members(UUID id) throws SQLException {
        return db.read(c -> {
            require(c, id);
            return SetStore.members(c, id);
        });
    }

    /** The set by id, or by its name when {@code ref} is not a UUID; 404 otherwise. */
    public AssetSet find(String ref) throws SQLException {
        return db.read(c -> {
            AssetSet s = null;
            try {
                s = SetStore.get(c, UUID.fromString(ref));
            } catch (IllegalArgumentException notAnId) {
                s = SetStore.byName(c, ref);
            }
            if (s == null) {
                throw ApiException.notFound("set: no set '" + ref + "'");
            }
            return s;
        });
    }

    /** The set's page: counts, the latest lending's progress, each member, and the laptops that stopped reporting. */
    public Map<String, Object> view(UUID id) throws SQLException {
        Instant now = now();
        Instant silentBefore = now.minus(Duration.ofDays(silentDays));
        return db.read(c -> {
            AssetSet s = require(c, id);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", s.id());
            m.put("name", s.name());
            m.put("kind", s.kind());
            m.put("location", s.location());
            m.put("createdAt", s.createdAt());
            List<Map<String, Object>> items = new ArrayList<>();
            List<String> stopped = new ArrayList<>();
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (String tag : SetStore.members(c, id)) {
                Asset a = AssetStore.get(c, tag);
                counts.merge(a.status(), 1, Integer::sum);
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("tag", tag);
                item.put("type", a.type());
                item.put("make", a.make());
                item.put("model", a.model());
                item.put("serial", a.serial());
                item.put("status", a.status());
                AssetStore.CurrentLoan cl = AssetStore.currentLoan(c, tag);
                if (cl != null) {
                    Map<String, Object> loan = new LinkedHashMap<>();
                    loan.put("id", cl.loanId());
                    loan.put("personId", cl.personId());
                    loan.put("borrower", cl.name());
                    loan.put("staffId", cl.staffId());
                    loan.put("outAt", cl.outAt());
                    loan.put("dueAt", cl.dueAt());
                    loan.put("overdue", cl.dueAt().isBefore(now));
                    item.put("loan", loan);
                } else {
                    item.put("loan", null);
                }
                Asset.LinkedDevice d = a.carriesAgent() ? AssetStore.linkedDevice(c, a.serial()) : null;
                if (d != null) {
                    Instant ref = d.lastReportAt();
                    if (cl != null && (ref == null || ref.isBefore(cl.outAt()))) {
                        ref = cl.outAt();
                    }
                    boolean silent = ref == null || ref.isBefore(silentBefore);
                    Map<String, Object> dev = new LinkedHashMap<>();
                    dev.put("deviceId", d.deviceId());
                    dev.put("hostname", d.hostname());
                    dev.put("lastReportAt", d.lastReportAt());
                    dev.put("stoppedReporting", silent);
                    item.put("device", dev);
                    if (silent) {
                        stopped.add(tag);
                    }
                } else {
                    item.put("device", null);
                }
                items.add(item);
            }
            m.put("members", items.size());
            m.put("counts", counts);
            UUID latest = SetStore.latestBatch(c, id);
            m.put("latestLoan", latest == null ? null : BatchLoans.progress(c, latest));
            m.put("silentDays", silentDays);
            m.put("stoppedReporting", stopped);
            m.put("items", items);
            return m;
        });
    }

    private static AssetSet require(Connection c, UUID id) throws SQLException {
        AssetSet s = SetStore.get(c, id);
        if (s == null) {
            throw ApiException.notFound("no set " + id);
        }
        return s;
    }
}
