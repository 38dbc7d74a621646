package io.rollcall.collector.http;

import io.vertx.ext.web.RoutingContext;

/**
 * Lets a request through only with {@code Authorization: Bearer <admin token>}. People, roles and
 * personal API tokens replace the single admin token in a later step; the route table does not change.
 */
public final class AdminAuth {
    private final Tokens tokens;

    public AdminAuth(Tokens tokens) {
        this.tokens = tokens;
    }

    public void handle(RoutingContext ctx) {
        String token = bearer(ctx.request().getHeader("Authorization"));
        if (token == null) {
            throw ApiException.unauthorized("send Authorization: Bearer <admin token>");
        }
        if (!tokens.isAdminToken(token)) {
            throw ApiException.unauthorized("that token is not valid");
        }
        Principal.FIRST_RUN_ADMIN.attach(ctx);
        ctx.next();
    }

    /** The credential of a {@code Bearer} header, or {@code null}. */
    public static String bearer(String header) {
        if (header == null || header.length() > 1024 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String t = header.substring(7).trim();
        return t.isEmpty() ? null : t;
    }
}
