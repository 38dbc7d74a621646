package io.rollcall.collector.enrollment;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.collector.http.Api;
import io.rollcall.collector.http.ApiModule;
import io.rollcall.collector.http.ApiRouter;
import io.rollcall.collector.http.JsonBody;
import io.rollcall.collector.http.Principal;
import io.rollcall.collector.http.Query;
import io.rollcall.collector.http.Role;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Technicians' control of who may enrol: {@code /api/v1/enrollment/tokens} (create → the token shown once, list,
 * revoke) and {@code /api/v1/enrollment/pending} (re-enrolments waiting, approve, reject). Every change is audited by
 * the route table. Body checks run on the event loop, SQL on the worker pool.
 */
public final class EnrollmentControlHandlers implements ApiModule {
    private final WorkerExecutor blocking;
    private final EnrollTokens tokens;
    private final PendingEnrolments pending;
    private final Clock clock;

    public EnrollmentControlHandlers(WorkerExecutor blocking, EnrollTokens tokens, PendingEnrolments pending, Clock clock) {
        this.blocking = blocking;
        this.tokens = tokens;
        this.pending = pending;
        this.clock = clock;
    }

    @Override
    public void mount(ApiRouter api) {
        api.get("/api/v1/enrollment/tokens", Role.TECHNICIANS, this::listTokens);
        api.post("/api/v1/enrollment/tokens", Role.TECHNICIANS, JsonBody.small(), this::createToken);
        api.delete("/api/v1/enrollment/tokens/:id", Role.TECHNICIANS, this::revokeToken);
        api.get("/api/v1/enrollment/pending", Role.TECHNICIANS, this::listPending);
        api.post("/api/v1/enrollment/pending/:id/approve", Role.TECHNICIANS, JsonBody.small(), this::approve);
        api.post("/api/v1/enrollment/pending/:id/reject", Role.TECHNICIANS, JsonBody.small(), this::reject);
    }

    /** A token as the API shows it: everything but the token and its hash, with its state now. */
    public static Map<String, Object> view(EnrollToken t, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("label", t.label());
        m.put("state", t.state(now));
        m.put("firstRun", t.firstRun());
        m.put("createdAt", t.createdAt());
        m.put("createdBy", t.createdBy());
        m.put("expiresAt", t.expiresAt());
        m.put("maxDevices", t.maxDevices());
        m.put("enrolled", t.enrolled());
        m.put("perMinute", t.perMinute());
        m.put("lastUsedAt", t.lastUsedAt());
        m.put("revokedAt", t.revokedAt());
        m.put("revokedBy", t.revokedBy());
        return m;
    }

    void listTokens(RoutingContext ctx) {
        blocking.executeBlocking(() -> {
            Instant now = clock.instant();
            List<Map<String, Object>> items = tokens.list().stream().map(t -> view(t, now)).toList();
            return Map.of("items", items);
        }, false).onSuccess(b -> {
            ctx.response().putHeader("Cache-Control", "no-store");
            Api.json(ctx, 200, b);
        }).onFailure(ctx::fail);
    }

    void createToken(RoutingContext ctx) {
        JsonNode body = JsonBody.object(ctx);
        EnrollTokens.Draft draft = EnrollTokens.parse(body, clock.instant());
        String actor = Principal.of(ctx).id();
        blocking.executeBlocking(() -> tokens.create(draft, actor), false).onSuccess(created -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("token", created.token());
            out.putAll(view(created.info(), clock.instant()));
            ctx.response().putHeader("Cache-Control", "no-store");
            Api.json(ctx, 201, out);
        }).onFailure(ctx::fail);
    }

    void revokeToken(RoutingContext ctx) {
        UUID id = Query.uuid("id", ctx.pathParam("id"));
        String actor = Principal.of(ctx).id();
        blocking.executeBlocking(() -> view(tokens.revoke(id, actor), clock.instant()), false)
                .onSuccess(t -> Api.json(ctx, 200, t)).onFailure(ctx::fail);
    }

    void listPending(RoutingContext ctx) {
        blocking.executeBlocking(() -> Map.of("items", pending.waiting()), false)
                .onSuccess(b -> Api.json(ctx, 200, b)).onFailure(ctx::fail);
    }

    void approve(RoutingContext ctx) {
        UUID id = Query.uuid("id", ctx.pathParam("id"));
        String actor = Principal.of(ctx).id();
        blocking.executeBlocking(() -> pending.approve(id, actor), false)
                .onSuccess(p -> Api.json(ctx, 200, p)).onFailure(ctx::fail);
    }

    void reject(RoutingContext ctx) {
        UUID id = Query.uuid("id", ctx.pathParam("id"));
        String actor = Principal.of(ctx).id();
        blocking.executeBlocking(() -> pending.reject(id, actor), false)
                .onSuccess(p -> Api.json(ctx, 200, p)).onFailure(ctx::fail);
    }
}
