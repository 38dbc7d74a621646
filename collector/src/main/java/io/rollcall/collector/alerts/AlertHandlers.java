package io.rollcall.collector.alerts;

import io.rollcall.collector.http.Api;
import io.rollcall.collector.http.ApiException;
import io.rollcall.collector.http.ApiModule;
import io.rollcall.collector.http.ApiRouter;
import io.rollcall.collector.http.JsonBody;
import io.rollcall.collector.http.Principal;
import io.rollcall.collector.http.Query;
import io.rollcall.collector.http.Role;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;

/** {@code /api/v1/alerts/targets} and {@code /api/v1/alerts/deliveries} (admin). SQL runs on the worker pool. */
public final class AlertHandlers implements ApiModule {
    private static final Set<String> STATUSES = Set.of("pending", "delivered", "failed");
    private final WorkerExecutor blocking;
    private final AlertAdmin admin;

    public AlertHandlers(WorkerExecutor blocking, AlertAdmin admin) {
        this.blocking = blocking;
        this.admin = admin;
    }

    @Override
    public void mount(ApiRouter api) {
        api.get("/api/v1/alerts/targets", Role.ADMIN_ONLY, this::targets);
        api.post("/api/v1/alerts/targets", Role.ADMIN_ONLY, JsonBody.small(), this::create);
        api.delete("/api/v1/alerts/targets/:id", Role.ADMIN_ONLY, this::delete);
        api.get("/api/v1/alerts/deliveries", Role.ADMIN_ONLY, this::deliveries);
    }

    private void targets(RoutingContext ctx) {
        run(ctx, 200, () -> Map.of("items", admin.service().store().targets().stream().map(AlertAdmin::view).toList()));
    }

    private void create(RoutingContext ctx) {
        var b = JsonBody.object(ctx);
        Principal by = Principal.of(ctx);
        run(ctx, 201, () -> admin.create(by, b));
    }

    private void delete(RoutingContext ctx) {
        UUID id = Query.uuid("id", ctx.pathParam("id"));
        run(ctx, 200, () -> {
            admin.delete(id);
            return Map.of("id", id, "deleted", true);
        });
    }

    private void deliveries(RoutingContext ctx) {
        String t = Query.text(ctx, "target", 64);
        UUID target = t == null ? null : Query.uuid("target", t);
        String status = Query.text(ctx, "status", 16);
        if (status != null && !STATUSES.contains(status)) {
            throw ApiException.badRequest("status: must be pending, delivered or failed");
        }
        int limit = Query.integer(ctx, "limit", 100, 1, 1000);
        int offset = Query.integer(ctx, "offset", 0, 0, 10_000_000);
        run(ctx, 200, () -> Map.of("items", admin.service().store().deliveries(target, status, limit, offset)));
    }

    private void run(RoutingContext ctx, int status, Callable<Object> work) {
        blocking.executeBlocking(work, false).onSuccess(r -> Api.json(ctx, status, r)).onFailure(ctx::fail);
    }
}
