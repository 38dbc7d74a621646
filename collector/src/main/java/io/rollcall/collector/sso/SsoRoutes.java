package io.rollcall.collector.sso;

import static io.rollcall.collector.console.Html.esc;

import io.rollcall.collector.audit.AuditLog;
import io.rollcall.collector.auth.Authenticator;
import io.rollcall.collector.console.ConsoleRouter;
import io.rollcall.collector.console.HomePages;
import io.rollcall.collector.console.Layout;
import io.rollcall.collector.http.HttpVerticle;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The browser's side of single sign-on, before anyone is signed in: {@code GET /console/sso/{provider}/start}
 * sends the browser to the provider, {@code GET /console/sso/callback} comes back from it. The state travels in a
 * cookie too ({@value #STATE_COOKIE}, SameSite=Lax because the provider's redirect is a cross-site navigation), so
 * a code fetched in one browser cannot be finished in another (login CSRF). A refusal is a page saying why; every
 * sign-in and refusal is audited. The session cookie is the console's own; the page that sets it moves on by a
 * same-site refresh, so the console's SameSite=Strict cookie is sent on the next request.
 */
public final class SsoRoutes implements HttpVerticle.PublicModule {
    private static final Logger LOG = LoggerFactory.getLogger(SsoRoutes.class);
    static final String STATE_COOKIE = "rc_sso";
    private static final String CALLBACK = "/console/sso/callback";

    private final WorkerExecutor blocking;
    private final SsoService sso;
    private final AuditLog audit;

    public SsoRoutes(WorkerExecutor blocking, SsoService sso, AuditLog audit) {
        this.blocking = blocking;
        this.sso = sso;
        this.audit = audit;
    }

    @Override
    public void mount(Router router) {
        router.get(CALLBACK).handler(this::callback);
        router.get("/console/sso/:provider/start").handler(this::start);
    }

    private void start(RoutingContext ctx) {
        String provider = ctx.pathParam("provider");
        String next = safeNext(ctx.request().getParam("next"));
        blocking.executeBlocking(() -> sso.start(provider, next), false).onComplete(ar -> {
            if (ar.succeeded()) {
                ctx.response().addCookie(Cookie.cookie(STATE_COOKIE, ar.result().state()).setPath("/console/sso")
                        .setSecure(true).setHttpOnly(true).setSameSite(CookieSameSite.LAX)
                        .setMaxAge(SsoService.PENDING_FOR.toSeconds()));
                ctx.response().setStatusCode(303).putHeader("Location", ar.result().redirect().toString()).end();
            } else {
                refuse(ctx, ar.cause(), "start " + provider);
            }
        });
    }

    private void callback(RoutingContext ctx) {
        Cookie c = ctx.request().getCookie(STATE_COOKIE);
        String state = ctx.request().getParam("state");
        String code = ctx.request().getParam("code");
        String error = ctx.request().getParam("error");
        blocking.executeBlocking(() -> sso.finish(c == null ? null : c.getValue(), state, code, error), false)
                .onComplete(ar -> {
                    ctx.response().addCookie(Cookie.cookie(STATE_COOKIE, "").setPath("/console/sso").setMaxAge(0)
                            .setSecure(true).setHttpOnly(true));
                    if (ar.failed()) {
                        refuse(ctx, ar.cause(), "callback");
                        return;
                    }
                    SsoService.SignedIn in = ar.result();
                    audit.record(in.user().principal(), "login", CALLBACK, 200, Authenticator.address(ctx),
                            "console, single sign-on with " + in.provider());
                    ctx.response().addCookie(Cookie.cookie(Authenticator.SESSION_COOKIE, in.sessionCookie())
                            .setPath("/").setSecure(true).setHttpOnly(true).setSameSite(CookieSameSite.STRICT));
                    String next = "/console".equals(in.next()) ? HomePages.home(in.user().role()) : in.next();
                    String body = "<p class=\"message\">Signed in as " + esc(in.user().displayName())
                            + ". <a href=\"" + esc(next) + "\">Continue</a></p>";
                    String html = Layout.page("Signed in", null, List.of(), null, body)
                            .replace("<head>", "<head><meta http-equiv=\"refresh\" content=\"0;url=" + esc(next) + "\">");
                    ConsoleRouter.send(ctx, 200, html);
                });
    }

    private void refuse(RoutingContext ctx, Throwable e, String step) {
        String why;
        int status;
        if (e instanceof SsoRefusal r) {
            why = r.getMessage();
            status = 403;
        } else {
            String incident = UUID.randomUUID().toString();
            LOG.warn("single sign-on {} failed, incident {}: {}", step, incident, e.toString());
            why = "the sign-in provider could not be reached or answered wrongly (incident " + incident + ")";
            status = 502;
        }
        // who is the audit row's actor id (64 characters at most); why goes with the path, the code never does
        String who = truncate(e instanceof SsoService.Unmapped u ? "sso " + u.email() : "single sign-on", 64);
        audit.authFailed(Authenticator.address(ctx), who, "GET", ctx.request().path() + " (" + truncate(why, 200) + ")");
        String body = "<p class=\"error\" role=\"alert\">You are not signed in: " + esc(why) + "</p>"
                + "<p><a href=\"/console/login\">Back to sign-in</a></p>";
        ConsoleRouter.send(ctx, status, Layout.page("Sign-in refused", null, List.of(), null, body));
    }

    private static String truncate(String s, int max) {
        return s.length() > max ? s.substring(0, max - 1) + "…" : s;
    }

    /** Only a path inside the console: never an open redirect to another site. */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/console") || next.startsWith("//") || next.contains("\\")
                || next.length() > 200 || next.startsWith("/console/login") || next.startsWith("/console/logout")
                || next.startsWith("/console/sso")) {
            return "/console";
        }
        return next;
    }
}
