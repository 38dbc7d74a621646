package io.rollcall.collector.audit;

import io.rollcall.collector.http.Csv;

import io.rollcall.collector.http.Api;
import io.rollcall.collector.http.ApiException;
import io.rollcall.collector.http.ApiModule;
import io.rollcall.collector.http.ApiRouter;
import io.rollcall.collector.http.Query;
import io.rollcall.collector.http.Role;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** {@code GET /api/v1/audit} and {@code GET /api/v1/exports/audit.csv}, admin only. */
public final class AuditHandlers implements ApiModule {
    private final WorkerExecutor blocking;
    private final AuditLog log;

    public AuditHandlers(WorkerExecutor blocking, AuditLog log) {
        this.blocking = blocking;
        this.log = log;
    }

    @Override
    public void mount(ApiRouter api) {
        api.get("/api/v1/audit", Role.ADMIN_ONLY, this::list);
        api.get("/api/v1/exports/audit.csv", Role.ADMIN_ONLY, this::csv);
    }

    private void list(RoutingContext ctx) {
        String actor = Query.text(ctx, "actor", 200);
        Instant since = since(ctx);
        int limit = Query.integer(ctx, "limit", 100, 1, 1000);
        int offset = Query.integer(ctx, "offset", 0, 0, 10_000_000);
        Future.fromCompletionStage(log.flush())
                .compose(v -> blocking.executeBlocking(() -> log.store().list(actor, since, limit, offset), false))
                .onSuccess(page -> Api.json(ctx, 200, page)).onFailure(ctx::fail);
    }

    private void csv(RoutingContext ctx) {
        String actor = Query.text(ctx, "actor", 200);
        Instant since = since(ctx);
        int limit = Query.integer(ctx, "limit", 100_000, 1, 100_000);
        Future.fromCompletionStage(log.flush())
                .compose(v -> blocking.executeBlocking(() -> {
                    StringBuilder out = new StringBuilder("at,actor_id,actor_name,role,action,target,status,remote,detail\r\n");
                    for (AuditEntry e : log.store().list(actor, since, limit, 0).items()) {
                        Csv.row(out, e.at(), e.actorId(), e.actorName(), e.role(), e.action(), e.target(), e.status(),
                                e.remote(), e.detail());
                    }
                    return out.toString();
                }, false))
                .onSuccess(body -> ctx.response().putHeader("Content-Type", "text/csv; charset=utf-8")
                        .putHeader("Content-Disposition", "attachment; filename=\"audit.csv\"").end(body))
                .onFailure(ctx::fail);
    }

    private static Instant since(RoutingContext ctx) {
        String s = Query.text(ctx, "since", 40);
        if (s == null) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("since: was '" + s + "', must be an ISO-8601 instant such as 2025-01-31T00:00:00Z");
        }
    }
}
