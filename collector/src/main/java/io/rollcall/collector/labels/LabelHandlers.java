package io.rollcall.collector.labels;

import io.rollcall.collector.assets.Asset;
import io.rollcall.collector.assets.AssetStore;
import io.rollcall.collector.assets.Fields;
import io.rollcall.collector.db.Database;
import io.rollcall.collector.http.ApiException;
import io.rollcall.collector.http.ApiModule;
import io.rollcall.collector.http.ApiRouter;
import io.rollcall.collector.http.Query;
import io.rollcall.collector.http.Role;
import io.rollcall.collector.sets.AssetSet;
import io.rollcall.collector.sets.SetService;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * {@code GET /api/v1/labels.pdf?tags=A,B,C} or {@code ?set=<id or name>}, optionally {@code &skip=N} (positions
 * already used on the first sheet): printable label sheets ({@link LabelSheet}). Every tag must be in the
 * register; an unknown one is named in a 404. Business managers only; SQL and rendering on the worker pool.
 */
public final class LabelHandlers implements ApiModule {
    /** 100 sheets: more than any one print run needs, small enough to render at once. */
    static final int MAX_LABELS = 100 * LabelSheet.PER_SHEET;

    private final WorkerExecutor blocking;
    private final Database db;
    private final SetService sets;
    private final String school;

    public LabelHandlers(WorkerExecutor blocking, Database db, SetService sets, String school) {
        this.blocking = blocking;
        this.db = db;
        this.sets = sets;
        this.school = school;
    }

    @Override
    public void mount(ApiRouter api) {
        api.get("/api/v1/labels.pdf", Role.BUSINESS_MANAGERS, this::labels);
    }

    /** The tags of a comma, space or newline separated list, each checked like an asset tag, duplicates dropped. */
    public static List<String> parseTags(String field, String raw) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        if (raw != null) {
            for (String t : raw.split("[,\\s]+")) {
                if (!t.isEmpty()) {
                    out.add(Fields.clean(field, t, 64, true));
                }
            }
        }
        if (out.size() > MAX_LABELS) {
            throw ApiException.badRequest(field + ": " + out.size() + " tags, the limit is " + MAX_LABELS);
        }
        return new ArrayList<>(out);
    }

    void labels(RoutingContext ctx) {
        String set = Query.text(ctx, "set", 128);
        String raw = ctx.queryParams().getAll("tags").stream().reduce((a, b) -> a + "," + b).orElse(null);
        if (raw != null && raw.length() > 200_000) {
            throw ApiException.badRequest("tags: the list is too long");
        }
        List<String> tags = parseTags("tags", raw);
        if (set == null && tags.isEmpty()) {
            throw ApiException.badRequest("tags: give tags=A,B,C or set=<id or name>");
        }
        int skip = Query.integer(ctx, "skip", 0, 0, LabelSheet.PER_SHEET - 1);
        blocking.executeBlocking(() -> {
            List<String> all = new ArrayList<>(tags);
            if (set != null) {
                AssetSet s = sets.find(set);
                for (String t : sets.members(s.id())) {
                    if (!all.contains(t)) {
                        all.add(t);
                    }
                }
            }
            if (all.size() > MAX_LABELS) {
                throw ApiException.badRequest("tags: " + all.size() + " labels, the limit is " + MAX_LABELS);
            }
            List<LabelSheet.Label> labels = db.read(c -> {
                List<LabelSheet.Label> out = new ArrayList<>();
                for (String t : all) {
                    Asset a = AssetStore.get(c, t);
                    if (a == null) {
                        throw ApiException.notFound("tags: no asset tagged '" + t + "'");
                    }
                    String model = ((a.make() == null ? "" : a.make() + " ") + (a.model() == null ? "" : a.model())).strip();
                    out.add(new LabelSheet.Label(t, model.isEmpty() ? a.type() : model, school));
                }
                return out;
            });
            return LabelSheet.render(labels, skip);
        }, false).onSuccess(pdf -> ctx.response().putHeader("Content-Type", "application/pdf")
                .putHeader("Content-Disposition", "inline; filename=\"labels.pdf\"")
                .end(Buffer.buffer(pdf))).onFailure(ctx::fail);
    }
}
