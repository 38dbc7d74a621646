package io.rollcall.collector.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * Registers authenticated API routes, each with the roles allowed to call it, and remembers them so
 * a test can walk every route with every role. The role check runs before any handler, in the API,
 * not only in the page.
 */
public final class ApiRouter {
    /** One route as declared: method, Vert.x path pattern and who may call it. */
    public record RouteSpec(HttpMethod method, String path, Set<Role> allowed) {
    }

    private final Router router;
    private final List<RouteSpec> specs = new ArrayList<>();

    public ApiRouter(Router router) {
        this.router = router;
    }

    public Router router() {
        return router;
    }

    @SafeVarargs
    public final Route get(String path, Set<Role> allowed, Handler<RoutingContext>... handlers) {
        return route(HttpMethod.GET, path, allowed, handlers);
    }

    @SafeVarargs
    public final Route post(String path, Set<Role> allowed, Handler<RoutingContext>... handlers) {
        return route(HttpMethod.POST, path, allowed, handlers);
    }

    @SafeVarargs
    public final Route put(String path, Set<Role> allowed, Handler<RoutingContext>... handlers) {
        return route(HttpMethod.PUT, path, allowed, handlers);
    }

    @SafeVarargs
    public final Route delete(String path, Set<Role> allowed, Handler<RoutingContext>... handlers) {
        return route(HttpMethod.DELETE, path, allowed, handlers);
    }

    @SafeVarargs
    public final Route route(HttpMethod method, String path, Set<Role> allowed, Handler<RoutingContext>... handlers) {
        if (allowed.isEmpty()) {
            throw new IllegalArgumentException("route " + method + " " + path + " allows no role");
        }
        Set<Role> roles = Set.copyOf(allowed);
        specs.add(new RouteSpec(method, path, roles));
        Route r = router.route(method, path).handler(ctx -> {
            Principal p = Principal.of(ctx);
            if (!roles.contains(p.role())) {
                throw ApiException.forbidden("role " + p.role().wire() + " may not " + method + " " + path);
            }
            ctx.next();
        });
        for (Handler<RoutingContext> h : handlers) {
            r.handler(h);
        }
        return r;
    }

    /** Every route registered so far, in order. */
    public List<RouteSpec> routes() {
        return Collections.unmodifiableList(specs);
    }
}
