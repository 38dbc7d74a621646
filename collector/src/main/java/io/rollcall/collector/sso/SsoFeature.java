package io.rollcall.collector.sso;

import com.hazelcast.core.HazelcastInstance;
import io.rollcall.collector.auth.People;
import io.rollcall.collector.console.Console;
import io.rollcall.collector.console.ConsoleModule;
import io.rollcall.collector.console.MyDevicePage;
import io.rollcall.collector.console.SsoPages;
import io.rollcall.collector.db.Database;
import io.rollcall.collector.http.ApiModule;
import io.rollcall.collector.http.HttpVerticle;
import io.vertx.core.WorkerExecutor;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Issue 17's single sign-on and "my device", built once per node: what {@code Collector} mounts. */
public final class SsoFeature {
    /** Least time between two JWKS fetches that unknown key ids cause. */
    static final long JWKS_REFETCH_MIN_MS = 30_000;

    private final SsoService service;
    private final SsoHandlers api;
    private final SsoRoutes routes;
    private final List<ConsoleModule> pages;

    private SsoFeature(SsoService service, SsoHandlers api, SsoRoutes routes, List<ConsoleModule> pages) {
        this.service = service;
        this.api = api;
        this.routes = routes;
        this.pages = pages;
    }

    /** @param baseUrl the collector's public URL, known once it listens */
    public static SsoFeature start(Database db, HazelcastInstance hz, WorkerExecutor blocking, People people,
                                   Supplier<String> baseUrl, Clock clock) {
        SsoService service = new SsoService(new SsoStore(db), new OidcClient(JWKS_REFETCH_MIN_MS),
                hz.getMap(SsoService.PENDING), people.auth(), baseUrl, clock);
        SsoAdmin admin = new SsoAdmin(service, clock);
        OwnDevices own = new OwnDevices(db);
        List<ConsoleModule> pages = new ArrayList<>();
        pages.add(new MyDevicePage(own));
        pages.add(new SsoPages(admin, baseUrl));
        return new SsoFeature(service, new SsoHandlers(blocking, admin, own, clock), new SsoRoutes(blocking, service,
                people.audit()), pages);
    }

    public SsoService service() {
        return service;
    }

    public ApiModule api() {
        return api;
    }

    public HttpVerticle.PublicModule routes() {
        return routes;
    }

    public List<ConsoleModule> pages() {
        return pages;
    }

    /** The sign-in page's buttons: one per enabled provider. Blocking. */
    public List<Console.SignInOption> buttons() throws Exception {
        List<Console.SignInOption> out = new ArrayList<>();
        for (SsoProvider p : service.enabled()) {
            out.add(new Console.SignInOption("/console/sso/" + p.id() + "/start", p.displayName()));
        }
        return out;
    }
}
