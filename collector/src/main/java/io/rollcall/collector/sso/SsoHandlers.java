package io.rollcall.collector.sso;

import io.rollcall.collector.http.Api;
import io.rollcall.collector.http.ApiModule;
import io.rollcall.collector.http.ApiRouter;
import io.rollcall.collector.http.JsonBody;
import io.rollcall.collector.http.Principal;
import io.rollcall.collector.http.Role;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code /api/v1/sso/providers} and {@code /api/v1/sso/rules} (admin), {@code GET /api/v1/me/devices}: the
 * caller's own laptops and their findings, open to every role (staff included), and
 * {@code PUT /api/v1/devices/{id}/primary-user} (technicians), which names whose laptop a device is. SQL runs on the worker pool.
 */
public final class SsoHandlers implements ApiModule {
    private final WorkerExecutor blocking;
    private final SsoAdmin admin;
    private final OwnDevices own;
    private final java.time.Clock clock;

    public SsoHandlers(WorkerExecutor blocking, SsoAdmin admin, OwnDevices own, java.time.Clock clock) {
        this.blocking = blocking;
        this.admin = admin;
        this.own = own;
        this.clock = clock;
    }

    @Override
    public void mount(ApiRouter api) {
        api.get("/api/v1/sso/providers", Role.ADMIN_ONLY, this::providers);
        api.put("/api/v1/sso/providers/:id", Role.ADMIN_ONLY, JsonBody.small(), this::putProvider);
        api.delete("/api/v1/sso/providers/:id", Role.ADMIN_ONLY, this::deleteProvider);
        api.get("/api/v1/sso/rules", Role.ADMIN_ONLY, this::rules);
        api.put("/api/v1/sso/rules", Role.ADMIN_ONLY, JsonBody.small(), this::putRules);
        api.get("/api/v1/me/devices", Role.EVERYONE, this::myDevices);
        api.put("/api/v1/devices/:id/primary-user", Role.TECHNICIANS, JsonBody.small(), this::primaryUser);
    }

    /** A provider as the API shows it: everything but the secret. */
    static Map<String, Object> view(SsoProvider p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.id());
        m.put("displayName", p.displayName());
        m.put("issuer", p.issuer());
        m.put("clientId", p.clientId());
        m.put("clientSecretSet", p.clientSecretSet());
        m.put("clientSecretFile", p.clientSecretFile());
        m.put("enabled", p.enabled());
        m.put("createdAt", p.createdAt());
        m.put("createdBy", p.createdBy());
        return m;
    }

    private void providers(RoutingContext ctx) {
        run(ctx, 200, () -> Map.of("items", admin.service().store().providers().stream().map(SsoHandlers::view).toList()));
    }

    private void putProvider(RoutingContext ctx) {
        var body = JsonBody.object(ctx);
        Principal by = Principal.of(ctx);
        String id = ctx.pathParam("id");
        run(ctx, 200, () -> view(admin.putProvider(by, id, body)));
    }

    private void deleteProvider(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        run(ctx, 200, () -> {
            admin.deleteProvider(id);
            return Map.of("id", id, "deleted", true);
        });
    }

    private void rules(RoutingContext ctx) {
        run(ctx, 200, () -> Map.of("rules", admin.service().store().rules()));
    }

    private void putRules(RoutingContext ctx) {
        var rules = JsonBody.object(ctx).get("rules");
        run(ctx, 200, () -> Map.of("rules", admin.putRules(rules)));
    }

    private void myDevices(RoutingContext ctx) {
        Principal p = Principal.of(ctx);
        run(ctx, 200, () -> {
            List<Map<String, Object>> items = own.of(p.name());
            return Map.of("email", p.name(), "role", p.role().wire(), "items", items);
        });
    }

    /** {@code {email}} names the device's primary user; {@code {email: null}} clears it. */
    private void primaryUser(RoutingContext ctx) {
        java.util.UUID id = io.rollcall.collector.http.Query.uuid("id", ctx.pathParam("id"));
        String email = JsonBody.text(JsonBody.object(ctx), "email", 0, 320);
        if (email != null && !email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            throw io.rollcall.collector.http.ApiException.badRequest("email: must be an e-mail address");
        }
        Principal by = Principal.of(ctx);
        run(ctx, 200, () -> {
            if (!own.setPrimaryUser(id, email, by.id(), clock.instant())) {
                throw io.rollcall.collector.http.ApiException.notFound("no device " + id);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("deviceId", id);
            m.put("primaryUser", email == null ? null : email.toLowerCase(java.util.Locale.ROOT));
            return m;
        });
    }

    private void run(RoutingContext ctx, int status, Callable<Object> work) {
        blocking.executeBlocking(work, false).onSuccess(r -> Api.json(ctx, status, r)).onFailure(ctx::fail);
    }
}
