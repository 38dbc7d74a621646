package io.rollcall.collector.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * Registers authenticated API routes, each with the roles allowed to call it, and remembers them so
 * a test can walk every route with every role. The role check runs before any handler, in the API,
 * not only in the page. Every state-changing request (any method but GET), and every GET declared
 * with {@link #getAudited}, is reported to the {@link AuditSink} once its response is sent.
 */
public final class ApiRouter {
    /** One route as declared: method, Vert.x path pattern and who may call it. */
    public record RouteSpec(HttpMethod method, String path, Set<Role> allowed) {
    }

    private final Router router;
    private final List<RouteSpec> specs = new ArrayList<>();
    private final AuditSink audit;

    public ApiRouter(Router router) {
        this(router, AuditSink.NONE);
    }

    public ApiRouter(Router router, AuditSink audit) {
        this.router = router;
        this.audit = audit;
    }

    public Router router() {
        return router;
    }

    @SafeVarargs
    public final Route get(String path, Set<Role> allowed, Handler<RoutingContext>... handlers) {
        return route(HttpMethod.GET, path, allowed, handlers);
    }

    /** A GET whose every successful view is audited (one device's detail: who looked at whose laptop). */
    @SafeVarargs
    public final Route getAudited(String path, Set<Role> allowed, Handler<RoutingContext>... handlers) {
        return route(HttpMethod.GET, path, allowed, true, handlers);
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
        return route(method, path, allowed, method != HttpMethod.GET, handlers);
    }

    private Route route(HttpMethod method, String path, Set<Role> allowed, boolean audited,
                        Handler<RoutingContext>[] handlers) {
        if (allowed.isEmpty()) {
            throw new IllegalArgumentException("route " + method + " " + path + " allows no role");
        }
        Set<Role> roles = Set.copyOf(allowed);
        RouteSpec spec = new RouteSpec(method, path, roles);
        specs.add(spec);
        // The role check comes first, while the request is still paused (the Authenticator paused it), so a caller
        // without the role is refused before any body is read; a body handler passed in gets a route of its own
        // after it (Vert.x wants a body handler first on its route), then the rest.
        router.route(method, path).handler(ctx -> {
            Principal p = Principal.of(ctx);
            if (audited) {
                // refusals are recorded too: a business manager trying a technician route is worth knowing
                ctx.addBodyEndHandler(v -> audit.record(ctx, spec));
            }
            if (!roles.contains(p.role())) {
                throw ApiException.forbidden("role " + p.role().wire() + " may not " + method + " " + path);
            }
            ctx.next();
        });
        List<Handler<RoutingContext>> rest = new ArrayList<>();
        for (Handler<RoutingContext> h : handlers) {
            if (h instanceof BodyHandler) {
                router.route(method, path).handler(h);
            } else {
                rest.add(h);
            }
        }
        Route r = router.route(method, path);
        for (Handler<RoutingContext> h : rest) {
            r.handler(h);
        }
        return r;
    }

    /** Every route registered so far, in order. */
    public List<RouteSpec> routes() {
        return Collections.unmodifiableList(specs);
    }
}
