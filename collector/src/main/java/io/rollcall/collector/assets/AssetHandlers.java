package io.rollcall.collector.assets;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.collector.http.JsonBody;
import io.rollcall.collector.http.Api;
import io.rollcall.collector.http.ApiModule;
import io.rollcall.collector.http.ApiRouter;
import io.rollcall.collector.http.Principal;
import io.rollcall.collector.http.Query;
import io.rollcall.collector.http.Role;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /api/v1/assets}: the register, for business managers. Validation runs on the event loop
 * (cheap); SQL on the worker pool.
 */
public final class AssetHandlers implements ApiModule {
    static final int MAX_JSON_BYTES = 16 * 1024;
    private final WorkerExecutor blocking;
    private final AssetService assets;

    public AssetHandlers(WorkerExecutor blocking, AssetService assets) {
        this.blocking = blocking;
        this.assets = assets;
    }

    @Override
    public void mount(ApiRouter api) {
        api.get("/api/v1/assets", Role.BUSINESS_MANAGERS, this::list);
        api.post("/api/v1/assets", Role.BUSINESS_MANAGERS, JsonBody.limit(MAX_JSON_BYTES), this::create);
        api.get("/api/v1/assets/:tag", Role.BUSINESS_MANAGERS, this::get);
        api.post("/api/v1/assets/:tag/status", Role.BUSINESS_MANAGERS, JsonBody.limit(MAX_JSON_BYTES), this::setStatus);
    }

    void list(RoutingContext ctx) {
        String status = Query.text(ctx, "status", 16);
        if (status != null && !Asset.STATUSES.contains(status)) {
            throw io.rollcall.collector.http.ApiException.badRequest("status: was '" + status + "', must be one of " + Asset.STATUSES);
        }
        String type = Query.text(ctx, "type", 16);
        if (type != null && !Asset.TYPES.contains(type)) {
            throw io.rollcall.collector.http.ApiException.badRequest("type: was '" + type + "', must be one of " + Asset.TYPES);
        }
        String q = Query.text(ctx, "q", 128);
        int limit = Query.integer(ctx, "limit", 200, 1, 1000);
        int offset = Query.integer(ctx, "offset", 0, 0, 10_000_000);
        blocking.executeBlocking(() -> assets.list(status, type, q, limit, offset), false)
                .onSuccess(items -> Api.json(ctx, 200, java.util.Map.of("items", items)))
                .onFailure(ctx::fail);
    }

    void create(RoutingContext ctx) {
        JsonNode b = JsonBody.object(ctx);
        String tag = Fields.text(b, "tag", 64, true);
        if (!tag.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw io.rollcall.collector.http.ApiException.badRequest(
                    "tag: was '" + tag + "', may hold only letters, digits, '.', '_' and '-'");
        }
        Asset draft = new Asset(tag, Fields.oneOf(b, "type", Asset.TYPES, null), Fields.text(b, "make", 128, false),
                Fields.text(b, "model", 128, false), Fields.text(b, "serial", 256, false), Fields.date(b, "purchasedOn"),
                Fields.money(b, "cost"), Fields.oneOf(b, "status", Asset.SETTABLE, "in-stock"), null, null);
        String actor = Principal.of(ctx).id();
        blocking.executeBlocking(() -> {
            assets.create(draft, actor);
            return assets.get(tag);
        }, false).onSuccess(a -> Api.json(ctx, 201, a)).onFailure(ctx::fail);
    }

    void get(RoutingContext ctx) {
        String tag = Fields.clean("tag", ctx.pathParam("tag"), 64, true);
        blocking.executeBlocking(() -> assets.get(tag), false).onSuccess(a -> Api.json(ctx, 200, a)).onFailure(ctx::fail);
    }

    void setStatus(RoutingContext ctx) {
        String tag = Fields.clean("tag", ctx.pathParam("tag"), 64, true);
        JsonNode b = JsonBody.object(ctx);
        String to = Fields.oneOf(b, "status", Asset.SETTABLE, null);
        String note = Fields.text(b, "note", 512, false);
        String actor = Principal.of(ctx).id();
        blocking.executeBlocking(() -> assets.setStatus(tag, to, note, actor), false)
                .onSuccess(a -> Api.json(ctx, 200, a)).onFailure(ctx::fail);
    }
}
