package io.rollcall.collector.auth;

import io.rollcall.collector.audit.AuditLog;
import io.rollcall.collector.audit.AuthFailures;
import io.rollcall.collector.http.AdminAuth;
import io.rollcall.collector.http.ApiException;
import io.rollcall.collector.http.Principal;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Authenticates every {@code /api/v1} request before the route table's role checks: a bearer token
 * (a person's API token, or the first-run admin token until it is revoked), the console's session
 * cookie (state-changing requests must also echo the session's CSRF token in {@code X-CSRF-Token}),
 * or, only to create a token, HTTP Basic {@code username:password}, rate-limited like the login form.
 * The lookups (SQL, Argon2id) run on the worker pool; the request is paused meanwhile so a body
 * handler further down still sees the whole body.
 */
public final class Authenticator {
    public static final String SESSION_COOKIE = "rc_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    private static final String SESSION_KEY = "rollcall.session";

    private final WorkerExecutor blocking;
    private final AuthService auth;
    private final AuditLog audit;

    /** @param audit where refused requests are recorded (folded per address, see {@code AuthFailures}) */
    public Authenticator(WorkerExecutor blocking, AuthService auth, AuditLog audit) {
        this.blocking = blocking;
        this.auth = auth;
        this.audit = audit;
    }

    public void handle(RoutingContext ctx) {
        try {
            authenticate(ctx);
        } catch (ApiException e) {
            refused(ctx, e);
            throw e;
        }
    }

    /** A 401 never reaches the route table, so it is audited here; the secret presented never is. */
    private void refused(RoutingContext ctx, Throwable failure) {
        if (failure instanceof ApiException api && api.status() == 401) {
            String who = AuthFailures.credential(ctx.request().getHeader("Authorization"),
                    ctx.request().getCookie(SESSION_COOKIE) != null);
            audit.authFailed(address(ctx), who, ctx.request().method().name(), ctx.request().path());
        }
    }

    private void authenticate(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        Cookie cookie = ctx.request().getCookie(SESSION_COOKIE);
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            basic(ctx, header);
        } else if (header != null) {
            String token = AdminAuth.bearer(header);
            if (token == null) {
                throw ApiException.unauthorized("send Authorization: Bearer <API token>");
            }
            run(ctx, () -> {
                Principal p = auth.byToken(token);
                if (p == null) {
                    throw ApiException.unauthorized("that token is not valid");
                }
                return p;
            });
        } else if (cookie != null) {
            String csrf = ctx.request().getHeader(CSRF_HEADER);
            boolean changes = ctx.request().method() != HttpMethod.GET && ctx.request().method() != HttpMethod.HEAD;
            run(ctx, () -> {
                AuthService.SessionPrincipal sp = auth.bySession(cookie.getValue());
                if (sp == null) {
                    throw ApiException.unauthorized("your session has ended; sign in again");
                }
                if (changes && !Secrets.same(csrf, sp.session().csrf())) {
                    throw ApiException.forbidden("send the session's CSRF token in " + CSRF_HEADER);
                }
                return sp.principal();
            });
        } else {
            throw ApiException.unauthorized("send Authorization: Bearer <API token>, or sign in to the console");
        }
    }

    private void basic(RoutingContext ctx, String header) {
        if (ctx.request().method() != HttpMethod.POST || !"/api/v1/tokens".equals(ctx.request().path())) {
            throw ApiException.unauthorized("a password is accepted only by POST /api/v1/tokens; send a bearer token");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.unauthorized("Authorization: Basic must carry base64 of username:password");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw ApiException.unauthorized("Authorization: Basic must carry base64 of username:password");
        }
        String user = decoded.substring(0, colon);
        String password = decoded.substring(colon + 1);
        String address = address(ctx);
        run(ctx, () -> auth.login(user, password, address).principal());
    }

    private void run(RoutingContext ctx, java.util.concurrent.Callable<Principal> lookup) {
        ctx.request().pause();
        blocking.executeBlocking(lookup, false).onComplete(ar -> {
            if (ar.succeeded()) {
                ar.result().attach(ctx);
                ctx.next();
            } else {
                ctx.request().resume();
                refused(ctx, ar.cause());
                ctx.fail(ar.cause());
            }
        });
    }

    /** The client's address as this node sees it (the load balancer's, behind one). */
    public static String address(RoutingContext ctx) {
        var a = ctx.request().remoteAddress();
        return a == null ? "unknown" : a.hostAddress();
    }

    /** The session a console handler authenticated with, if any. */
    public static Session session(RoutingContext ctx) {
        return ctx.get(SESSION_KEY);
    }

    static void attachSession(RoutingContext ctx, Session s) {
        ctx.put(SESSION_KEY, s);
    }
}
