package io.rollcall.collector.stocktake;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.collector.assets.Fields;
import io.rollcall.collector.http.Api;
import io.rollcall.collector.http.ApiModule;
import io.rollcall.collector.http.ApiRouter;
import io.rollcall.collector.http.JsonBody;
import io.rollcall.collector.http.Principal;
import io.rollcall.collector.http.Query;
import io.rollcall.collector.http.Role;
import io.rollcall.collector.recalls.RecallHandlers;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.UUID;

/**
 * {@code /api/v1/stocktake}: the physical audit. Business managers (and admins) set the schedule and record sightings;
 * senior leadership reads the lists. SQL runs on the worker pool.
 */
public final class StocktakeHandlers implements ApiModule {
    private final WorkerExecutor blocking;
    private final StocktakeService stocktake;

    public StocktakeHandlers(WorkerExecutor blocking, StocktakeService stocktake) {
        this.blocking = blocking;
        this.stocktake = stocktake;
    }

    @Override
    public void mount(ApiRouter api) {
        api.get("/api/v1/stocktake/schedule", RecallHandlers.READERS, this::schedule);
        api.put("/api/v1/stocktake/schedule", Role.BUSINESS_MANAGERS, JsonBody.small(), this::setSchedule);
        api.post("/api/v1/stocktake/runs", Role.BUSINESS_MANAGERS, JsonBody.small(), this::startRun);
        api.get("/api/v1/stocktake/runs/:id", RecallHandlers.READERS, this::run);
        api.post("/api/v1/stocktake/sightings", Role.BUSINESS_MANAGERS, JsonBody.small(), this::sight);
        api.get("/api/v1/stocktake/assets", RecallHandlers.READERS, this::assets);
        api.get("/api/v1/stocktake/overdue", RecallHandlers.READERS, this::overdue);
        api.get("/api/v1/stocktake/overdue.csv", RecallHandlers.READERS, this::overdueCsv);
    }

    void schedule(RoutingContext ctx) {
        blocking.executeBlocking(stocktake::schedule, false)
                .onSuccess(s -> Api.json(ctx, 200, Map.of("items", s))).onFailure(ctx::fail);
    }

    void setSchedule(RoutingContext ctx) {
        JsonNode b = JsonBody.object(ctx);
        String actor = Principal.of(ctx).id();
        blocking.executeBlocking(() -> stocktake.setSchedule(b, actor), false)
                .onSuccess(s -> Api.json(ctx, 200, Map.of("items", s))).onFailure(ctx::fail);
    }

    void startRun(RoutingContext ctx) {
        String location = Fields.text(JsonBody.object(ctx), "location", 128, true);
        Principal who = Principal.of(ctx);
        blocking.executeBlocking(() -> stocktake.startRun(location, who), false)
                .onSuccess(r -> Api.json(ctx, 201, r)).onFailure(ctx::fail);
    }

    void run(RoutingContext ctx) {
        UUID id = Query.uuid("id", ctx.pathParam("id"));
        blocking.executeBlocking(() -> Map.of("run", stocktake.run(id), "sightings", stocktake.runSightings(id, 1000)), false)
                .onSuccess(r -> Api.json(ctx, 200, r)).onFailure(ctx::fail);
    }

    void sight(RoutingContext ctx) {
        JsonNode b = JsonBody.object(ctx);
        String tag = Fields.text(b, "tag", 64, true);
        UUID run = Query.uuid("runId", Fields.text(b, "runId", 36, false));
        String location = Fields.text(b, "location", 128, run == null);
        Principal who = Principal.of(ctx);
        blocking.executeBlocking(() -> stocktake.sight(tag, location, run, who), false)
                .onSuccess(s -> Api.json(ctx, 201, s)).onFailure(ctx::fail);
    }

    void assets(RoutingContext ctx) {
        blocking.executeBlocking(() -> stocktake.statuses(false), false)
                .onSuccess(s -> Api.json(ctx, 200, Map.of("items", s))).onFailure(ctx::fail);
    }

    void overdue(RoutingContext ctx) {
        blocking.executeBlocking(() -> stocktake.statuses(true), false)
                .onSuccess(s -> Api.json(ctx, 200, Map.of("items", s))).onFailure(ctx::fail);
    }

    void overdueCsv(RoutingContext ctx) {
        blocking.executeBlocking(stocktake::overdueCsv, false)
                .onSuccess(csv -> ctx.response().putHeader("Content-Type", "text/csv; charset=utf-8")
                        .putHeader("Content-Disposition", "attachment; filename=\"not-seen.csv\"").end(csv))
                .onFailure(ctx::fail);
    }
}
