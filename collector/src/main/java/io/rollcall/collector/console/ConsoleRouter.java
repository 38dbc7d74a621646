package io.rollcall.collector.console;

import io.rollcall.collector.audit.AuditLog;
import io.rollcall.collector.auth.AuthService;
import io.rollcall.collector.auth.Authenticator;
import io.rollcall.collector.auth.Secrets;
import io.rollcall.collector.http.ApiException;
import io.rollcall.collector.http.Role;
import io.vertx.core.MultiMap;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's route table: pages (GET) and actions (form POSTs), each with the roles that may use
 * it, like {@code ApiRouter} for the API. Before any page code runs it checks the session (or sends
 * the browser to sign in), the role (a 403 page otherwise) and, for actions, the form's CSRF token
 * against the session's. Page code runs on the worker pool, so it may query SQL directly. Every
 * action is audited.
 */
public final class ConsoleRouter {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleRouter.class);

    /** Renders a page as HTML; runs on a worker. Throw {@link ApiException} for a 4xx page. */
    @FunctionalInterface
    public interface Page {
        String render(RoutingContext ctx, Viewer viewer) throws Exception;
    }

    /** Handles a submitted form; runs on a worker. Returns where to send the browser next (303). */
    @FunctionalInterface
    public interface Action {
        String handle(RoutingContext ctx, Viewer viewer, MultiMap form) throws Exception;
    }

    /** A console route as declared, for the role tests. */
    public record PageSpec(HttpMethod method, String path, Set<Role> roles) {
    }

    private final Router router;
    private final WorkerExecutor blocking;
    private final AuthService auth;
    private final AuditLog audit;
    private final Actors actors;
    private final List<NavItem> nav = new ArrayList<>();
    private final List<PageSpec> specs = new ArrayList<>();
    private final List<DeviceNote> deviceNotes = new ArrayList<>();

    /** A feature's few lines about one device at the top of its page (e.g. which agent reports it); "" for none. */
    @FunctionalInterface
    public interface DeviceNote {
        String html(java.util.UUID deviceId) throws Exception;
    }

    public ConsoleRouter(Router router, WorkerExecutor blocking, AuthService auth, AuditLog audit) {
        this.router = router;
        this.blocking = blocking;
        this.auth = auth;
        this.audit = audit;
        this.actors = new Actors(auth.users());
    }

    /** Where the pre-body check leaves the viewer for the form handler. */
    private static final String VIEWER = "rollcall.console.viewer";

    /** Adds a note to every device page; called by a module's {@code mount}. */
    public void deviceNote(DeviceNote note) {
        deviceNotes.add(note);
    }

    /** The notes the modules added, in mount order. */
    public List<DeviceNote> deviceNotes() {
        return List.copyOf(deviceNotes);
    }

    public Router router() {
        return router;
    }

    public AuditLog audit() {
        return audit;
    }

    /** Shows the people behind actor ids ({@code lentBy}, {@code decidedBy}, …) by name. */
    public Actors actors() {
        return actors;
    }

    /** Adds a navigation entry, shown to {@code roles} only, in the order added. */
    public void nav(String label, String path, Set<Role> roles) {
        nav.add(new NavItem(label, path, Set.copyOf(roles)));
    }

    public List<NavItem> navFor(Role role) {
        return nav.stream().filter(n -> n.roles().contains(role)).toList();
    }

    public List<PageSpec> pages() {
        return Collections.unmodifiableList(specs);
    }

    public void page(String path, Set<Role> roles, Page page) {
        specs.add(new PageSpec(HttpMethod.GET, path, Set.copyOf(roles)));
        router.get(path).handler(ctx -> withViewer(ctx, roles, viewer ->
                blocking.executeBlocking(() -> page.render(ctx, viewer), false)
                        .onSuccess(html -> {
                            if (ctx.response().getStatusCode() == 303) {
                                ctx.response().end();
                            } else {
                                send(ctx, 200, html);
                            }
                        })
                        .onFailure(e -> error(ctx, viewer, e))));
    }

    public void action(String path, Set<Role> roles, Action action) {
        action(path, roles, 64 * 1024, action);
    }

    /** An action whose form may be up to {@code bodyLimit} bytes (a pasted CSV file, say). */
    public void action(String path, Set<Role> roles, int bodyLimit, Action action) {
        post(path, roles, bodyLimit, (ctx, viewer, form) -> blocking.executeBlocking(() -> action.handle(ctx, viewer, form), false)
                .onSuccess(next -> {
                    audit.record(viewer.principal(), "POST", ctx.request().path(), 303,
                            Authenticator.address(ctx), "console");
                    ctx.response().setStatusCode(303).putHeader("Location", next).end();
                })
                .onFailure(e -> failed(ctx, viewer, e)));
    }

    /**
     * A form post that answers with a page instead of a redirect: a preview that changes nothing
     * (the staff import's dry run), or a form shown again with its errors (the page sets status 400,
     * or 303 and a Location when it worked). Checked and audited like an action.
     */
    public void formPage(String path, Set<Role> roles, int bodyLimit, FormPage page) {
        post(path, roles, bodyLimit, (ctx, viewer, form) -> blocking.executeBlocking(() -> page.render(ctx, viewer, form), false)
                .onSuccess(html -> {
                    // the page may set 400 (a form shown again with its errors) or 303 (done, go on)
                    int status = ctx.response().getStatusCode();
                    audit.record(viewer.principal(), "POST", ctx.request().path(), status,
                            Authenticator.address(ctx), "console");
                    if (status == 303) {
                        ctx.response().end();
                    } else {
                        send(ctx, status, html);
                    }
                })
                .onFailure(e -> failed(ctx, viewer, e)));
    }

    /** Renders a page from a submitted form; runs on a worker. */
    @FunctionalInterface
    public interface FormPage {
        String render(RoutingContext ctx, Viewer viewer, MultiMap form) throws Exception;
    }

    private interface Checked {
        void handle(RoutingContext ctx, Viewer viewer, MultiMap form);
    }

    private void post(String path, Set<Role> roles, int bodyLimit, Checked then) {
        specs.add(new PageSpec(HttpMethod.POST, path, Set.copyOf(roles)));
        // the session and the role are settled from the headers before the body handler reads up to bodyLimit
        // bytes: someone without a session, or with a role that may not post here, never has a form buffered
        router.post(path).handler(ctx -> withViewer(ctx, roles, false, viewer -> {
            ctx.put(VIEWER, viewer);
            ctx.next();
        }));
        router.post(path).handler(BodyHandler.create(false).setBodyLimit(bodyLimit));
        router.post(path).handler(ctx -> {
            Viewer viewer = ctx.get(VIEWER);
            MultiMap form = ctx.request().formAttributes();
            if (!Secrets.same(form.get("_csrf"), viewer.csrf())) {
                audit.record(viewer.principal(), "POST", ctx.request().path(), 403, Authenticator.address(ctx),
                        "console form without a valid CSRF token");
                send(ctx, 403, Layout.message(viewer, navFor(viewer.role()), "Form expired",
                        "This form was out of date or did not come from this console. Go back, reload the page and try again."));
                return;
            }
            then.handle(ctx, viewer, form);
        });
    }

    private void failed(RoutingContext ctx, Viewer viewer, Throwable e) {
        int status = e instanceof ApiException a ? a.status() : 500;
        audit.record(viewer.principal(), "POST", ctx.request().path(), status, Authenticator.address(ctx), "console");
        error(ctx, viewer, e);
    }

    private void withViewer(RoutingContext ctx, Set<Role> roles, java.util.function.Consumer<Viewer> then) {
        withViewer(ctx, roles, true, then);
    }

    /**
     * Finds the session's viewer on a worker while the request is paused, then runs {@code then} if the role may.
     * {@code resume} false leaves the request paused for a body handler that follows (it resumes the request
     * itself); a refused request's unread body is then dropped by the HTTP verticle, never read.
     */
    private void withViewer(RoutingContext ctx, Set<Role> roles, boolean resume,
                            java.util.function.Consumer<Viewer> then) {
        Cookie c = ctx.request().getCookie(Authenticator.SESSION_COOKIE);
        if (c == null) {
            toLogin(ctx);
            return;
        }
        ctx.request().pause();
        blocking.executeBlocking(() -> auth.bySession(c.getValue()), false).onComplete(ar -> {
            if (resume) {
                ctx.request().resume();
            }
            if (ar.failed()) {
                error(ctx, null, ar.cause());
            } else if (ar.result() == null) {
                toLogin(ctx);
            } else {
                Viewer v = new Viewer(ar.result().principal(), ar.result().session());
                if (!roles.contains(v.role())) {
                    send(ctx, 403, Layout.message(v, navFor(v.role()), "Not available to your role",
                            "Your role (" + v.role().wire() + ") cannot open this page. Use the menu to find yours."));
                } else {
                    then.accept(v);
                }
            }
        });
    }

    private static void toLogin(RoutingContext ctx) {
        String next = ctx.request().method() == HttpMethod.GET ? ctx.request().path() : "/console";
        ctx.response().setStatusCode(303).putHeader("Location", "/console/login?next=" + Html.url(next)).end();
    }

    private void error(RoutingContext ctx, Viewer v, Throwable e) {
        List<NavItem> items = v == null ? List.of() : navFor(v.role());
        if (e instanceof ApiException a) {
            send(ctx, a.status(), Layout.message(v, items, a.status() == 404 ? "Not found" : "Cannot do that", a.getMessage()));
        } else {
            String incident = UUID.randomUUID().toString();
            LOG.error("console {} {} failed, incident {}", ctx.request().method(), ctx.request().path(), incident, e);
            send(ctx, 500, Layout.message(v, items, "Something went wrong",
                    "The collector could not show this page. Incident " + incident + "."));
        }
    }

    /** Sends an HTML page with the console's security headers. */
    public static void send(RoutingContext ctx, int status, String html) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; "
                        + "frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("Referrer-Policy", "same-origin")
                .end(html);
    }
}
