package io.rollcall.collector.console;

import io.rollcall.collector.audit.AuditLog;
import io.rollcall.collector.auth.AuthService;
import io.rollcall.collector.http.HttpVerticle;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.ArrayList;
import java.util.List;

/**
 * The web console, served by the collector: server-rendered pages under {@code /console}, one
 * stylesheet and one small script under {@code /console/static} (from the jar; no front-end build).
 * Features add pages as {@link ConsoleModule}s; {@link #pages} lists them for the role tests.
 */
public final class Console implements HttpVerticle.PublicModule {
    private final WorkerExecutor blocking;
    private final AuthService auth;
    private final AuditLog audit;
    private final List<ConsoleModule> modules;
    private volatile List<ConsoleRouter.PageSpec> pages = List.of();
    private volatile java.util.concurrent.Callable<List<SignInOption>> signInOptions = List::of;

    /** A button on the sign-in page that starts single sign-on with a provider (issue 17). */
    public record SignInOption(String href, String label) {
    }

    /** Where the sign-in page finds its single sign-on buttons (called on a worker for every form shown). */
    public void signInOptions(java.util.concurrent.Callable<List<SignInOption>> options) {
        this.signInOptions = options;
    }

    public Console(WorkerExecutor blocking, AuthService auth, AuditLog audit, List<ConsoleModule> modules) {
        this.blocking = blocking;
        this.auth = auth;
        this.audit = audit;
        this.modules = new ArrayList<>(modules);
    }

    @Override
    public void mount(Router router) {
        router.get("/").handler(ctx -> ctx.response().setStatusCode(303).putHeader("Location", "/console").end());
        router.get("/console/static/*").handler(StaticHandler.create("console/static")
                .setCachingEnabled(false).setDirectoryListing(false).setIncludeHidden(false));
        new LoginPages(blocking, auth, audit, () -> signInOptions.call()).mount(router);
        ConsoleRouter console = new ConsoleRouter(router, blocking, auth, audit);
        for (ConsoleModule m : modules) {
            m.mount(console);
        }
        pages = console.pages();
    }

    /** Every console page and form action with its roles, as mounted. */
    public List<ConsoleRouter.PageSpec> pages() {
        return pages;
    }
}
