package io.rollcall.collector.auth;

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
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * {@code /api/v1/users} (admin), {@code /api/v1/tokens} (each caller's own) and {@code /api/v1/me}.
 * Validation happens on the event loop where it is cheap; SQL and Argon2id run on the worker pool.
 */
public final class AccountHandlers implements ApiModule {
    private final WorkerExecutor blocking;
    private final AccountService accounts;

    public AccountHandlers(WorkerExecutor blocking, AccountService accounts) {
        this.blocking = blocking;
        this.accounts = accounts;
    }

    @Override
    public void mount(ApiRouter api) {
        api.get("/api/v1/me", Role.ANYONE, this::me);
        api.get("/api/v1/users", Role.ADMIN_ONLY, this::listUsers);
        api.post("/api/v1/users", Role.ADMIN_ONLY, JsonBody.small(), this::createUser);
        api.post("/api/v1/users/:id/password", Role.ADMIN_ONLY, JsonBody.small(), this::resetPassword);
        api.post("/api/v1/users/:id/disabled", Role.ADMIN_ONLY, JsonBody.small(), this::setDisabled);
        api.get("/api/v1/tokens", Role.ANYONE, this::listTokens);
        api.post("/api/v1/tokens", Role.ANYONE, JsonBody.small(), this::createToken);
        api.delete("/api/v1/tokens/:id", Role.ANYONE, this::revokeToken);
    }

    private void me(RoutingContext ctx) {
        Principal p = Principal.of(ctx);
        Api.json(ctx, 200, Map.of("id", p.id(), "name", p.name(), "role", p.role().wire()));
    }

    private void listUsers(RoutingContext ctx) {
        int limit = Query.integer(ctx, "limit", 100, 1, 1000);
        int offset = Query.integer(ctx, "offset", 0, 0, 10_000_000);
        run(ctx, 200, () -> Map.of("items", accounts.list(limit, offset)));
    }

    private void createUser(RoutingContext ctx) {
        JsonNode b = JsonBody.object(ctx);
        String username = JsonBody.text(b, "username", 1, 64);
        String displayName = JsonBody.text(b, "displayName", 1, 200);
        String role = JsonBody.text(b, "role", 1, 32);
        String password = JsonBody.text(b, "password", 1, AccountService.MAX_PASSWORD);
        Principal by = Principal.of(ctx);
        run(ctx, 201, () -> accounts.create(by, username, displayName, role, password));
    }

    private void resetPassword(RoutingContext ctx) {
        UUID id = Query.uuid("id", ctx.pathParam("id"));
        String password = JsonBody.text(JsonBody.object(ctx), "password", 1, AccountService.MAX_PASSWORD);
        run(ctx, 200, () -> {
            accounts.resetPassword(id, password);
            return Map.of("id", id, "passwordReset", true);
        });
    }

    private void setDisabled(RoutingContext ctx) {
        UUID id = Query.uuid("id", ctx.pathParam("id"));
        JsonNode v = JsonBody.object(ctx).get("disabled");
        if (v == null || !v.isBoolean()) {
            throw io.rollcall.collector.http.ApiException.badRequest("disabled: must be true or false");
        }
        run(ctx, 200, () -> {
            accounts.setDisabled(id, v.asBoolean());
            return Map.of("id", id, "disabled", v.asBoolean());
        });
    }

    private void listTokens(RoutingContext ctx) {
        Principal p = Principal.of(ctx);
        run(ctx, 200, () -> Map.of("items", accounts.tokens(p)));
    }

    private void createToken(RoutingContext ctx) {
        String name = JsonBody.text(JsonBody.object(ctx), "name", 1, 100);
        Principal p = Principal.of(ctx);
        run(ctx, 201, () -> accounts.createToken(p, name));
    }

    private void revokeToken(RoutingContext ctx) {
        UUID id = Query.uuid("id", ctx.pathParam("id"));
        Principal p = Principal.of(ctx);
        run(ctx, 200, () -> {
            accounts.revoke(p, id);
            return Map.of("id", id, "revoked", true);
        });
    }

    private void run(RoutingContext ctx, int status, Callable<Object> work) {
        blocking.executeBlocking(work, false).onSuccess(r -> Api.json(ctx, status, r)).onFailure(ctx::fail);
    }
}
