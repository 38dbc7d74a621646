package io.rollcall.collector.recalls;

import io.rollcall.collector.http.Api;
import io.rollcall.collector.http.ApiModule;
import io.rollcall.collector.http.ApiRouter;
import io.rollcall.collector.http.JsonBody;
import io.rollcall.collector.http.Principal;
import io.rollcall.collector.http.Query;
import io.rollcall.collector.http.Role;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.RoutingContext;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code /api/v1/recalls}: business managers (and admins) make recalls; senior leadership reads their progress too.
 * SQL runs on the worker pool.
 */
public final class RecallHandlers implements ApiModule {
    /** Who may read recalls and the physical audit: the business manager's people and senior leadership. */
    public static final Set<Role> READERS = EnumSet.of(Role.ADMIN, Role.BUSINESS_MANAGER, Role.SLT);
    private final WorkerExecutor blocking;
    private final RecallService recalls;

    public RecallHandlers(WorkerExecutor blocking, RecallService recalls) {
        this.blocking = blocking;
        this.recalls = recalls;
    }

    @Override
    public void mount(ApiRouter api) {
        api.get("/api/v1/recalls", READERS, this::list);
        api.post("/api/v1/recalls", Role.BUSINESS_MANAGERS, JsonBody.small(), this::create);
        api.get("/api/v1/recalls/:id", READERS, this::progress);
        api.get("/api/v1/recalls/:id/outstanding.csv", READERS, this::csv);
    }

    void list(RoutingContext ctx) {
        blocking.executeBlocking(recalls::list, false)
                .onSuccess(items -> Api.json(ctx, 200, Map.of("items", items))).onFailure(ctx::fail);
    }

    void create(RoutingContext ctx) {
        var body = JsonBody.object(ctx);
        String actor = Principal.of(ctx).id();
        blocking.executeBlocking(() -> recalls.create(body, actor), false)
                .onSuccess(r -> Api.json(ctx, 201, r)).onFailure(ctx::fail);
    }

    void progress(RoutingContext ctx) {
        UUID id = Query.uuid("id", ctx.pathParam("id"));
        blocking.executeBlocking(() -> recalls.progress(id), false)
                .onSuccess(p -> Api.json(ctx, 200, p)).onFailure(ctx::fail);
    }

    void csv(RoutingContext ctx) {
        UUID id = Query.uuid("id", ctx.pathParam("id"));
        blocking.executeBlocking(() -> recalls.outstandingCsv(id), false)
                .onSuccess(csv -> ctx.response().putHeader("Content-Type", "text/csv; charset=utf-8")
                        .putHeader("Content-Disposition", "attachment; filename=\"recall-" + id + "-outstanding.csv\"")
                        .end(csv))
                .onFailure(ctx::fail);
    }
}
