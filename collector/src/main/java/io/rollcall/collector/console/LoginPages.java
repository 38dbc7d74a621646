package io.rollcall.collector.console;

import static io.rollcall.collector.console.Html.esc;

import io.rollcall.collector.audit.AuditLog;
import io.rollcall.collector.auth.AuthService;
import io.rollcall.collector.auth.Authenticator;
import io.rollcall.collector.auth.Secrets;
import io.rollcall.collector.auth.User;
import io.rollcall.collector.http.ApiException;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;

/**
 * Sign-in and sign-out. The sign-in form is protected against login CSRF by a double-submit token
 * (a SameSite=Strict cookie that the hidden field must match). A successful sign-in starts a new
 * session (new id: no fixation) in a Secure, HttpOnly, SameSite=Strict cookie; sign-out deletes it.
 */
final class LoginPages {
    static final String LOGIN_CSRF_COOKIE = "rc_login";
    /** The known-device token ({@code AuthService.SignIn}); only exempts from others' failures, never signs in. */
    static final String DEVICE_COOKIE = "rc_device";

    private final WorkerExecutor blocking;
    private final AuthService auth;
    private final AuditLog audit;

    private final java.util.concurrent.Callable<List<Console.SignInOption>> ssoOptions;

    LoginPages(WorkerExecutor blocking, AuthService auth, AuditLog audit,
               java.util.concurrent.Callable<List<Console.SignInOption>> ssoOptions) {
        this.blocking = blocking;
        this.auth = auth;
        this.audit = audit;
        this.ssoOptions = ssoOptions;
    }

    void mount(Router router) {
        router.get("/console/login").handler(this::form);
        router.post("/console/login").handler(BodyHandler.create(false).setBodyLimit(8 * 1024));
        router.post("/console/login").handler(this::login);
        router.post("/console/logout").handler(BodyHandler.create(false).setBodyLimit(8 * 1024));
        router.post("/console/logout").handler(this::logout);
    }

    private void form(RoutingContext ctx) {
        showForm(ctx, 200, null, "");
    }

    private void showForm(RoutingContext ctx, int status, String error, String username) {
        // the single sign-on buttons come from SQL, so from a worker; without them the password form still shows
        blocking.executeBlocking(ssoOptions, false).onComplete(ar ->
                showForm(ctx, status, error, username, ar.succeeded() ? ar.result() : List.of()));
    }

    private void showForm(RoutingContext ctx, int status, String error, String username,
                          List<Console.SignInOption> sso) {
        String token = Secrets.random("");
        ctx.response().addCookie(cookie(LOGIN_CSRF_COOKIE, token).setPath("/console/login"));
        String next = safeNext(ctx.request().getParam("next"));
        String body = "<div class=\"login\"><form class=\"stack\" method=\"post\" action=\"/console/login\">"
                + (error == null ? "" : "<p class=\"error\" role=\"alert\">" + esc(error) + "</p>")
                + "<input type=\"hidden\" name=\"_csrf\" value=\"" + esc(token) + "\">"
                + "<input type=\"hidden\" name=\"next\" value=\"" + esc(next) + "\">"
                + "<label for=\"username\">Username<input id=\"username\" name=\"username\" autocomplete=\"username\" "
                + "required maxlength=\"64\" value=\"" + esc(username) + "\" autofocus></label>"
                + "<label for=\"password\">Password<input id=\"password\" name=\"password\" type=\"password\" "
                + "autocomplete=\"current-password\" required maxlength=\"256\"></label>"
                + "<button type=\"submit\">Sign in</button></form>" + ssoButtons(sso, next) + "</div>";
        ConsoleRouter.send(ctx, status, Layout.page("Sign in", null, List.of(), null, body));
    }

    /** One link a provider: a GET that starts the provider's sign-in (the SSO flow carries its own state). */
    private static String ssoButtons(List<Console.SignInOption> sso, String next) {
        if (sso.isEmpty()) {
            return "";
        }
        StringBuilder h = new StringBuilder("<div class=\"sso stack\"><p>Or sign in with your school account:</p>");
        for (Console.SignInOption o : sso) {
            h.append("<a class=\"button\" href=\"").append(esc(o.href() + "?next=" + Html.url(next))).append("\">")
                    .append(esc(o.label())).append("</a>");
        }
        return h.append("<p class=\"hint\">Passwords are for the first admin and emergencies.</p></div>").toString();
    }

    private void login(RoutingContext ctx) {
        var form = ctx.request().formAttributes();
        Cookie c = ctx.request().getCookie(LOGIN_CSRF_COOKIE);
        String username = form.get("username") == null ? "" : form.get("username");
        if (c == null || !Secrets.same(c.getValue(), form.get("_csrf"))) {
            showForm(ctx, 403, "The sign-in form expired. Please try again.", username);
            return;
        }
        String password = form.get("password");
        String address = Authenticator.address(ctx);
        Cookie device = ctx.request().getCookie(DEVICE_COOKIE);
        blocking.executeBlocking(() -> {
            AuthService.SignIn in = auth.login(username, password, address, device == null ? null : device.getValue());
            return new Object[] {in, auth.startSession(in.user())};
        }, false).onSuccess(r -> {
            AuthService.SignIn in = (AuthService.SignIn) r[0];
            User u = in.user();
            audit.record(u.principal(), "login", "/console/login", 303, address, "console");
            ctx.response().addCookie(cookie(Authenticator.SESSION_COOKIE, (String) r[1]).setPath("/"));
            // this browser signed in before: others' failures behind the same address do not hold it back
            ctx.response().addCookie(cookie(DEVICE_COOKIE, in.deviceToken()).setPath("/console/login")
                    .setMaxAge(io.rollcall.collector.auth.LoginLimiter.KNOWN_FOR.toSeconds()));
            ctx.response().removeCookie(LOGIN_CSRF_COOKIE);
            ctx.response().setStatusCode(303).putHeader("Location", safeNext(form.get("next"))).end();
        }).onFailure(e -> {
            int status = e instanceof ApiException a ? a.status() : 500;
            // folded into one row per address per minute, so a flood of guesses writes a bounded audit
            String who = "console username " + (username.length() > 64 ? username.substring(0, 64) + "…" : username);
            audit.authFailed(address, who, "POST", "/console/login");
            if (e instanceof ApiException a && a.retryAfterSeconds() > 0) {
                ctx.response().putHeader("Retry-After", Long.toString(a.retryAfterSeconds()));
            }
            showForm(ctx, status == 429 ? 429 : 401, status == 429 ? e.getMessage() : "Wrong username or password.",
                    username);
        });
    }

    private void logout(RoutingContext ctx) {
        Cookie c = ctx.request().getCookie(Authenticator.SESSION_COOKIE);
        if (c == null) {
            ctx.response().setStatusCode(303).putHeader("Location", "/console/login").end();
            return;
        }
        String csrf = ctx.request().getFormAttribute("_csrf");
        blocking.executeBlocking(() -> {
            AuthService.SessionPrincipal sp = auth.bySession(c.getValue());
            if (sp != null && Secrets.same(csrf, sp.session().csrf())) {
                auth.endSession(c.getValue());
                return sp;
            }
            return null;
        }, false).onComplete(ar -> {
            if (ar.succeeded() && ar.result() != null) {
                audit.record(ar.result().principal(), "logout", "/console/logout", 303, Authenticator.address(ctx), "console");
                ctx.response().addCookie(cookie(Authenticator.SESSION_COOKIE, "").setPath("/").setMaxAge(0));
            }
            ctx.response().setStatusCode(303).putHeader("Location", "/console/login").end();
        });
    }

    static Cookie cookie(String name, String value) {
        return Cookie.cookie(name, value).setSecure(true).setHttpOnly(true).setSameSite(CookieSameSite.STRICT);
    }

    /** Only a path inside the console: never an open redirect to another site. */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/console") || next.startsWith("//") || next.contains("\\")
                || next.length() > 200 || next.startsWith("/console/login") || next.startsWith("/console/logout")) {
            return "/console";
        }
        return next;
    }
}
