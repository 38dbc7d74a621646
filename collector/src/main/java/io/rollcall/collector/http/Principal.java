package io.rollcall.collector.http;

import io.vertx.ext.web.RoutingContext;

/**
 * Who is making a request, set by authentication before any {@code /api/v1} handler runs.
 *
 * @param id       stable identifier recorded in audit and history rows (a user id, or {@code first-run-admin})
 * @param name     shown to people (a username)
 * @param role     what they may do
 */
public record Principal(String id, String name, Role role) {
    private static final String KEY = "rollcall.principal";

    /** The holder of the first-run admin token. */
    public static final Principal FIRST_RUN_ADMIN = new Principal("first-run-admin", "first-run admin token", Role.ADMIN);

    public void attach(RoutingContext ctx) {
        ctx.put(KEY, this);
    }

    /** The authenticated caller; a 401 if authentication did not run (a route-table mistake, never a pass). */
    public static Principal of(RoutingContext ctx) {
        Principal p = ctx.get(KEY);
        if (p == null) {
            throw ApiException.unauthorized("sign in first");
        }
        return p;
    }
}
