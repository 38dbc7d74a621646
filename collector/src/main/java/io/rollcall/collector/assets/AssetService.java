package io.rollcall.collector.assets;

import io.rollcall.collector.db.Database;
import io.rollcall.collector.http.ApiException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The asset register: create, change status (with history), read with the linked device. Blocking. */
public final class AssetService {
    private final Database db;
    private final Clock clock;

    public AssetService(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Adds an asset (status defaults to in-stock) and its first history row; 409 if the tag exists. */
    public Asset create(Asset draft, String actor) throws SQLException {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        if ("on-loan".equals(draft.status())) {
            throw ApiException.badRequest("status: on-loan is set by lending the asset, not directly");
        }
        Asset a = new Asset(draft.tag(), draft.type(), draft.make(), draft.model(), draft.serial(), draft.purchasedOn(),
                draft.cost(), draft.status() == null ? "in-stock" : draft.status(), now, now);
        try {
            return db.inTransaction(c -> {
                if (AssetStore.get(c, a.tag()) != null) {
                    throw new ApiException(409, "conflict", "tag: an asset tagged '" + a.tag() + "' already exists");
                }
                AssetStore.insert(c, a);
                AssetStore.history(c, a.tag(), null, a.status(), actor, "added to the register", now);
                return a;
            });
        } catch (SQLException e) {
            if (SqlErrors.isConflict(e)) {
                throw new ApiException(409, "conflict", "tag: an asset tagged '" + a.tag() + "' already exists");
            }
            throw e;
        }
    }

    /**
     * Sets a status other than on-loan. An asset on loan changes only through its loan (return, or a
     * lost/stolen report), so the loan and the register never disagree.
     */
    public Map<String, Object> setStatus(String tag, String to, String note, String actor) throws SQLException {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        db.inTransaction(c -> {
            Asset a = AssetStore.get(c, tag);
            if (a == null) {
                throw ApiException.notFound("no asset tagged '" + tag + "'");
            }
            if (a.status().equals("on-loan")) {
                throw new ApiException(409, "conflict", "status: asset '" + tag
                        + "' is on loan; return it or report it lost or stolen through its loan");
            }
            if (a.status().equals(to)) {
                return null;
            }
            if (!AssetStore.changeStatus(c, tag, a.status(), to, actor, note, now)) {
                throw new ApiException(409, "conflict", "asset '" + tag + "' changed meanwhile; try again");
            }
            return null;
        });
        return get(tag);
    }

    /** The asset with its history, current loan and (for a laptop or tablet) the linked device. */
    public Map<String, Object> get(String tag) throws SQLException {
        return db.read(c -> {
            Asset a = AssetStore.get(c, tag);
            if (a == null) {
                throw ApiException.notFound("no asset tagged '" + tag + "'");
            }
            Map<String, Object> out = view(a, a.carriesAgent() ? AssetStore.link(c, a.serial()) : null);
            out.put("currentLoan", AssetStore.currentLoan(c, tag));
            out.put("history", AssetStore.history(c, tag));
            return out;
        });
    }

    public List<Map<String, Object>> list(String status, String type, String q, int limit, int offset)
            throws SQLException {
        return db.read(c -> {
            List<Map<String, Object>> out = new java.util.ArrayList<>();
            for (Asset a : AssetStore.list(c, status, type, q, limit, offset)) {
                out.add(view(a, a.carriesAgent() ? AssetStore.link(c, a.serial()) : null));
            }
            return out;
        });
    }

    /**
     * {@code device} is the first device enrolled with the serial; {@code serialConflict} lists every device id
     * claiming it when there is more than one (empty otherwise), so a second claimant is shown, never linked.
     */
    private static Map<String, Object> view(Asset a, AssetStore.SerialLink link) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tag", a.tag());
        m.put("type", a.type());
        m.put("make", a.make());
        m.put("model", a.model());
        m.put("serial", a.serial());
        m.put("purchasedOn", a.purchasedOn() == null ? null : a.purchasedOn().toString());
        m.put("cost", a.cost());
        m.put("status", a.status());
        m.put("createdAt", a.createdAt());
        m.put("updatedAt", a.updatedAt());
        m.put("device", link == null ? null : link.device());
        m.put("serialConflict", link == null ? List.of() : link.conflict());
        return m;
    }
}
