package io.rollcall.collector.stocktake;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.collector.assets.Asset;
import io.rollcall.collector.assets.Fields;
import io.rollcall.collector.db.Database;
import io.rollcall.collector.http.ApiException;
import io.rollcall.collector.http.Csv;
import io.rollcall.collector.http.Principal;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The physical audit: each asset type's interval, scans that mark assets seen (when, where, by whom), and the assets
 * not seen within their interval. A laptop or tablet on loan whose agent reported counts as seen on that report's date.
 * Blocking.
 */
public final class StocktakeService {
    static final int MAX_INTERVAL_DAYS = 3650;
    private final Database db;
    private final Clock clock;

    public StocktakeService(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    public List<Stocktake.Interval> schedule() throws SQLException {
        return db.read(StocktakeStore::schedule);
    }

    /**
     * Changes intervals from {@code {intervals: {laptop: 120, camera: 365, other: null}}}: a type left out keeps its
     * interval, null (or 0) takes it off the schedule. Returns the whole schedule.
     */
    public List<Stocktake.Interval> setSchedule(JsonNode body, String actor) throws SQLException {
        JsonNode m = body.get("intervals");
        if (m == null || !m.isObject()) {
            throw ApiException.badRequest("intervals: an object of asset type → days is required, e.g. {\"laptop\": 120}");
        }
        Map<String, Integer> intervals = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = m.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String type = e.getKey();
            String field = "intervals." + type;
            if (!Asset.TYPES.contains(type)) {
                throw ApiException.badRequest(field + ": is not an asset type; types are "
                        + String.join(", ", Asset.TYPES.stream().sorted().toList()));
            }
            intervals.put(type, days(field, e.getValue()));
        }
        Instant now = now();
        return db.inTransaction(c -> {
            StocktakeStore.setSchedule(c, intervals, now, actor);
            return StocktakeStore.schedule(c);
        });
    }

    private static Integer days(String field, JsonNode v) {
        if (v == null || v.isNull() || (v.isTextual() && v.asText().isBlank())) {
            return null;
        }
        int d;
        if (v.isInt()) {
            d = v.intValue();
        } else if (v.isTextual()) {
            try {
                d = Integer.parseInt(v.asText().strip());
            } catch (NumberFormatException e) {
                throw ApiException.badRequest(field + ": was '" + clip(v.asText()) + "', must be a whole number of days");
            }
        } else {
            throw ApiException.badRequest(field + ": must be a whole number of days or null");
        }
        if (d == 0) {
            return null;
        }
        if (d < 0 || d > MAX_INTERVAL_DAYS) {
            throw ApiException.badRequest(field + ": was " + d + ", must be 1 to " + MAX_INTERVAL_DAYS + " days (0 or null: not audited)");
        }
        return d;
    }

    /** Starts a run of scans at {@code location}. */
    public Stocktake.Run startRun(String location, Principal who) throws SQLException {
        String loc = Fields.clean("location", location, 128, true);
        Stocktake.Run r = new Stocktake.Run(UUID.randomUUID(), loc, now(), who.name());
        db.inTransaction(c -> {
            StocktakeStore.insertRun(c, r, who.id());
            return null;
        });
        return r;
    }

    public Stocktake.Run run(UUID id) throws SQLException {
        Stocktake.Run r = db.read(c -> StocktakeStore.run(c, id));
        if (r == null) {
            throw ApiException.notFound("no stock-take run " + id);
        }
        return r;
    }

    /** A run's scans, newest first (at most {@code limit}). */
    public List<Stocktake.Sighting> runSightings(UUID run, int limit) throws SQLException {
        return db.read(c -> StocktakeStore.runSightings(c, run, limit));
    }

    /**
     * Records one scan in a run: a known tag marks its asset seen at the run's location; an unknown one is kept too,
     * so the run shows it, and marks nothing.
     */
    public Stocktake.Sighting scanInRun(UUID runId, String tag, Principal who) throws SQLException {
        String scanned = Fields.clean("tag", tag, 64, true);
        Stocktake.Run r = run(runId);
        return record(scanned, r.location(), who, runId, true);
    }

    /** Marks one asset seen at {@code location}; 404 naming the tag when no asset has it (nothing is stored). */
    public Stocktake.Sighting sight(String tag, String location, UUID runId, Principal who) throws SQLException {
        String scanned = Fields.clean("tag", tag, 64, true);
        String loc;
        if (runId != null) {
            Stocktake.Run r = run(runId);
            loc = location == null || location.isBlank() ? r.location() : Fields.clean("location", location, 128, true);
        } else {
            loc = Fields.clean("location", location, 128, true);
        }
        return record(scanned, loc, who, runId, false);
    }

    private Stocktake.Sighting record(String scanned, String location, Principal who, UUID run, boolean keepUnknown)
            throws SQLException {
        UUID id = UUID.randomUUID();
        Instant now = now();
        return db.inTransaction(c -> {
            String tag = StocktakeStore.resolveTag(c, scanned);
            if (tag == null && !keepUnknown) {
                throw ApiException.notFound("tag: no asset has the tag '" + scanned + "'");
            }
            StocktakeStore.insertSighting(c, id, scanned, tag, now, location, who.id(), who.name(), run);
            return StocktakeStore.sighting(c, id);
        });
    }

    /** Every audited asset with when it was last seen; only those not seen in time when {@code overdueOnly}. */
    public List<Stocktake.AssetStatus> statuses(boolean overdueOnly) throws SQLException {
        List<Stocktake.AssetStatus> all = db.read(c -> StocktakeStore.statuses(c, now()));
        return overdueOnly ? all.stream().filter(Stocktake.AssetStatus::overdue).toList() : all;
    }

    public String overdueCsv() throws SQLException {
        StringBuilder out = new StringBuilder();
        Csv.row(out, "asset_tag", "asset_type", "make", "model", "status", "borrower", "interval_days", "last_seen_at",
                "seen_by", "last_location", "last_scanned_by", "registered_at", "due_by");
        for (Stocktake.AssetStatus a : statuses(true)) {
            Csv.row(out, a.tag(), a.type(), a.make(), a.model(), a.status(), a.borrower(), a.intervalDays(),
                    a.lastSeenAt(), a.seenBy() == null ? "never seen" : "agent".equals(a.seenBy()) ? "seen by its agent"
                            : "scanned", a.location(), a.scannedBy(), a.registeredAt(), a.dueBy());
        }
        return out.toString();
    }

    private static String clip(String s) {
        return s.length() > 20 ? s.substring(0, 20) + "…" : s;
    }
}
