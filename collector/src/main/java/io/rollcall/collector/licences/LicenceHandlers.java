package io.rollcall.collector.licences;

import io.rollcall.collector.http.Api;
import io.rollcall.collector.http.ApiModule;
import io.rollcall.collector.http.ApiRouter;
import io.rollcall.collector.http.JsonBody;
import io.rollcall.collector.http.Principal;
import io.rollcall.collector.http.Query;
import io.rollcall.collector.http.Role;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.UUID;

/** {@code /api/v1/licences}: the licence register, for technicians. SQL runs on the worker pool. */
public final class LicenceHandlers implements ApiModule {
    private final WorkerExecutor blocking;
    private final LicenceService service;

    public LicenceHandlers(WorkerExecutor blocking, LicenceService service) {
        this.blocking = blocking;
        this.service = service;
    }

    @Override
    public void mount(ApiRouter api) {
        api.get("/api/v1/licences", Role.TECHNICIANS, this::list);
        api.post("/api/v1/licences", Role.TECHNICIANS, JsonBody.json(), this::add);
        api.delete("/api/v1/licences/:id", Role.TECHNICIANS, this::delete);
    }

    /** {@code ?title=} one title; {@code ?expiring=true} only licences ending within 30 days. */
    void list(RoutingContext ctx) {
        String title = Query.text(ctx, "title", 160);
        Boolean expiring = Query.bool(ctx, "expiring");
        blocking.executeBlocking(() -> Map.of("items", service.list(title, Boolean.TRUE.equals(expiring))), false)
                .onSuccess(body -> Api.json(ctx, 200, body)).onFailure(ctx::fail);
    }

    void add(RoutingContext ctx) {
        LicenceService.LicenceRequest req = JsonBody.read(ctx, LicenceService.LicenceRequest.class);
        String actor = Principal.of(ctx).id();
        blocking.executeBlocking(() -> service.add(req, actor), false)
                .onSuccess(l -> Api.json(ctx, 201, l)).onFailure(ctx::fail);
    }

    void delete(RoutingContext ctx) {
        UUID id = Query.uuid("id", ctx.pathParam("id"));
        blocking.executeBlocking(() -> {
            service.delete(id);
            return Map.of("deleted", id.toString());
        }, false).onSuccess(body -> Api.json(ctx, 200, body)).onFailure(ctx::fail);
    }
}
